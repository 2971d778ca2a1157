"""bandit's default target: the package sources, found the way the build backend finds them.

The distribution name often differs from the import package (beautifulsoup4 and bs4,
releaser-cut and releaser), so the name alone is a last guess. In order:
setuptools (`packages`, `packages.find`, `py-modules`, `package-dir`), hatch's wheel
`packages`, poetry's `packages`, flit's module, the top-level names of a wheel already in
dist/, then `src/`, then a folder or module named after the distribution.
"""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Callable, Iterable, Mapping
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name

from releaser.errors import AuditToolError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_NOT_SOURCES = {"tests", "test", "docs", "doc", "build", "dist", "examples", "scripts", "bench"}


def package_source_paths(project_dir: Path) -> tuple[str, ...]:
    """The source paths bandit scans by default; AuditToolError when nothing answers."""
    data = _pyproject(project_dir)
    name = str(data.get("project", {}).get("name") or project_dir.resolve().name)
    tool = data.get("tool", {})
    finders: list[Callable[[], list[str]]] = [
        lambda: _setuptools(project_dir, tool.get("setuptools", {})),
        lambda: _hatch(tool.get("hatch", {})),
        lambda: _poetry(tool.get("poetry", {})),
        lambda: _flit(tool.get("flit", {})),
        lambda: _wheel(project_dir, name),
        lambda: ["src"],
        lambda: _module(canonicalize_name(name).replace("-", "_")),
    ]
    for finder in finders:
        found = [p for p in dict.fromkeys(finder()) if (project_dir / p).exists()]
        if found:
            return tuple(found)
    module = canonicalize_name(name).replace("-", "_")
    raise AuditToolError(
        f"cannot find the package source of {name!r}: neither the build backend's settings, "
        f"nor a wheel in dist/, nor src/ or {module}/ name it",
        hint="list the source paths in 'bandit-paths' under [tool.releaser.audit]",
    )


def _pyproject(project_dir: Path) -> dict[str, Any]:
    try:
        return tomllib.loads((project_dir / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


def _module(name: str, *roots: str) -> list[str]:
    """`name` as a package folder or a module file, under each root (default: the project)."""
    return [f"{r}/{name}".lstrip("./") + s for r in (roots or (".",)) for s in ("", ".py")]


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def _setuptools(project_dir: Path, table: Mapping[str, Any]) -> list[str]:
    dirs = table.get("package-dir", {})
    dirs = dirs if isinstance(dirs, dict) else {}
    base = str(dirs.get("", "."))
    packages = table.get("packages")
    found: list[str] = []
    if isinstance(packages, list):
        tops = dict.fromkeys(str(p).split(".")[0] for p in packages)
        found += [str(dirs.get(top, f"{base}/{top}")) for top in tops]
    elif isinstance(packages, dict) or "" in dirs:
        find = packages.get("find", {}) if isinstance(packages, dict) else {}
        found += _find(project_dir, _strings(find.get("where")) or [base], find)
    found += [f"{base}/{m}.py" for m in _strings(table.get("py-modules"))]
    return [p.removeprefix("./") for p in found]


def _find(project_dir: Path, roots: Iterable[str], find: Mapping[str, Any]) -> list[str]:
    """Top-level packages under `roots`, as setuptools' `packages.find` would list them."""
    include = _strings(find.get("include")) or ["*"]
    exclude = _strings(find.get("exclude"))
    found = []
    for root in roots:
        folder = project_dir / root
        children = sorted(folder.iterdir()) if folder.is_dir() else []
        for child in children:
            name = child.name
            if not child.is_dir() or name.startswith((".", "_")) or name in _NOT_SOURCES:
                continue
            if not any(child.glob("*.py")):
                continue
            wanted = any(fnmatch(name, p) for p in include)
            if wanted and not any(fnmatch(name, p) for p in exclude):
                found.append(f"{root}/{name}")
    return found


def _hatch(table: Mapping[str, Any]) -> list[str]:
    build = table.get("build", {})
    wheel = build.get("targets", {}).get("wheel", {}) if isinstance(build, dict) else {}
    packages = wheel.get("packages") if isinstance(wheel, dict) else None
    if packages is None and isinstance(build, dict):
        packages = build.get("packages")
    return _strings(packages)


def _poetry(table: Mapping[str, Any]) -> list[str]:
    entries = table.get("packages", [])
    found = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("include"), str):
            root = str(entry.get("from", "."))
            found.append(f"{root}/{entry['include']}".removeprefix("./"))
    return found


def _flit(table: Mapping[str, Any]) -> list[str]:
    module = table.get("module", {})
    name = module.get("name") if isinstance(module, dict) else None
    return _module(str(name), ".", "src") if isinstance(name, str) else []


def _wheel(project_dir: Path, name: str) -> list[str]:
    """The top-level names inside the newest wheel of this project in dist/."""
    prefix = canonicalize_name(name).replace("-", "_") + "-"
    wheels = [w for w in (project_dir / "dist").glob("*.whl") if w.name.lower().startswith(prefix)]
    if not wheels:
        return []
    newest = max(wheels, key=lambda w: w.stat().st_mtime)
    try:
        with zipfile.ZipFile(newest) as archive:
            names = archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return []
    tops = {n.split("/")[0] for n in names}
    tops = {t for t in tops if not t.endswith((".dist-info", ".data"))}
    return [p for top in sorted(tops) for p in _module(top.removesuffix(".py"), ".", "src")]
