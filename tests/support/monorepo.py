"""Repositories holding several Python packages, built with real git for the monorepo tests.

`make_workspace(root)` writes a uv workspace modelled on uv's documented "flat" layout
(a virtual root whose `[tool.uv.workspace]` lists `members` globs and an `exclude`):

    uv.lock                 the workspace's lock, as uv writes it
    pyproject.toml          [tool.uv.workspace] members = ["packages/*", "cli"],
                            exclude = ["packages/scratch"]; [tool.releaser] shared defaults
    packages/acme/          library `acme`
    packages/acme-http/     library `acme-http`, depends on `acme` (a workspace source)
    packages/scratch/       excluded: not a package of the workspace
    cli/                    the command `acme-cli`, depends on `acme-http`

Every package is a buildable setuptools project whose import package carries `__version__`.
The history interleaves commits touching one, two or all packages, or none (see `HISTORY`);
tags follow the default per-package prefix, the distribution name (`acme-http-v0.3.0`).
`acme` is a prefix of the other names on purpose: its tags must never take theirs.

`make_subfolder_project(root)` is one package in `py/` with its own tag format, beside a
root pyproject.toml of something else with tags of its own: the case `--project py` reads.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

BASE_EPOCH = 1_700_000_000  # a fixed clock: stable dates in changelogs

# flit-core builds the same sdist and wheel as setuptools would, in about a fifth of the time
_PACKAGE = """\
[build-system]
requires = ["flit_core>=3.12,<5"]
build-backend = "flit_core.buildapi"

[project]
name = "{name}"
version = "{version}"
description = "{description}"
license = "MIT"
requires-python = ">=3.10"
dependencies = [{dependencies}]
{sources}"""

_ROOT = """\
[tool.uv.workspace]
members = ["packages/*", "cli"]
exclude = ["packages/scratch"]

[tool.releaser]
# shared by every package unless it says otherwise
branches = ["main"]
"""


@dataclass(frozen=True)
class PackageSpec:
    """One package of the workspace as the fixture writes it."""

    name: str
    folder: str  # relative to the repository root, forward slashes
    version: str  # the version its first tag names
    depends_on: tuple[str, ...] = ()

    @property
    def module(self) -> str:
        """The import package."""
        return self.name.replace("-", "_")

    def tag(self, version: str | None = None) -> str:
        """The tag of `version` (default: the first one) with the default prefix."""
        return f"{self.name}-v{version or self.version}"


PACKAGES = (
    PackageSpec("acme", "packages/acme", "1.0.0"),
    PackageSpec("acme-http", "packages/acme-http", "0.3.0", ("acme>=1.0",)),
    PackageSpec("acme-cli", "cli", "2.1.0", ("acme-http>=0.3",)),
)
BY_NAME = {p.name: p for p in PACKAGES}

# (message, names of the packages the commit touches; "-" a file outside every package,
# "release acme 1.0.1" stamps that version into the package and tags it).
HISTORY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("fix(acme): keep the order of config keys", ("acme",)),
    ("chore(release): acme 1.0.1", ("release acme 1.0.1",)),
    ("feat(http): retry idle connections once", ("acme-http",)),
    ("feat(acme): a timeout setting the http client shares", ("acme", "acme-http")),
    ("docs(cli): usage examples", ("acme-cli",)),
    ("ci: test every package on Python 3.13", ("-",)),
    ("fix: pin the wire format in every package", ("acme", "acme-http", "acme-cli")),
    ("test(http): cover the retry", ("acme-http",)),
)

# What `releaser next` says for each package after HISTORY: (current, next).
EXPECTED_NEXT = {
    "acme": ("1.0.1", "1.1.0"),  # a feat and a fix since acme-v1.0.1
    "acme-http": ("0.3.0", "0.4.0"),  # two feats on 0.x: minor
    "acme-cli": ("2.1.0", "2.1.1"),  # the shared fix; docs bump nothing
}


@dataclass
class Repo:
    """A repository under construction with a fixed clock; `shas` maps messages to commits."""

    root: Path
    shas: dict[str, str] = field(default_factory=dict)
    tick: int = 0
    versions: dict[str, str] = field(default_factory=dict)  # each package's, as written

    def git(self, *args: str) -> str:
        """Run git in the repository and return its output (stripped)."""
        if args[0] in ("commit", "tag"):
            self.tick += 1
        stamp = f"{BASE_EPOCH + self.tick * 86400} +0000"
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        env.update(
            GIT_AUTHOR_DATE=stamp,
            GIT_COMMITTER_DATE=stamp,
            GIT_CONFIG_NOSYSTEM="1",
            GIT_CONFIG_GLOBAL=os.devnull,
            LC_ALL="C",
        )
        done = subprocess.run(
            ["git", *args], cwd=self.root, env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
        return done.stdout.strip()

    def write(self, path: str, text: str) -> None:
        """Write a file (folders made as needed)."""
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def append(self, path: str, line: str) -> None:
        """Add a line to a file."""
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("a", encoding="utf-8") as out:
            out.write(line + "\n")

    def commit(self, message: str) -> str:
        """Commit everything written so far; returns the sha."""
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        sha = self.git("rev-parse", "HEAD")
        self.shas[message] = sha
        return sha

    def tag(self, name: str) -> None:
        """An annotated tag on HEAD."""
        self.git("tag", "-a", name, "-m", f"Release {name}")


def init_repo(root: Path, *, origin: str | None = None) -> Repo:
    """An empty repository on branch main with a local identity."""
    root.mkdir(parents=True, exist_ok=True)
    repo = Repo(root)
    repo.git("init", "-q", "-b", "main")
    for key, value in (
        ("user.name", "Releaser Test"),
        ("user.email", "rt@example.invalid"),
        ("commit.gpgsign", "false"),
        ("tag.gpgsign", "false"),
    ):
        repo.git("config", key, value)
    if origin is not None:
        repo.git("remote", "add", "origin", origin)
    return repo


def write_package(repo: Repo, spec: PackageSpec, version: str | None = None) -> None:
    """Write (or rewrite at `version`) one buildable package of the workspace."""
    version = version or spec.version
    names = [d.split(">")[0].split("=")[0].split("<")[0] for d in spec.depends_on]
    sources = ""
    if names:
        lines = "".join(f"{n} = {{ workspace = true }}\n" for n in names)
        sources = "\n[tool.uv.sources]\n" + lines
    repo.write(
        f"{spec.folder}/pyproject.toml",
        _PACKAGE.format(
            name=spec.name,
            version=version,
            description=f"The {spec.name} package of the acme workspace.",
            dependencies=", ".join(f'"{d}"' for d in spec.depends_on),
            sources=sources,
        ),
    )
    repo.write(f"{spec.folder}/LICENSE", "MIT License\n")
    repo.write(f"{spec.folder}/{spec.module}/__init__.py", f'__version__ = "{version}"\n')


def uv_lock(versions: Mapping[str, str]) -> str:
    """uv.lock as uv 0.13 writes it for this workspace (checked with `uv lock --offline`)."""
    members = "".join(f'    "{p.name}",\n' for p in sorted(PACKAGES, key=lambda p: p.name))
    text = 'version = 1\nrevision = 5\nrequires-python = ">=3.10"\n\n'
    text += f"[manifest]\nmembers = [\n{members}]\n"
    for spec in sorted(PACKAGES, key=lambda p: p.name):
        text += (
            f'\n[[package]]\nname = "{spec.name}"\nversion = "{versions[spec.name]}"\n'
            f'source = {{ editable = "{spec.folder}" }}\n'
        )
        needs = [BY_NAME[d.split(">")[0]] for d in spec.depends_on]
        if needs:
            text += "dependencies = [\n" + "".join(f'    {{ name = "{n.name}" }},\n' for n in needs)
            text += "]\n\n[package.metadata]\nrequires-dist = ["
            text += ", ".join(f'{{ name = "{n.name}", editable = "{n.folder}" }}' for n in needs)
            text += "]\n"
    return text


def make_workspace(
    root: Path,
    *,
    history: Iterable[tuple[str, tuple[str, ...]]] = HISTORY,
    origin: str | None = None,
    root_table: str = _ROOT,
    extra: Mapping[str, str] | None = None,
) -> Repo:
    """The uv workspace of the module docstring, its first tags, then `history`.

    `extra` maps more files (path -> text) into the first commit; `root_table` replaces
    the root pyproject.toml.
    """
    repo = init_repo(root, origin=origin)
    repo.write("pyproject.toml", root_table)
    repo.write("README.md", "# acme\n\nThe acme workspace.\n")
    for spec in PACKAGES:
        write_package(repo, spec)
    repo.versions = {spec.name: spec.version for spec in PACKAGES}
    repo.write("uv.lock", uv_lock(repo.versions))
    repo.write("packages/scratch/pyproject.toml", '[project]\nname = "scratch"\nversion = "0"\n')
    for path, text in (extra or {}).items():
        repo.write(path, text)
    repo.commit("build: start the acme workspace")
    for spec in PACKAGES:
        repo.tag(spec.tag())
    for message, touched in history:
        apply_commit(repo, message, touched)
    return repo


def apply_commit(repo: Repo, message: str, touched: Iterable[str]) -> str:
    """One commit of a history in the form of `HISTORY`."""
    for name in touched:
        if name.startswith("release "):
            _, package, version = name.split()
            write_package(repo, BY_NAME[package], version)
            repo.versions[package] = version
            repo.write("uv.lock", uv_lock(repo.versions))
            sha = repo.commit(message)
            repo.tag(BY_NAME[package].tag(version))
            return sha
        if name == "-":
            repo.append(".github/workflows/test.yml", f"# {message}")
        else:
            spec = BY_NAME[name]
            repo.append(f"{spec.folder}/{spec.module}/notes.txt", message)
    return repo.commit(message)


def make_subfolder_project(root: Path, *, origin: str | None = None) -> Repo:
    """One package in `py/` (tag-format "py-v{version}", released as 1.0.0, then a fix),
    beside a root pyproject.toml of another project with `v` tags of its own."""
    repo = init_repo(root, origin=origin)
    repo.write("pyproject.toml", '[project]\nname = "acme-site"\nversion = "0.0.3"\n')
    repo.write("site/index.md", "# acme\n")
    repo.commit("feat: the site")
    repo.tag("v0.0.3")
    repo.write(
        "py/pyproject.toml",
        '[project]\nname = "acme-py"\nversion = "1.0.0"\n\n'
        '[tool.releaser]\ntag-format = "py-v{version}"\n'
        'version-files = ["acme_py/__init__.py:__version__"]\n',
    )
    repo.write("py/acme_py/__init__.py", '__version__ = "1.0.0"\n')
    repo.commit("feat(py): the python client")
    repo.tag("py-v1.0.0")
    repo.append("py/acme_py/client.py", "RETRIES = 1")
    repo.commit("fix(py): retry once")
    repo.append("site/index.md", "More.")
    repo.commit("feat(site): a news page")
    return repo
