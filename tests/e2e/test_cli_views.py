"""The real `releaser` command's read-only views: notes of any version, lint edge cases,
`changelog --stdout` as a preview, and the JSON outputs' contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.e2e.test_cli_history import HISTORY, releaser, repo
from tests.integration.git.githistory import MakeHistory

__all__ = ["repo"]  # the fixture, shared with the history tests

PRE = ["feat: a", "tag v1.0.0", "feat: b", "tag v1.1.0b1", "fix: c", "tag v1.1.0", "feat: d"]

# --------------------------------------------------------------------------- notes


@pytest.mark.parametrize("asked", ["1.1.0b1", "v1.1.0b1", "1.1.0-beta.1"])
def test_notes_of_a_prerelease_folded_into_a_final(repo: MakeHistory, asked: str) -> None:
    h = repo(PRE)
    run = releaser(h.root, "notes", asked)
    assert run.code == 0, run.err
    assert run.out.startswith("## 1.1.0-beta.1")
    assert "- b (" in run.out
    assert "- c (" not in run.out
    assert "- d (" not in run.out


def test_notes_of_the_next_version_are_the_unreleased_notes(repo: MakeHistory) -> None:
    h = repo(PRE)
    upcoming = releaser(h.root, "next").out.strip()
    assert upcoming == "1.2.0"
    default = releaser(h.root, "notes")
    for asked in (upcoming, f"v{upcoming}"):
        run = releaser(h.root, "notes", asked)
        assert run.code == 0, run.err
        assert run.out == default.out
    assert "- d (" in default.out


def test_notes_of_an_unknown_version_is_refused_with_a_real_example(repo: MakeHistory) -> None:
    h = repo(PRE)
    for asked in ("9.9.9", "garbage"):
        run = releaser(h.root, "notes", asked)
        assert run.code == 4, run
        assert asked in run.err
        assert "releaser notes 1.1.0" in run.err  # the newest release, not a made-up one


def test_notes_with_nothing_to_release_exits_0(repo: MakeHistory) -> None:
    h = repo(["feat: a", "tag v1.3.0", "docs: d"])
    run = releaser(h.root, "notes")
    assert (run.code, run.out) == (0, "")
    assert "nothing to release" in run.err
    assert "releaser notes 1.3.0" in run.err
    assert "1.2.0" not in run.err


def test_notes_with_no_release_at_all_gives_no_made_up_example(repo: MakeHistory) -> None:
    h = repo(["docs: d"])
    run = releaser(h.root, "notes")
    assert run.code == 0
    assert "nothing to release" in run.err
    assert "releaser notes 1.2.0" not in run.err


# --------------------------------------------------------------------------- lint


def test_lint_range_json_names_each_commit(repo: MakeHistory) -> None:
    h = repo(["feat: base", "tag v1.0.0", "fix: good @good", "bad message @bad"])
    run = releaser(h.root, "lint", "--from", "v1.0.0", "--to", "HEAD", "--json")
    assert run.code == 6
    objects = [json.loads(line) for line in run.out.splitlines()]
    assert [(o["sha"], o["valid"]) for o in objects] == [
        (h.shas["bad"], False),
        (h.shas["good"], True),
    ]


@pytest.mark.parametrize(("start", "end"), [("HEAD", "HEAD"), ("HEAD", "HEAD~2")])
def test_lint_empty_or_reversed_range_says_so(repo: MakeHistory, start: str, end: str) -> None:
    h = repo(["feat: a", "fix: b", "fix: c"])
    run = releaser(h.root, "lint", "--from", start, "--to", end)
    assert run.code == 0
    assert "no commits found" in run.err
    assert start in run.err
    assert end in run.err


@pytest.mark.parametrize("char", [";", "auto"])
def test_lint_honours_core_comment_char(repo: MakeHistory, char: str) -> None:
    h = repo(["feat: a"])
    h.git("config", "core.commentChar", char)
    message = (
        "; Please enter the commit message for your changes. Lines starting\n"
        "; with ';' will be ignored.\n"
        "feat: a change\n\n#123 is the issue this closes\n"
    )
    path = h.root / ".git" / "COMMIT_EDITMSG"
    path.write_text(message, encoding="utf-8")
    run = releaser(h.root, "lint", "--message-file", str(path))
    assert run.code == 0, run.err
    assert releaser(h.root, "lint", stdin=message).code == 0


def test_lint_empty_description(tmp_path: Path) -> None:
    run = releaser(tmp_path, "lint", stdin="feat: \n")
    assert run.code == 6
    assert "description" in run.err
    assert "a space must follow" not in run.err
    assert "chore: feat:" not in run.err
    assert "feat: describe the change" in run.err


def test_lint_wip_suggestion(tmp_path: Path) -> None:
    run = releaser(tmp_path, "lint", stdin="WIP\n")
    assert run.code == 6
    assert "wIP" not in run.err
    assert "chore: WIP" in run.err


def test_lint_does_not_echo_a_huge_header(tmp_path: Path) -> None:
    run = releaser(tmp_path, "lint", stdin="feat: " + "x" * 100_000 + "\n")
    assert run.code == 6
    assert len(run.err) < 2_000
    data = json.loads(releaser(tmp_path, "lint", "--json", stdin="y" * 100_000).out)
    assert len(json.dumps(data)) < 2_000


@pytest.mark.parametrize("text", ["", "\n", "# only a comment\n"])
def test_lint_empty_message_passes_on_stdin_as_in_a_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "MSG"
    path.write_text(text, encoding="utf-8")
    assert releaser(tmp_path, "lint", "--message-file", str(path)).code == 0
    assert releaser(tmp_path, "lint", stdin=text).code == 0


# --------------------------------------------------------------------------- changelog --stdout


def test_changelog_stdout_is_exactly_what_the_write_produces(repo: MakeHistory) -> None:
    h = repo(HISTORY, origin="https://github.com/octo/widgets.git")
    first = releaser(h.root, "changelog", "--stdout")
    assert first.code == 0
    assert "Unreleased" not in first.out
    assert releaser(h.root, "changelog").code == 0
    path = h.root / "CHANGELOG.md"
    assert path.read_text(encoding="utf-8") == first.out
    path.write_text(first.out.replace("All notable", "EDITED: all notable"), encoding="utf-8")
    h.tag("v2.0.1")
    preview = releaser(h.root, "changelog", "--stdout")
    assert "EDITED" in preview.out
    before = path.read_text(encoding="utf-8")
    assert preview.out != before
    assert releaser(h.root, "changelog").code == 0
    assert path.read_text(encoding="utf-8") == preview.out
    full = releaser(h.root, "changelog", "--full", "--stdout")
    assert "EDITED" not in full.out
    assert "## [2.0.1]" in full.out
    assert path.read_text(encoding="utf-8") == preview.out  # --stdout never writes
    assert releaser(h.root, "changelog", "--full").code == 0
    assert path.read_text(encoding="utf-8") == full.out


# --------------------------------------------------------------------------- JSON outputs


def test_next_json_names_fields_for_what_they_mean(repo: MakeHistory) -> None:
    h = repo(["feat: a", "tag v1.2.0", "fix: b"])
    data = json.loads(releaser(h.root, "next", "--json").out)
    assert data["schema"] == 1
    assert data["release_due"] is True
    assert "released" not in data
    h.tag("v1.2.1")
    data = json.loads(releaser(h.root, "next", "--json").out)
    assert data["release_due"] is False
    assert data["version"] is None
    assert data["current"] == "1.2.1"


def test_every_json_output_has_a_schema_version(repo: MakeHistory) -> None:
    h = repo(["feat: a", "tag v1.2.0", "fix: b"])
    lint = releaser(h.root, "lint", "--json", stdin="fix: x\n")
    assert json.loads(lint.out)["schema"] == 1
    ranged = releaser(h.root, "lint", "--json", "--from", "v1.2.0")
    assert [json.loads(line)["schema"] for line in ranged.out.splitlines()] == [1]


def test_cut_json_says_what_happened(repo: MakeHistory) -> None:
    h = repo(["feat: a", "tag v1.2.0", "fix: b"])
    args = ["cut", "--dry-run", "--json", "--no-audit", "--no-build", "--no-push", "--no-github"]
    dry = json.loads(releaser(h.root, *args, "--no-publish").out)
    assert dry["schema"] == 1
    assert (dry["dry_run"], dry["released"], dry["release_due"]) == (True, False, True)
    assert dry["version"] == "1.2.1"
    h.tag("v1.2.1")
    idle = json.loads(releaser(h.root, *args, "--no-publish").out)
    assert (idle["schema"], idle["released"], idle["release_due"]) == (1, False, False)


def test_cut_json_log_events_carry_the_schema(repo: MakeHistory) -> None:
    h = repo(["feat: a", "tag v1.2.0", "fix: b"])
    args = ["cut", "--dry-run", "--log-format", "json", "--no-audit", "--no-build", "--no-push"]
    run = releaser(h.root, *args, "--no-github", "--no-publish")
    events = [json.loads(line) for line in run.err.splitlines() if line.startswith("{")]
    assert events
    assert {e["schema"] for e in events} == {1}
