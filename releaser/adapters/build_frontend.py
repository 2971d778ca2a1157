"""The build front end that `build.py` runs in a child process: the sdist, then the wheel from it.

It is run as a script (`python -c` + `runpy`), never imported by releaser: the backend runs
the project's code in this process, so nothing of releaser may sit in `sys.modules` (the
project may be releaser itself). It uses `build`'s library, as `python -m build` does, and
differs from it in two ways that only save time:

- without isolation, the backend's hooks run in this one process, not one new interpreter
  per hook (four setuptools start-ups for an sdist and a wheel). After each hook, the
  modules it imported from the project's own folder are forgotten, so the wheel, built
  from the extracted sdist, still proves that the sdist holds everything it needs;
- with isolation, one build environment serves the sdist and the wheel: the backend is
  installed once, and only what the wheel needs beyond it is added.

Usage: `build_frontend.py SOURCE_DIR OUT_DIR [--no-isolation]`; prints the two file names.
"""

from __future__ import annotations

import os
import runpy
import subprocess  # nosec B404 # only to raise the error build expects from a runner
import sys
import tarfile
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

import build
from build.env import DefaultIsolatedEnv


def in_process_runner(
    cmd: Sequence[str], cwd: str | None = None, extra_environ: Mapping[str, str] | None = None
) -> None:
    """A pyproject_hooks runner that runs the hook script in this interpreter.

    `cmd` is `[python, script, hook, control_dir]`; the script reads and writes its
    files in `control_dir` as it does in a child. The environment, folder, `sys.path`
    and the project's own modules are put back afterwards.
    """
    saved_env, saved_cwd, saved_argv = dict(os.environ), os.getcwd(), sys.argv
    saved_path, saved_meta = list(sys.path), list(sys.meta_path)
    os.environ.update(extra_environ or {})
    os.chdir(cwd or saved_cwd)
    sys.argv = list(cmd[1:])
    try:
        runpy.run_path(cmd[1], run_name="__main__")
    except SystemExit as exc:
        if exc.code not in (None, 0):
            raise subprocess.CalledProcessError(1, list(cmd), str(exc.code)) from exc
    finally:
        _forget_modules_under(Path(cwd or saved_cwd))
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        sys.argv, sys.path[:], sys.meta_path[:] = saved_argv, saved_path, saved_meta


def _forget_modules_under(folder: Path) -> None:
    """Drop the modules imported from `folder` (the project's code, never the backend's)."""
    root = str(folder.resolve()) + os.sep
    for name, module in list(sys.modules.items()):
        files = [getattr(module, "__file__", None), *(getattr(module, "__path__", None) or [])]
        if any(isinstance(f, str) and str(Path(f).resolve()).startswith(root) for f in files):
            del sys.modules[name]


def _extracted(sdist: Path, into: Path) -> Path:
    """Unpack the sdist into `into`; its one top folder."""
    with tarfile.open(sdist) as archive:
        archive.extractall(into, filter="data")
    (top,) = into.iterdir()
    return top


def build_in_this_process(source: Path, out: Path) -> tuple[str, str]:
    """The sdist of `source`, then the wheel of that sdist, with this Python's packages."""
    sdist = Path(_build_here(source, "sdist", out))
    with tempfile.TemporaryDirectory(prefix="releaser-sdist-") as scratch:
        wheel = _build_here(_extracted(sdist, Path(scratch)), "wheel", out)
    return sdist.name, Path(wheel).name


def _build_here(source: Path, distribution: Literal["sdist", "wheel"], out: Path) -> str:
    if "backend-path" in _build_system(source):  # an in-tree backend: a process per hook
        builder = build.ProjectBuilder(source)
    else:
        builder = build.ProjectBuilder(source, runner=in_process_runner)
    missing = builder.check_dependencies(distribution)
    if missing:
        names = sorted(" -> ".join(chain) for chain in missing)
        listed = "\n\t".join(names)
        raise build.BuildException(
            f"Missing dependencies (install them, or build isolated):\n\t{listed}"
        )
    return builder.build(distribution, out)


def _build_system(source: Path) -> dict[str, object]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        data = tomllib.loads((source / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # build itself reports a broken file
    table = data.get("build-system", {})
    return table if isinstance(table, dict) else {}


def build_isolated(source: Path, out: Path) -> tuple[str, str]:
    """The sdist, then the wheel from it, in one isolated environment made for both."""
    with DefaultIsolatedEnv() as env:
        builder = build.ProjectBuilder.from_isolated_env(env, source)
        installed = set(builder.build_system_requires)
        env.install(installed, _fresh=True)  # as `python -m build` does
        extra = builder.get_requires_for_build("sdist") - installed
        env.install(extra)
        installed |= extra
        sdist = Path(builder.build("sdist", out))
        with tempfile.TemporaryDirectory(prefix="releaser-sdist-") as scratch:
            from_sdist = build.ProjectBuilder.from_isolated_env(
                env, _extracted(sdist, Path(scratch))
            )
            env.install(set(from_sdist.build_system_requires) - installed)
            installed |= from_sdist.build_system_requires
            env.install(from_sdist.get_requires_for_build("wheel") - installed)
            wheel = from_sdist.build("wheel", out)
    return sdist.name, Path(wheel).name


def main(argv: Sequence[str]) -> int:
    source, out = Path(argv[0]).resolve(), Path(argv[1]).resolve()
    try:
        if "--no-isolation" in argv[2:]:
            names = build_in_this_process(source, out)
        else:
            names = build_isolated(source, out)
    except build.BuildBackendException as exc:
        sys.stderr.write(f"ERROR {exc}\n")
        if not isinstance(exc.exception, subprocess.CalledProcessError):
            import traceback

            traceback.print_exception(exc.exception, file=sys.stderr)
        return 1
    except build.BuildException as exc:
        sys.stderr.write(f"ERROR {exc}\n")
        return 1
    sys.stdout.write("\n".join(names) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
