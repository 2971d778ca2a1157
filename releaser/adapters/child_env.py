"""The environment releaser hands to programs that run the project's own code.

Build backends, the project's check commands and bandit have no business with
the publishing secrets, so those never reach them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

SECRET_ENV_VARS = frozenset(
    {
        "TWINE_PASSWORD",
        "TWINE_USERNAME",
        "PYPI_TOKEN",
        "GITHUB_TOKEN",
        "GH_TOKEN",
        # with these two, any process could mint an OIDC token for the job
        "ACTIONS_ID_TOKEN_REQUEST_TOKEN",
        "ACTIONS_ID_TOKEN_REQUEST_URL",
    }
)


def without_secrets(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """A copy of `env` (default: this process's) without the publishing secrets."""
    source = os.environ if env is None else env
    return {k: v for k, v in source.items() if k not in SECRET_ENV_VARS}
