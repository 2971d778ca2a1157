"""The real `releaser` command on scratch repositories: next, changelog, notes, lint."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.integration.git.githistory import History, MakeHistory, make_history


@dataclass
class Run:
    code: int
    out: str
    err: str


def releaser(cwd: Path, *args: str, stdin: str | None = None) -> Run:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GITHUB_", "RELEASER_"))
    }
    env["NO_COLOR"] = "1"
    done = subprocess.run(
        [sys.executable, "-m", "releaser", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert "Traceback" not in done.stdout, done.stdout
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def repo(tmp_path: Path) -> MakeHistory:
    def build(steps: Iterable[str], *, origin: str | None = None, name: str = "repo") -> History:
        return make_history(tmp_path / name, steps, origin=origin)

    return build


# --------------------------------------------------------------------------- next


def test_next_prints_the_next_version(repo: MakeHistory) -> None:
    h = repo(["feat: a", "tag v1.2.0", "fix: b", "feat(api): c"])
    run = releaser(h.root, "next")
    assert (run.code, run.out) == (0, "1.3.0\n")


def test_next_json(repo: MakeHistory) -> None:
    h = repo(["feat: a", "tag v1.2.0", "fix: b", "feat(api): c", "Merge-like noise", "docs: d"])
    run = releaser(h.root, "next", "--json")
    assert run.code == 0
    data = json.loads(run.out)
    assert data["version"] == "1.3.0"
    assert data["bump"] == "minor"
    assert data["commits"] == 4
    assert data["tag"] == "v1.3.0"


def test_nothing_to_release_prints_the_current_version(repo: MakeHistory) -> None:
    h = repo(["feat: a", "tag v1.2.0", "docs: only docs", "chore: tidy"])
    run = releaser(h.root, "next")
    assert run.code == 0
    assert run.out == "1.2.0\n"
    assert "nothing to release" in run.err
    data = json.loads(releaser(h.root, "next", "--json").out)
    assert data["version"] is None
    assert data["bump"] == "none"


def test_prerelease_twice_then_final(repo: MakeHistory) -> None:
    h = repo(["feat: a", "tag v1.2.0", "feat: b"])
    first = releaser(h.root, "next", "--prerelease", "rc")
    assert (first.code, first.out) == (0, "1.3.0-rc.1\n")
    assert (
        json.loads(releaser(h.root, "next", "--prerelease", "rc", "--json").out)["pep440"]
        == "1.3.0rc1"
    )
    h.tag("v1.3.0-rc.1")
    h.commit("fix: c")
    assert releaser(h.root, "next", "--prerelease", "rc").out == "1.3.0-rc.2\n"
    h.tag("v1.3.0-rc.2")
    assert releaser(h.root, "next").out == "1.3.0\n"


def test_prerelease_token_python_cannot_express_is_a_clear_error(repo: MakeHistory) -> None:
    h = repo(["feat: a"])
    run = releaser(h.root, "next", "--prerelease", "snapshot")
    assert run.code != 0
    assert "snapshot" in run.err


def test_force(repo: MakeHistory) -> None:
    h = repo(["feat: a", "tag v1.2.0", "docs: d"])
    assert releaser(h.root, "next", "--force", "major").out == "2.0.0\n"
    assert releaser(h.root, "next", "--force", "patch").out == "1.2.1\n"
    bad = releaser(h.root, "next", "--force", "huge")
    assert bad.code == 2
    assert "huge" in bad.err


def test_force_major_leaves_zero_versions(repo: MakeHistory) -> None:
    h = repo(["feat: a", "tag v0.4.0", "feat!: b"])
    assert releaser(h.root, "next").out == "0.5.0\n"  # breaking on 0.x is minor by default
    assert releaser(h.root, "next", "--force", "major").out == "1.0.0\n"


def test_tag_not_reachable_from_head_is_ignored(repo: MakeHistory) -> None:
    h = repo(
        [
            "feat: a",
            "tag v1.0.0",
            "branch side",
            "feat: side",
            "tag v5.0.0",
            "checkout main",
            "fix: b",
        ]
    )
    assert releaser(h.root, "next").out == "1.0.1\n"


def test_warning_when_pyproject_disagrees_with_the_tag(repo: MakeHistory) -> None:
    h = repo(["feat: a", "tag v1.2.0", "fix: b"])
    (h.root / "pyproject.toml").write_text('[project]\nname = "pkg"\nversion = "1.0.0"\n')
    run = releaser(h.root, "next")
    assert run.code == 0
    assert run.out == "1.2.1\n"
    assert "warning" in run.err
    assert "1.0.0" in run.err
    assert "1.2.0" in run.err
    (h.root / "pyproject.toml").write_text('[project]\nname = "pkg"\nversion = "1.2.0"\n')
    assert "warning" not in releaser(h.root, "next").err


def test_no_warning_when_pyproject_spells_the_prerelease_in_pep440(repo: MakeHistory) -> None:
    h = repo(["feat: a", "tag v1.3.0-rc.1"])
    (h.root / "pyproject.toml").write_text('[project]\nname = "pkg"\nversion = "1.3.0rc1"\n')
    assert "warning" not in releaser(h.root, "next").err


# --------------------------------------------------------------------------- changelog


HISTORY = [
    "feat: first",
    "tag v1.0.0",
    "fix(core): crash on empty input (#12)",
    "feat(api)!: new endpoint\n\nBREAKING CHANGE: the old endpoint is gone",
    "docs: hidden",
    "tag v2.0.0",
    "perf: faster",
]


def test_changelog_stdout(repo: MakeHistory) -> None:
    h = repo(HISTORY, origin="https://github.com/octo/widgets.git")
    run = releaser(h.root, "changelog", "--stdout")
    assert run.code == 0
    text = run.out
    assert "Unreleased" not in text  # a preview of the file, which lists releases only
    assert text.index("## [2.0.0]") < text.index("## [1.0.0]")
    assert "https://github.com/octo/widgets/compare/v1.0.0...v2.0.0" in text
    assert "[#12](https://github.com/octo/widgets/issues/12)" in text
    assert "**core:** crash on empty input" in text
    assert "the old endpoint is gone" in text
    assert "hidden" not in text
    assert not (h.root / "CHANGELOG.md").exists()


@pytest.mark.parametrize(
    "origin", ["git@github.com:octo/widgets.git", "ssh://git@github.com/octo/widgets"]
)
def test_changelog_links_with_ssh_remote(repo: MakeHistory, origin: str) -> None:
    h = repo(HISTORY, origin=origin)
    sha = h.sha("v2.0.0~1")
    assert (
        f"(https://github.com/octo/widgets/commit/{sha})"
        in releaser(h.root, "changelog", "--stdout").out
    )


def test_changelog_without_github_has_no_links(repo: MakeHistory, tmp_path: Path) -> None:
    h = repo(HISTORY, origin=str(tmp_path / "origin.git"))
    text = releaser(h.root, "changelog", "--stdout").out
    assert "http" not in text
    assert "](" not in text


def test_changelog_is_deterministic_across_repositories(repo: MakeHistory) -> None:
    one = repo(HISTORY, origin="https://github.com/octo/widgets.git", name="one")
    two = repo(HISTORY, origin="https://github.com/octo/widgets.git", name="two")
    assert one.sha("HEAD") == two.sha("HEAD")  # the same history
    first = releaser(one.root, "changelog", "--stdout").out
    assert releaser(two.root, "changelog", "--stdout").out == first
    assert releaser(one.root, "changelog", "--stdout").out == first


def test_changelog_file_then_update_keeps_manual_edits(repo: MakeHistory) -> None:
    h = repo(HISTORY, origin="https://github.com/octo/widgets.git")
    run = releaser(h.root, "changelog")
    assert run.code == 0
    path = h.root / "CHANGELOG.md"
    written = path.read_text()
    assert "## [2.0.0]" in written
    assert "## Unreleased" not in written
    # the maintainer edits the intro and an old entry
    edited = written.replace("All notable changes", "ALL the notable changes (edited)").replace(
        "crash on empty input", "crash on empty input, thanks @someone"
    )
    edited += "\n<!-- a footer the maintainer added -->\n"
    path.write_text(edited)
    h.tag("v2.0.1")
    update = releaser(h.root, "changelog")
    assert update.code == 0
    new = path.read_text()
    marker_end = edited.index("-->") + len("-->\n")  # the end of the marker line
    assert new.startswith(edited[:marker_end])
    assert new.endswith(edited[marker_end:])
    added = new[marker_end : len(new) - len(edited) + marker_end]
    assert "## [2.0.1](https://github.com/octo/widgets/compare/v2.0.0...v2.0.1)" in added
    assert "faster" in added
    assert "## [2.0.0]" not in added
    # running again changes nothing
    assert releaser(h.root, "changelog").code == 0
    assert path.read_text() == new


def test_update_adds_several_missing_releases_newest_first(repo: MakeHistory) -> None:
    h = repo(["feat: a", "tag v1.0.0"])
    assert releaser(h.root, "changelog").code == 0
    h.apply(["fix: b", "tag v1.0.1", "feat: c", "tag v1.1.0"])
    run = releaser(h.root, "changelog")
    assert run.code == 0
    text = (h.root / "CHANGELOG.md").read_text()
    assert text.index("## 1.1.0") < text.index("## 1.0.1") < text.index("## 1.0.0")
    assert text.count("## 1.0.0") == 1


def test_custom_template_dir(repo: MakeHistory) -> None:
    h = repo(HISTORY)
    templates = h.root / "tpl"
    templates.mkdir()
    (templates / "release.md.j2").write_text(
        "== {{ release.version or 'next' }} ==\n"
        "{% for title, entries in release.groups %}{% for e in entries %}* {{ e.description }}\n"
        "{% endfor %}{% endfor %}"
    )
    (h.root / "pyproject.toml").write_text('[tool.releaser]\ntemplate-dir = "tpl"\n')
    run = releaser(h.root, "changelog", "--stdout")
    assert run.code == 0, run.err
    assert "== 2.0.0 ==" in run.out
    assert "* new endpoint" in run.out
    assert "# Changelog" in run.out  # the built-in page template still frames it
    notes = releaser(h.root, "notes", "1.0.0")
    assert notes.out == "== 1.0.0 ==\n* first\n"


def test_changelog_lists_reverts_of_released_commits(repo: MakeHistory) -> None:
    h = repo(["feat: shiny @shiny", "tag v1.0.0", "revert shiny", "tag v1.0.1"])
    run = releaser(h.root, "changelog", "--stdout")
    assert run.code == 0, run.err
    reverts = run.out.split("### Reverts", 1)[1]
    assert "shiny" in reverts


def test_changelog_cancelled_revert_has_no_entry(repo: MakeHistory) -> None:
    h = repo(
        ["feat: a", "tag v1.0.0", "feat: shiny @shiny", "fix: keep", "revert shiny", "tag v1.0.1"]
    )
    text = releaser(h.root, "changelog", "--stdout").out
    section = text.split("## 1.0.1", 1)[1].split("## 1.0.0", 1)[0]
    assert "shiny" not in section
    assert "keep" in section


# --------------------------------------------------------------------------- notes


def test_notes_of_a_version_and_of_the_next(repo: MakeHistory) -> None:
    h = repo(HISTORY, origin="https://github.com/octo/widgets.git")
    full = releaser(h.root, "changelog", "--stdout").out
    by_version = releaser(h.root, "notes", "2.0.0")
    assert by_version.code == 0
    assert by_version.out.startswith("## [2.0.0](")
    assert by_version.out in full  # the same section, rendered by the same code
    assert releaser(h.root, "notes", "v2.0.0").out == by_version.out
    nxt = releaser(h.root, "notes")
    assert nxt.code == 0
    assert nxt.out.startswith("## [2.0.1](https://github.com/octo/widgets/compare/v2.0.0...v2.0.1)")
    assert "faster" in nxt.out
    missing = releaser(h.root, "notes", "7.0.0")
    assert missing.code != 0
    assert "7.0.0" in missing.err


def test_notes_of_a_final_release_cover_its_prereleases(repo: MakeHistory) -> None:
    h = repo(["feat: a", "tag v1.0.0", "feat: b", "tag v1.1.0-rc.1", "fix: c", "tag v1.1.0"])
    notes = releaser(h.root, "notes", "1.1.0").out
    assert "### Features" in notes, notes  # feat: b came in 1.1.0-rc.1, folded into 1.1.0
    features, fixes = notes.split("### Features", 1)[1].split("### Bug fixes", 1)
    # the descriptions of the bullets only: a bare "b" would also match a hex sha
    assert re.findall(r"^- (.+?) \(", features, re.MULTILINE) == ["b"], notes
    assert re.findall(r"^- (.+?) \(", fixes, re.MULTILINE) == ["c"], notes
    assert "rc.1" not in releaser(h.root, "changelog", "--stdout").out


# --------------------------------------------------------------------------- lint


def test_lint_message_file_with_comments_and_scissors(tmp_path: Path) -> None:
    msg = tmp_path / "COMMIT_EDITMSG"
    msg.write_text(
        "feat(cli): add lint\n\n# Please enter the commit message for your changes.\n"
        "# ------------------------ >8 ------------------------\n"
        "diff --git a/x b/x\n+garbage that is not a footer\n\nBREAKING CHANGE: in the diff only\n"
    )
    run = releaser(tmp_path, "lint", "--json", "--message-file", str(msg))
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert (data["type"], data["subject"]) == ("feat", "add lint")
    assert (data["breaking"], data["bump"]) == (False, "minor")  # nothing below the scissors


def test_lint_invalid_message_points_at_the_error(tmp_path: Path) -> None:
    msg = tmp_path / "COMMIT_EDITMSG"
    msg.write_text("feat(cli):add lint\n# comment\n")
    run = releaser(tmp_path, "lint", "--message-file", str(msg))
    assert run.code == 6
    assert "feat(cli):add lint" in run.err
    caret = next(line for line in run.err.splitlines() if line.rstrip().endswith("^"))
    source = next(line for line in run.err.splitlines() if line.endswith("feat(cli):add lint"))
    assert caret.index("^") == source.index("feat(cli):add lint") + len("feat(cli):")
    assert "feat(cli): add lint" in run.err  # the corrected example


def test_lint_empty_message_file_lets_git_abort(tmp_path: Path) -> None:
    msg = tmp_path / "COMMIT_EDITMSG"
    msg.write_text("# only comments\n\n")
    assert releaser(tmp_path, "lint", "--message-file", str(msg)).code == 0


def test_lint_stdin(tmp_path: Path) -> None:
    assert releaser(tmp_path, "lint", stdin="fix: x\r\n").code == 0
    assert releaser(tmp_path, "lint", stdin="fixed stuff").code == 6


def test_lint_json_shape(tmp_path: Path) -> None:
    run = releaser(
        tmp_path, "lint", "--json", stdin="feat(api)!: drop v1\n\nBREAKING CHANGE: gone\n"
    )
    assert run.code == 0
    data = json.loads(run.out)
    assert {"valid", "type", "scope", "subject", "breaking", "bump", "errors"} <= set(data)
    assert data["valid"] is True
    assert (data["type"], data["scope"], data["subject"]) == ("feat", "api", "drop v1")
    assert data["breaking"] is True
    assert data["bump"] == "major"
    assert data["errors"] == []
    bad = releaser(tmp_path, "lint", "--json", stdin="Feat stuff")
    assert bad.code == 6
    data = json.loads(bad.out)
    assert data["valid"] is False
    assert data["bump"] == "none"
    assert data["errors"]
    assert all("message" in e for e in data["errors"])
    lower = json.loads(
        releaser(tmp_path, "lint", "--json", stdin="fix: y\n\nbreaking change: no\n").out
    )
    assert lower["breaking"] is False


def test_lint_range_with_a_bad_commit(repo: MakeHistory) -> None:
    h = repo(["feat: base", "tag v1.0.0", "fix: good", "bad message @bad", "feat: also good"])
    run = releaser(h.root, "lint", "--from", "v1.0.0", "--to", "HEAD")
    assert run.code == 6
    assert h.shas["bad"][:7] in run.err
    assert "bad message" in run.err
    assert releaser(h.root, "lint", "--from", "v1.0.0", "--to", "HEAD~2").code == 0


def test_lint_range_flags_fixups(repo: MakeHistory) -> None:
    h = repo(["feat: base", "tag v1.0.0", "fixup! feat: base"])
    assert releaser(h.root, "lint", "--from", "v1.0.0").code == 6


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize("command", [["next"], ["changelog", "--stdout"], ["notes"]])
def test_not_a_git_repository(tmp_path: Path, command: list[str]) -> None:
    run = releaser(tmp_path, *command)
    assert run.code == 4
    assert "not inside a git repository" in run.err
    assert len([line for line in run.err.splitlines() if line.startswith("error:")]) == 1


@pytest.mark.parametrize("command", [["next"], ["changelog", "--stdout"]])
def test_no_commits(repo: MakeHistory, command: list[str]) -> None:
    h = repo([])
    run = releaser(h.root, *command)
    assert run.code == 4
    assert "no commits" in run.err


def test_bad_ref(repo: MakeHistory) -> None:
    h = repo(["feat: a"])
    run = releaser(h.root, "lint", "--from", "nope")
    assert run.code == 4
    assert "'nope'" in run.err


def test_config_errors(repo: MakeHistory) -> None:
    h = repo(["feat: a"])
    (h.root / "pyproject.toml").write_text('[tool.releaser]\ntag_format = "v{version}"\n')
    run = releaser(h.root, "next")
    assert run.code == 3
    assert "tag_format" in run.err
    assert "tag-format" in run.err
    (h.root / "pyproject.toml").write_text('[tool.releaser]\nmajor-on-zero = "yes"\n')
    run = releaser(h.root, "changelog", "--stdout")
    assert run.code == 3
    assert "major-on-zero" in run.err
    run = releaser(h.root, "lint", stdin="feat: a")
    assert run.code == 3


def test_zero_config(repo: MakeHistory) -> None:
    h = repo(["feat: a"])
    (h.root / "pyproject.toml").write_text('[project]\nname = "pkg"\nversion = "0.0.0"\n')
    run = releaser(h.root, "next")
    assert (run.code, run.out) == (0, "0.1.0\n")
    assert run.err == ""


def test_semantic_release_tag_format_is_honoured(repo: MakeHistory) -> None:
    h = repo(["feat: a", "tag rel-1.0.0", "fix: b"])
    (h.root / "pyproject.toml").write_text(
        '[tool.semantic_release]\ntag_format = "rel-{version}"\n'
    )
    run = releaser(h.root, "next", "--json")
    assert json.loads(run.out)["tag"] == "rel-1.0.1"


def test_commitizen_tag_format_is_honoured(repo: MakeHistory) -> None:
    h = repo(["feat: a", "tag 1.0.0", "feat: b"])
    (h.root / "pyproject.toml").write_text('[tool.commitizen]\nname = "cz_conventional_commits"\n')
    assert releaser(h.root, "next").out == "1.1.0\n"


@pytest.mark.parametrize(
    ("table", "name"),
    [
        ('[tool.semantic_release]\ntag_format = "v{version}"\n', "semantic_release"),
        ('[tool.commitizen]\ntag_format = "v$version"\n', "commitizen"),
    ],
)
def test_fallback_configuration_is_announced(repo: MakeHistory, table: str, name: str) -> None:
    h = repo(["feat: a", "tag v1.0.0", "fix: b"])
    (h.root / "pyproject.toml").write_text(table)
    run = releaser(h.root, "next")
    assert run.out == "1.0.1\n"
    assert name in run.err


_HEAVY = ("github", "twine", "pip_audit", "bandit", "jinja2", "git", "rich", "typer")
_PROBE = """
import sys
from releaser.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(",".join(sorted({m.split(".")[0] for m in sys.modules})))
"""


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["lint"]])
def test_start_up_does_not_import_heavy_libraries(tmp_path: Path, args: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        cwd=tmp_path,
        input="feat: x\n",
        capture_output=True,
        text=True,
        check=False,
    )
    loaded = set(done.stdout.strip().splitlines()[-1].split(","))
    assert loaded.isdisjoint(_HEAVY), loaded & set(_HEAVY)


_WITHOUT = """
import sys
for name in ("rich", "typer", "pygments", "markdown_it", "shellingham"):
    sys.modules[name] = None  # import fails: as in the hook's environment
from releaser.cli import main
main(sys.argv[1:])
"""


@pytest.mark.parametrize(
    "args",
    [
        ["next", "--json"],
        ["changelog", "--stdout"],
        ["notes"],
        ["lint", "--from", "v1.0.0", "--json"],
        ["init", "--help"],
        ["--show-completion", "bash"],
    ],
)
def test_the_read_only_commands_run_without_rich_or_typer(
    repo: MakeHistory, args: list[str]
) -> None:
    h = repo(["feat: a", "tag v1.0.0", "fix: b"])
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT, *args],
        cwd=h.root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout


def test_only_the_invoked_command_s_module_is_imported(tmp_path: Path) -> None:
    probe = _PROBE.replace(
        'print(",".join(sorted({m.split(".")[0] for m in sys.modules})))',
        'print(",".join(sorted(m for m in sys.modules if m.startswith("releaser.cli"))))',
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "lint"],
        cwd=tmp_path,
        input="feat: x\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    loaded = set(done.stdout.strip().splitlines()[-1].split(","))
    assert loaded == {
        "releaser.cli",
        "releaser.cli.app",
        "releaser.cli.lint",
        "releaser.cli.verbose",
    }
