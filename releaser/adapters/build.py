"""Building distributions with `python -m build`, checking them, and checksumming them.

The build runs in a child process (build backends run arbitrary project code);
the check runs twine's library in-process with its output captured, so the
findings end up in a `BuildError` instead of on our terminal.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import logging
import subprocess  # nosec B404 # fixed argv, no shell
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from email.message import Message
from email.parser import Parser
from pathlib import Path

from releaser.adapters.child_env import without_secrets
from releaser.errors import BuildError

_TAIL_LINES = 25
# The front end runs as a script, so the backend's process holds no module of releaser
# (the project being built may be releaser itself); without the current folder on sys.path,
# as a hook process of `python -m build` has it.
_FRONTEND = Path(__file__).with_name("build_frontend.py")
_RUN_FRONTEND = (
    "import runpy, sys\n"
    "if not getattr(sys.flags, 'safe_path', False): del sys.path[0]\n"
    "sys.argv[:] = sys.argv[1:]\n"
    "runpy.run_path(sys.argv[0], run_name='__main__')\n"
)


def build_distributions(
    project_dir: Path, out_dir: Path, *, isolation: bool = True, timeout: float = 600
) -> list[Path]:
    """Build the sdist and the wheel of `project_dir` into the empty folder `out_dir`.

    Returns `[sdist, wheel]`. `out_dir` is created when missing and must be empty,
    so no stale file from an earlier build can be published by mistake.
    """
    if out_dir.exists() and any(out_dir.iterdir()):
        raise BuildError(
            f"The build output folder {out_dir} is not empty.",
            hint="Remove it or build into a fresh folder, so no stale file gets published.",
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    # As `python -m build`: the sdist, then the wheel built from it (which proves the sdist is
    # complete and leaves no build/ folder in the project); faster, see build_frontend.py.
    argv = [sys.executable, "-c", _RUN_FRONTEND, str(_FRONTEND), str(project_dir), str(out_dir)]
    if not isolation:
        argv.append("--no-isolation")
    env = without_secrets()  # the backend runs the project's own code
    try:
        proc = subprocess.run(  # nosec B603 # argv is built above, no shell
            argv,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            env=env,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise BuildError(
            f"Building the distributions of {project_dir} took longer than {timeout:g} s.",
            hint="Run `python -m build` in the project to see where it hangs.",
        ) from exc
    if proc.returncode != 0:
        raise BuildError(
            f"Building the distributions of {project_dir} failed "
            f"(the build exited with {proc.returncode}):\n{_tail(proc.stdout)}",
            hint=_build_hint(isolation),
        )
    return _collect(out_dir)


def _tail(output: str, lines: int = _TAIL_LINES) -> str:
    kept = [line for line in output.strip().splitlines() if line.strip()]
    return "\n".join(kept[-lines:])


def _build_hint(isolation: bool) -> str:
    hint = "Fix the error above (often pyproject.toml or the build backend), then run again"
    if isolation:
        return hint + "; an isolated build also needs the index to install the build backend."
    return hint + "; without isolation the build backend must be installed in this Python."


def _collect(out_dir: Path) -> list[Path]:
    sdists = sorted(out_dir.glob("*.tar.gz"))
    wheels = sorted(out_dir.glob("*.whl"))
    if len(sdists) != 1 or len(wheels) != 1:
        found = ", ".join(p.name for p in sorted(out_dir.iterdir())) or "nothing"
        raise BuildError(
            f"The build should make one sdist and one wheel in {out_dir}, but made {found}.",
            hint="Check the project's build configuration.",
        )
    return [sdists[0], wheels[0]]


@dataclass(frozen=True)
class TwineOutput:
    """What twine said while captured: its log records, and what it printed."""

    log: io.StringIO = field(default_factory=io.StringIO)
    printed: io.StringIO = field(default_factory=io.StringIO)


@contextlib.contextmanager
def captured_twine_output() -> Iterator[TwineOutput]:
    """Capture what twine logs and prints while the block runs.

    twine prints through rich's global console, which writes to the current
    `sys.stdout` (wrapped at 80 columns, so only the log is worth quoting), and
    logs to the `twine` logger; neither reaches our output.
    """
    output = TwineOutput()
    logger = logging.getLogger("twine")
    handler = logging.StreamHandler(output.log)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    saved = (logger.level, logger.propagate)
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        with contextlib.redirect_stdout(output.printed), contextlib.redirect_stderr(output.printed):
            yield output
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]


def check_distributions(paths: Sequence[Path]) -> None:
    """Check the distributions as `twine check --strict` does; raise BuildError on findings.

    Fails when the long description would not render on PyPI, or is missing.
    """
    _load_rst_renderer_when_used()
    from twine.commands.check import check  # heavy import, only when checking

    missing = [p for p in paths if not p.is_file()]
    if not paths or missing:
        raise BuildError(
            f"There is no distribution to check at {', '.join(map(str, missing)) or '(none)'}.",
            hint="Build the distributions first.",
        )
    findings: list[str] = []
    for path in paths:
        with captured_twine_output() as output:
            failed = check([str(path)], strict=True)
        if failed:
            lines = [line.rstrip() for line in output.log.getvalue().splitlines() if line.strip()]
            findings.append(f"{path.name}:\n  " + "\n  ".join(lines or ["FAILED"]))
    if findings:
        raise BuildError(
            "The distributions fail `twine check --strict`:\n" + "\n".join(findings),
            hint="Fix the README (project.readme) so it renders on PyPI, then build again.",
        )


def _load_rst_renderer_when_used() -> None:
    """twine's check imports readme_renderer's reStructuredText renderer, and with it docutils
    and Pygments (0.25 s of CPU), for every README; only a reStructuredText one is rendered
    (Markdown and plain text are not). A stand-in loads the renderer when first asked to render.
    """
    name = "readme_renderer.rst"
    if name in sys.modules:
        return
    import importlib
    import types

    import readme_renderer  # the package alone holds nothing

    stand_in = types.ModuleType(name, "readme_renderer.rst, loaded when first used")

    def render(*args: object, **kwargs: object) -> object:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        return importlib.import_module(name).render(*args, **kwargs)

    stand_in.render = render  # type: ignore[attr-defined]
    sys.modules[name] = stand_in
    readme_renderer.rst = stand_in  # as `import readme_renderer.rst` sets it


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's content, as lower-case hex."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_checksums(paths: Iterable[Path], out_dir: Path, commit: str | None = None) -> Path:
    """Write `SHA256SUMS` in `sha256sum` format (`<hex>  <name>`), sorted by name.

    With `commit`, a first comment line (`sha256sum -c` skips it) names the commit the files
    were built from, so a later run can tell whether published files belong to its release.
    """
    lines = sorted((p.name, sha256_of(p)) for p in paths)
    target = out_dir / "SHA256SUMS"
    header = f"{_BUILT_FROM}{commit}\n" if commit else ""
    text = header + "".join(f"{digest}  {name}\n" for name, digest in lines)
    target.write_text(text, encoding="utf-8")
    return target


_BUILT_FROM = "# built from commit "


def read_checksums(text: str) -> tuple[str | None, dict[str, str]]:
    """The commit a `SHA256SUMS` names (None when it names none) and its name -> hex digest."""
    commit: str | None = None
    sums: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith(_BUILT_FROM):
            commit = line.removeprefix(_BUILT_FROM).strip() or None
        elif line and not line.startswith("#"):
            digest, _, name = line.partition("  ")
            sums[name.lstrip("*")] = digest.strip().lower()
    return commit, sums


def build_commit(
    repo_root: Path,
    commit: str,
    out_dir: Path,
    *,
    isolation: bool = True,
    timeout: float = 600,
    subdir: str = "",
) -> list[Path]:
    """Build the distributions of exactly `commit`, from a clean checkout of it.

    The checkout is a throwaway clone, so untracked or ignored files of the work tree
    (a local settings file, an old build/ folder) can never end up in a distribution,
    and a version taken from git (setuptools-scm, hatch-vcs) sees the release tag.
    `subdir` is the project's folder in the repository ("" for the top folder).
    """
    with tempfile.TemporaryDirectory(prefix="releaser-build-") as scratch:
        source = Path(scratch) / "source"
        _git(
            repo_root, "clone", "--quiet", "--shared", "--no-checkout", str(repo_root), str(source)
        )
        _git(source, "checkout", "--quiet", "--detach", commit)
        project = source / subdir if subdir else source
        return build_distributions(project, out_dir, isolation=isolation, timeout=timeout)


def _git(cwd: Path, *args: str) -> None:
    argv = ["git", "-c", "core.hooksPath=/dev/null", *args]
    proc = subprocess.run(  # nosec B603 B607 # fixed argv, git from PATH as everywhere else
        argv, cwd=cwd, capture_output=True, text=True, env=without_secrets(), timeout=120,
        check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        raise BuildError(
            f"Could not check out the release commit to build it: {proc.stderr.strip()}",
            hint="Check that the repository is intact (`git fsck`).",
        )


def built_versions(paths: Iterable[Path]) -> dict[str, str]:
    """The version each distribution's metadata declares (wheel METADATA, sdist PKG-INFO)."""
    found: dict[str, str] = {}
    for path in paths:
        found[path.name] = _metadata(path).get("Version", "") or "(none)"
    return found


def _metadata(path: Path) -> Message:
    text = ""
    if path.name.endswith(".whl"):
        with zipfile.ZipFile(path) as wheel:
            name = next(
                (
                    n
                    for n in wheel.namelist()
                    if n.count("/") == 1 and n.endswith(".dist-info/METADATA")
                ),
                None,
            )
            text = wheel.read(name).decode("utf-8", "replace") if name else ""
    elif path.name.endswith(".tar.gz"):
        with tarfile.open(path) as sdist:
            member = next(
                (
                    m
                    for m in sdist.getmembers()
                    if m.name.count("/") == 1 and m.name.endswith("/PKG-INFO")
                ),
                None,
            )
            stream = sdist.extractfile(member) if member else None
            text = stream.read().decode("utf-8", "replace") if stream else ""
    return Parser().parsestr(text, headersonly=True)


_RECORD = ".built-from"


def write_build_record(out_dir: Path, commit: str, paths: Iterable[Path]) -> None:
    """Note which commit the files in `out_dir` were built from, with their hashes."""
    record = {"commit": commit, "files": {p.name: sha256_of(p) for p in paths}}
    (out_dir / _RECORD).write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


def reusable_build(out_dir: Path, commit: str) -> list[Path] | None:
    """The files built earlier from `commit`, unchanged since; None when there is no such build."""
    try:
        record = json.loads((out_dir / _RECORD).read_text(encoding="utf-8"))
        built_from, listed = record["commit"], record["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if built_from != commit or not isinstance(listed, dict) or not listed:
        return None
    files = [out_dir / name for name in sorted(listed)]
    if all(f.is_file() and sha256_of(f) == listed[f.name] for f in files):
        return files
    return None
