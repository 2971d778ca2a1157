"""A complete `releaser cut` against local services, end to end, in a temporary folder.

    python scripts/demo_release.py [--keep]

Run it from a checkout after `pip install -e '.[test]'` (the README's first command).

It starts what the tests use: a bare git repository as `origin`, a real pypiserver
(with upload authentication) on 127.0.0.1, and the local GitHub API server checked
against GitHub's OpenAPI description. Then it writes a small sample project with a
few Conventional Commits, runs `releaser cut` (audit gate included), shows what
landed where, installs the package back from the index, and runs the cut a second
time to show that nothing is done twice. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.github_contract import GitHubContract  # noqa: E402
from tests.support.github_server import DEFAULT_TOKEN, GitHubServer  # noqa: E402
from tests.support.package_index import (  # noqa: E402
    LocalIndex,
    install_from_index,
    running_index,
)
from tests.support.sample_project import write_sample_project  # noqa: E402

REPOSITORY = "octo-org/demo"
PROJECT = "releaser-demo"


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Demo", "GIT_AUTHOR_EMAIL": "demo@example.invalid"}
    env |= {"GIT_COMMITTER_NAME": "Demo", "GIT_COMMITTER_EMAIL": "demo@example.invalid"}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed: {done.stderr}")
    return done.stdout


def make_project(where: Path) -> tuple[Path, Path]:
    """A sample project released once as v0.1.0, then a feature and a fix; and its origin."""
    origin = where / "origin.git"
    git(where, "init", "-q", "--bare", "-b", "main", str(origin))
    # flit-core builds it (releaser's own backend, so already installed): no network needed
    project = write_sample_project(where / "demo", name=PROJECT, version="0.1.0", backend="flit")
    with (project / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[tool.releaser]\nbuild-isolation = false  # no network needed\n")
    (project / ".gitignore").write_text("dist/\n", encoding="utf-8")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "chore: start the demo project")
    git(project, "tag", "-a", "v0.1.0", "-m", "Release 0.1.0")
    git(project, "remote", "add", "origin", str(origin))
    module = project / PROJECT.replace("-", "_")
    (module / "greet.py").write_text('def greet(name):\n    return f"Hello, {name}!"\n')
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "feat(greet): greet people by name (#1)")
    (module / "greet.py").write_text('def greet(name):\n    return f"Hi, {name}!"\n')
    git(project, "commit", "-q", "-am", "fix(greet): a friendlier greeting\n\nCloses #2")
    git(project, "push", "-q", "-u", "origin", "main", "v0.1.0")
    return project, origin


def step(title: str) -> None:
    print(f"\n== {title}", flush=True)


def cut(project: Path, env: dict[str, str]) -> None:
    print(f"$ releaser cut   (in {project})", flush=True)
    done = subprocess.run([sys.executable, "-m", "releaser", "cut"], cwd=project, env=env)
    if done.returncode != 0:
        raise SystemExit(f"releaser cut exited with {done.returncode}")


def check(condition: bool, what: str) -> None:
    """Stop the demo with an error when what it shows did not happen."""
    if not condition:
        raise SystemExit(f"demo failed: {what}")


def show_what_landed(where: Path, origin: Path, index: LocalIndex, github: GitHubServer) -> None:
    tags = git(origin, "tag").split()
    check("v0.2.0" in tags, f"no tag v0.2.0 on the origin (tags: {tags})")
    print(f"  tag v0.2.0 on the bare origin     git -C {origin} show --stat v0.2.0")
    (release,) = github.releases(REPOSITORY)
    assets = sorted(a["name"] for a in release["assets"])
    check(release["draft"] is False, "the GitHub release is still a draft")
    print(f"  GitHub release {release['tag_name']}, published  {release['html_url']}")
    print(f"    (held by the local API: {github.api_url}/repos/{REPOSITORY}/releases)")
    print(f"    its files: {', '.join(assets)}")
    files = sorted(index.files())
    check(len(files) == 2, f"the index should hold an sdist and a wheel, not {files}")
    print(f"  on the package index              {index.simple_url}{PROJECT}/")
    print(f"    its files: {', '.join(files)}   (in {index.package_dir})")
    version = install_from_index(index.simple_url, PROJECT, "0.2.0", where / "venv")
    module = PROJECT.replace("-", "_")
    print(
        f"  installed back from the index     {where / 'venv'}: {module}.__version__ == {version}"
    )
    check(github.violations == [], f"OpenAPI contract violations: {github.violations}")
    print("  GitHub API exchanges checked against GitHub's OpenAPI description: 0 violations")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    where = Path(tempfile.mkdtemp(prefix="releaser-demo-"))
    try:
        step("1. a sample project released once as 0.1.0, then a feat and a fix; a bare origin")
        project, origin = make_project(where)
        print(f"  project {project}\n  origin  {origin}")
        print("  " + git(project, "log", "--oneline", "--decorate").replace("\n", "\n  ").rstrip())
        with running_index(where / "index") as index, GitHubServer(GitHubContract()) as github:
            step("2. local services on 127.0.0.1")
            print(f"  package index (pypiserver, upload with a password)  {index.url}")
            print(f"  GitHub API (checked against GitHub's OpenAPI)       {github.api_url}")
            env = {
                **os.environ,
                "GITHUB_API_URL": github.api_url,
                "GH_TOKEN": DEFAULT_TOKEN,
                "GITHUB_REPOSITORY": REPOSITORY,
                "TWINE_USERNAME": index.username,
                "TWINE_PASSWORD": index.password,
                "RELEASER_REPOSITORY_URL": index.url,
                "RELEASER_GITHUB_WRITE_INTERVAL": "0",
            }
            step("3. the release: audit, stamp, changelog, build, commit, tag, push, GitHub, index")
            cut(project, env)
            step("4. what landed where")
            show_what_landed(where, origin, index, github)
            step("5. the same command again: everything is done, nothing is repeated")
            cut(project, env)
            releases = github.releases(REPOSITORY)
            check(len(releases) == 1, f"{len(releases)} GitHub releases after the second run")
            check(len(index.files()) == 2, "the second run uploaded again")
            print("  still one tag, one GitHub release and two files on the index")
    finally:
        if args.keep:
            print(f"\nkept everything in {where} (the services have stopped); remove it with")
            print(f"  rm -rf {where}")
        else:
            shutil.rmtree(where, ignore_errors=True)
            print(f"\nremoved {where}; run with --keep to look around afterwards")


if __name__ == "__main__":
    main()
