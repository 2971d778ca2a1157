"""Give nested environments the packages of the environment running the tests, offline.

Tests make environments of their own: the Action's job venv, pre-commit's hook env.
Offline, pip in them can install nothing from an index, so they must see the packages
of the Python running pytest, whether that is a venv or a base interpreter. They never
get the *base* interpreter's site-packages (`--system-site-packages` from a venv gives
exactly those, which may lack releaser's dependencies or hold an old setuptools).

Two ways, for the two kinds of nested environment:
- a venv the test makes gets a `.pth` file that adds the running interpreter's site
  directories (`share_with_venv`), after the venv's own, with their .pth files processed;
- an environment a tool makes (pre-commit's virtualenv) gets them through PYTHONPATH
  (`pythonpath`), the only setting that reaches it.
"""

from __future__ import annotations

import os
import site
import sys
from pathlib import Path

PTH_NAME = "_releaser_tests_running_env.pth"


def site_dirs() -> list[str]:
    """The running interpreter's site directories that exist: its own, then the user's."""
    dirs = list(site.getsitepackages())
    if site.ENABLE_USER_SITE and site.getusersitepackages():
        dirs.append(site.getusersitepackages())
    return [d for d in dict.fromkeys(dirs) if Path(d).is_dir()]


def pth_text() -> str:
    """A .pth line adding the running site directories (and processing their .pth files)."""
    return f"import site; list(map(site.addsitedir, {site_dirs()!r}))\n"


def share_with_venv(venv_dir: Path) -> Path:
    """Make the venv at `venv_dir` see the running environment's packages; return the .pth."""
    version = "{}.{}".format(*sys.version_info[:2])
    target = venv_dir / "lib" / f"python{version}" / "site-packages" / PTH_NAME
    if not target.parent.is_dir():
        raise AssertionError(f"{venv_dir} has no site-packages at {target.parent}")
    target.write_text(pth_text(), encoding="utf-8")
    return target


def pythonpath(existing: str = "") -> str:
    """PYTHONPATH giving a tool-made environment the running site directories."""
    parts = [p for p in existing.split(os.pathsep) if p] + site_dirs()
    return os.pathsep.join(dict.fromkeys(parts))
