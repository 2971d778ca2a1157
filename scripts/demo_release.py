"""A complete `releaser cut` against local services, end to end, in a temporary folder.

    python scripts/demo_release.py [--keep]

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
from tests.support.package_index import install_from_index, running_index  # noqa: E402
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
    project = write_sample_project(where / "demo", name=PROJECT, version="0.1.0")
    with (project / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[tool.releaser]\nbuild-isolation = false  # no network needed\n")
    (project / ".gitignore").write_text("dist/\n*.egg-info/\nbuild/\n", encoding="utf-8")
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


def cut(project: Path, env: dict[str, str]) -> None:
    print(f"\n$ releaser cut   (in {project})", flush=True)
    done = subprocess.run([sys.executable, "-m", "releaser", "cut"], cwd=project, env=env)
    if done.returncode != 0:
        raise SystemExit(f"releaser cut exited with {done.returncode}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    where = Path(tempfile.mkdtemp(prefix="releaser-demo-"))
    try:
        project, origin = make_project(where)
        with running_index(where / "index") as index, GitHubServer(GitHubContract()) as github:
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
            cut(project, env)
            print("\nWhat landed where:")
            print("  tags on origin:  ", git(origin, "tag").split())
            (release,) = github.releases(REPOSITORY)
            assets = [a["name"] for a in release["assets"]]
            print(f"  GitHub release:   {release['tag_name']} draft={release['draft']} {assets}")
            print("  package index:   ", sorted(index.files()))
            version = install_from_index(index.simple_url, PROJECT, "0.2.0", where / "venv")
            print(f"  pip install {PROJECT}==0.2.0 from the index: installed {version}")
            print(f"  OpenAPI contract violations: {len(github.violations)}")
            cut(project, env)  # again: finds everything done, repeats nothing
            print(f"\nreleases on GitHub after the second run: {len(github.releases(REPOSITORY))}")
    finally:
        if args.keep:
            print(f"\nkept {where}")
        else:
            shutil.rmtree(where, ignore_errors=True)


if __name__ == "__main__":
    main()
