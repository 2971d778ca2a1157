"""The real `releaser` command where it used to crash or answer wrongly: shallow clones, bad
changelog paths and files, broken templates, narrow console encodings, and `-v`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.test_cli_history import Run, releaser, repo
from tests.integration.git.githistory import MakeHistory

__all__ = ["repo"]  # the fixture, shared with the history tests

# --------------------------------------------------------------------------- shallow clones


@pytest.fixture
def shallow(repo: MakeHistory, tmp_path: Path) -> Path:
    """A `git clone --depth 1` of a repository at v1.4.0 plus a fix and a feat."""
    h = repo(["feat: a", "tag v1.4.0", "fix: b", "feat: c"])
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", h.root.as_uri(), str(clone)],
        check=True,
        capture_output=True,
    )
    return clone


@pytest.mark.parametrize(
    "command",
    [
        ["next"],
        ["next", "--json"],
        ["notes"],
        ["notes", "1.4.0"],
        ["changelog"],
        ["changelog", "--stdout"],
        ["lint", "--to", "HEAD"],
    ],
)
def test_every_history_command_refuses_a_shallow_clone(shallow: Path, command: list[str]) -> None:
    run = releaser(shallow, *command)
    assert run.code == 4, run
    assert run.out == ""
    assert "shallow clone" in run.err
    assert "fetch-depth: 0" in run.err
    assert "git fetch --unshallow" in run.err
    assert not (shallow / "CHANGELOG.md").exists()


def test_a_commit_message_is_still_linted_in_a_shallow_clone(shallow: Path) -> None:
    assert releaser(shallow, "lint", stdin="fix: x\n").code == 0


# --------------------------------------------------------------------------- changelog paths


def _config(root: Path, body: str) -> None:
    (root / "pyproject.toml").write_text(f"[tool.releaser]\n{body}\n", encoding="utf-8")


def test_changelog_in_a_missing_folder_is_created(repo: MakeHistory) -> None:
    h = repo(["feat: a", "tag v1.0.0"])
    _config(h.root, 'changelog-file = "docs/CHANGES.md"')
    run = releaser(h.root, "changelog")
    assert run.code == 0, run.err
    assert "## 1.0.0" in (h.root / "docs" / "CHANGES.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ('""', "empty"),
        ('"docs"', "folder"),
        ('"../x.md"', "outside the repository"),
        ('"/tmp/x.md"', "outside the repository"),
    ],
)
def test_bad_changelog_paths_are_configuration_errors(
    repo: MakeHistory, value: str, said: str
) -> None:
    h = repo(["feat: a", "tag v1.0.0"])
    (h.root / "docs").mkdir()
    _config(h.root, f"changelog-file = {value}")
    for command in (["changelog"], ["changelog", "--stdout"]):
        run = releaser(h.root, *command)
        assert run.code == 3, run
        assert "changelog-file" in run.err
        assert said in run.err
    assert not (h.root.parent / "x.md").exists()


def test_a_backslash_path_is_refused_with_the_slashed_spelling(repo: MakeHistory) -> None:
    h = repo(["feat: a", "tag v1.0.0"])
    _config(h.root, 'changelog-file = "docs\\\\CHANGES.md"')
    run = releaser(h.root, "changelog")
    assert run.code == 3, run
    assert 'changelog-file = "docs/CHANGES.md"' in run.err
    assert [p.name for p in h.root.iterdir() if "\\" in p.name] == []


CUT_DRY_RUN = ["cut", "--dry-run", "--no-audit", "--no-build", "--no-push", "--no-github"]


def test_a_latin1_changelog_is_refused_with_what_to_do(repo: MakeHistory) -> None:
    h = repo(["feat: a", "tag v1.0.0", "fix: b", "tag v1.0.1"])
    path = h.root / "CHANGELOG.md"
    path.write_bytes(b"# Changelog\n\n<!-- releaser: insert releases below -->\n\nCaf\xe9\n")
    h.git("add", "CHANGELOG.md")
    h.commit("fix: c")
    for command in (["changelog"], ["changelog", "--stdout"], [*CUT_DRY_RUN, "--no-publish"]):
        run = releaser(h.root, *command)
        assert run.code == 4, run
        assert "CHANGELOG.md" in run.err
        assert "UTF-8" in run.err
    assert path.read_bytes().endswith(b"Caf\xe9\n")


# --------------------------------------------------------------------------- templates


@pytest.mark.parametrize(
    ("template", "said"),
    [
        ("## {{ release.version }}\n{% for x in release.groups %}\n", "release.md.j2, line 2"),
        ("## {{ release.version }}\n\n{{ release.nonexistent }}\n", "release.md.j2, line 3"),
        ("## {{ release.version }}\n{{ no_such_variable }}\n", "release.md.j2, line 2"),
    ],
)
def test_a_broken_template_is_a_configuration_error_naming_file_and_line(
    repo: MakeHistory, template: str, said: str
) -> None:
    h = repo(["feat: a", "tag v1.0.0", "fix: b"])
    (h.root / "tpl").mkdir()
    (h.root / "tpl" / "release.md.j2").write_text(template, encoding="utf-8")
    _config(h.root, 'template-dir = "tpl"')
    for command in (["notes"], ["changelog"]):
        run = releaser(h.root, *command)
        assert run.code == 3, run
        assert said in run.err
        assert "tpl" in run.err


# --------------------------------------------------------------------------- console encodings


def _narrow(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_", "RELEASER_"))
    }
    env["PYTHONIOENCODING"] = "cp1252"
    return subprocess.run(
        [sys.executable, "-m", "releaser", *args], cwd=cwd, env=env, capture_output=True, timeout=60
    )


@pytest.mark.parametrize(
    "command",
    [
        ["notes"],
        ["notes", "1.0.0"],
        ["changelog", "--stdout"],
        ["lint", "--to", "HEAD"],
        [*CUT_DRY_RUN, "--no-publish"],
    ],
)
def test_a_cp1252_console_gets_the_notes(repo: MakeHistory, command: list[str]) -> None:
    h = repo(["feat: sparkles \u2728 and caf\u00e9", "tag v1.0.0", "fix: more \u2728 caf\u00e9"])
    done = _narrow(h.root, *command)
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    if command[0] != "lint":
        assert b"caf\xe9" in done.stdout  # what cp1252 can say, it says


# --------------------------------------------------------------------------- -v / --verbose


@pytest.mark.parametrize(
    "command", [["next"], ["changelog"], ["notes"], ["lint"], ["audit"], ["cut"], ["init"]]
)
def test_every_command_has_verbose(tmp_path: Path, command: list[str]) -> None:
    run = releaser(tmp_path, *command, "--help")
    assert run.code == 0
    assert "--verbose" in run.out
    assert "-v" in run.out


@pytest.mark.parametrize(
    "command", [["next", "-v"], ["notes", "--verbose"], ["-v", "changelog", "--stdout"]]
)
def test_verbose_shows_the_git_commands_run(repo: MakeHistory, command: list[str]) -> None:
    h = repo(["feat: a", "tag v1.0.0", "fix: b"])
    run = releaser(h.root, *command)
    assert run.code == 0, run.err
    assert "git rev-parse" in run.err
    assert "git log" in run.err
    assert "rev-parse" not in run.out
    quiet = releaser(h.root, *[a for a in command if a not in ("-v", "--verbose")])
    assert "git " not in quiet.err


def test_verbose_shows_the_traceback_of_an_error(repo: MakeHistory) -> None:
    h = repo(["feat: a"])
    _config(h.root, "major-on-zero = 3")
    quiet = releaser(h.root, "next")
    assert quiet.code == 3
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "RELEASER_"))}
    done = subprocess.run(
        [sys.executable, "-m", "releaser", "next", "-v"],
        cwd=h.root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    loud = Run(done.returncode, done.stdout, done.stderr)
    assert loud.code == 3
    assert "Traceback" in loud.err
    assert "major-on-zero" in loud.err.splitlines()[-2] + loud.err.splitlines()[-1]


def test_cut_names_a_broken_template_and_a_bad_changelog_path(repo: MakeHistory) -> None:
    h = repo(["feat: a", "tag v1.0.0"])
    (h.root / "tpl").mkdir()
    (h.root / "tpl" / "release.md.j2").write_text("## {{ release.version }\n", encoding="utf-8")
    _config(h.root, 'template-dir = "tpl"')
    h.git("add", "-A")
    h.commit("fix: b")
    run = releaser(h.root, *CUT_DRY_RUN, "--no-publish")
    assert run.code == 3, run
    assert "tpl/release.md.j2, line 1" in run.err
    _config(h.root, 'changelog-file = "../CHANGES.md"')
    h.git("add", "-A")
    h.commit("fix: c")
    run = releaser(h.root, *CUT_DRY_RUN, "--no-publish")
    assert run.code == 3, run
    assert "outside the repository" in run.err


def test_cut_verbose_shows_the_git_commands_of_both_readers_and_writers(repo: MakeHistory) -> None:
    h = repo(["feat: a", "tag v1.0.0", "fix: b"])
    run = releaser(h.root, *CUT_DRY_RUN, "--no-publish", "-v")
    assert run.code == 0, run.err
    shown = [line for line in run.err.splitlines() if line.startswith("+ git ")]
    assert any(line.startswith("+ git log") for line in shown)  # the history service
    assert any(line.startswith("+ git --no-optional-locks status") for line in shown)  # clean?
    quiet = releaser(h.root, *CUT_DRY_RUN, "--no-publish")
    assert not [line for line in quiet.err.splitlines() if line.startswith("+ git")]
