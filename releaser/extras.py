"""The release toolchain is an extra: `cut` and `audit` check for it before anything else.

The base install (what pre-commit puts in the hook's environment) has none of it.
"""

from __future__ import annotations

import importlib.util

from releaser.errors import RefusedError

RELEASE_EXTRA = "releaser-cut[release]"
# import name -> distribution, for every module of the `release` extra a command needs
_RELEASE = {
    "github": "PyGithub",
    "twine": "twine",
    "requests": "requests",
    "build": "build",
    "pip_audit": "pip-audit",
    "bandit": "bandit",
    "rich": "rich",
}
AUDIT_MODULES = ("pip_audit", "bandit", "rich")
CUT_MODULES = tuple(_RELEASE)


def require_release_tools(command: str, modules: tuple[str, ...]) -> None:
    """RefusedError (exit 4) naming what to install when a module of `modules` is missing."""
    missing = [_RELEASE[m] for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        raise RefusedError(
            f"`releaser {command}` needs the release tools; {', '.join(missing)} {verb} not "
            "installed",
            hint=f"pip install '{RELEASE_EXTRA}' (the base install is the commit-msg hook's)",
        )
