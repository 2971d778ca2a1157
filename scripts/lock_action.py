"""The Action's lock: every package of `releaser-cut[release,attestations]`, with hashes.

    python scripts/lock_action.py          # write action/requirements.lock (needs uv and PyPI)
    python scripts/lock_action.py --check  # offline: is the lock current and complete? (CI)
    python scripts/lock_action.py --download DIR  # this machine's locked files, hash-checked

`--download` fetches, once, the files the Action's install step would take on this machine
(pip verifies every hash); tests/e2e/action/cold_cache then runs that step offline from them.

action.yml installs from this file with `pip --require-hashes`, so a release job never
resolves new versions of its own tools. The lock is universal (every platform and Python
from 3.10 on) and includes the build backend ([build-system] requires), which the Action
builds releaser with. Its first line records a digest of the dependency lists it was made
from; `--check` fails when pyproject.toml changed since, or when a requirement is missing,
unpinned or unhashed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "action" / "requirements.lock"
WHEELHOUSE_STAMP = "lock-digest.txt"  # in a --download folder: the lock it was made from
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^ ;\\]+)")

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def inputs() -> list[str]:
    """The requirements the lock must satisfy: base, the two extras, the build backend."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    return [
        *project["dependencies"],
        *project["optional-dependencies"]["release"],
        *project["optional-dependencies"]["attestations"],  # signing with trusted publishing
        *pyproject["build-system"]["requires"],  # the install step builds with no isolation
    ]


def digest() -> str:
    """A digest of the inputs, recorded in the lock's first line."""
    return hashlib.sha256(json.dumps(sorted(inputs())).encode()).hexdigest()[:16]


def write() -> int:
    """Resolve with uv and write the lock."""
    uv = shutil.which("uv")
    if uv is None:
        print("lock_action: uv is needed to write the lock: pip install uv", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "requirements.in"
        source.write_text("\n".join(inputs()) + "\n", encoding="utf-8")
        done = subprocess.run(
            [uv, "pip", "compile", str(source), "--universal", "--generate-hashes",
             "--python-version", "3.10", "--no-header", "--quiet", "--no-annotate"],
            capture_output=True, text=True, check=False, timeout=600,
        )  # fmt: skip
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        return 1
    header = (
        f"# inputs: {digest()}\n"
        "# The Action installs exactly these (pip --require-hashes). Do not edit by hand:\n"
        "# python scripts/lock_action.py writes it, --check tests it (CI).\n"
    )
    LOCK.parent.mkdir(exist_ok=True)
    LOCK.write_text(header + done.stdout, encoding="utf-8")
    print(f"wrote {LOCK.relative_to(ROOT)}: {len(pins(done.stdout))} pins")
    return 0


def pins(text: str) -> dict[str, list[str]]:
    """Pinned versions by canonical name (several when markers split a package)."""
    found: dict[str, list[str]] = {}
    for match in (_PIN.match(line) for line in text.splitlines()):
        if match:
            found.setdefault(canonicalize_name(match[1]), []).append(match[2])
    return found


def problems(text: str) -> list[str]:
    """Why `text` is not a current, complete, hash-pinned lock of `inputs()`."""
    found = []
    first = text.splitlines()[0] if text else ""
    if first != f"# inputs: {digest()}":
        found.append("pyproject.toml's dependencies changed since the lock was written")
    pinned = pins(text)
    for line in inputs():
        requirement = Requirement(line)
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        versions = pinned.get(canonicalize_name(requirement.name), [])
        if not any(requirement.specifier.contains(v, prereleases=True) for v in versions):
            found.append(f"{line}: not pinned to a matching version ({versions or 'absent'})")
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    unhashed = [b.split()[0] for b in blocks if _PIN.match(b) and "--hash=sha256:" not in b]
    found += [f"{name}: no hash" for name in unhashed]
    return found


def check() -> int:
    """Exit 1 with the reasons when the lock is stale or incomplete."""
    text = LOCK.read_text(encoding="utf-8") if LOCK.exists() else ""
    found = problems(text) if text else [f"{LOCK.relative_to(ROOT)} is missing"]
    for problem in found:
        print(f"lock_action: {problem}", file=sys.stderr)
    if found:
        print(
            "lock_action: run `python scripts/lock_action.py` and commit the lock", file=sys.stderr
        )
        return 1
    print(f"{LOCK.relative_to(ROOT)}: current, {len(pins(text))} packages, all hash-pinned")
    return 0


def download(folder: Path) -> int:
    """Download the locked files for this platform into `folder`, checking their hashes."""
    if check() != 0:
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
         "--require-hashes", "--no-deps", "-r", str(LOCK), "-d", str(folder)],
        check=False, timeout=1800,
    )  # fmt: skip
    if done.returncode != 0:
        return 1
    # which lock these files are for: the cold-cache test skips a folder made for another one
    (folder / WHEELHOUSE_STAMP).write_text(lock_digest() + "\n", encoding="utf-8")
    print(f"{folder}: {len(list(folder.glob('*.whl')))} wheels of the lock")
    return 0


def lock_digest() -> str:
    """A digest of the lock file's bytes."""
    return hashlib.sha256(LOCK.read_bytes()).hexdigest()[:16]


def main() -> int:
    """Write the lock, check it, or download its files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="check the lock (offline)")
    parser.add_argument("--download", type=Path, metavar="DIR", help="fetch the locked files")
    args = parser.parse_args()
    if args.download is not None:
        return download(args.download)
    return check() if args.check else write()


if __name__ == "__main__":
    sys.exit(main())
