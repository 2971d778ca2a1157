"""The environment releaser hands to programs that run the project's own code.

Build backends, the project's check commands, bandit, git and the project's git
hooks have no business with the publishing secrets, so those never reach them.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping

SECRET_ENV_VARS = frozenset(
    {
        "TWINE_PASSWORD",
        "TWINE_USERNAME",
        "PYPI_TOKEN",
        "RELEASER_STAGE_PASSWORD",  # the staging index's token
        "GITHUB_TOKEN",
        "GH_TOKEN",
        # with these two, any process could mint an OIDC token for the job
        "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
        "ACTIONS_ID_TOKEN_REQUEST_URL",
        # GitLab CI's OIDC tokens for PyPI, TestPyPI and Sigstore (`id_tokens:`)
        "PYPI_ID_TOKEN",
        "TESTPYPI_ID_TOKEN",
        "SIGSTORE_ID_TOKEN",
    }
)


def without_secrets(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """A copy of `env` (default: this process's) without the publishing secrets."""
    source = os.environ if env is None else env
    return {k: v for k, v in source.items() if k not in SECRET_ENV_VARS}


@contextlib.contextmanager
def secrets_hidden() -> Iterator[None]:
    """Take the publishing secrets out of this process's environment for a while.

    Every child started meanwhile (git, the project's git hooks) inherits
    an environment without them; code that needs a secret reads it from the mapping it was
    handed before. They are put back afterwards.
    """
    saved = {name: os.environ.pop(name) for name in SECRET_ENV_VARS if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)
