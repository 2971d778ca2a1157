"""Versions on real histories: pre-releases, squash merges, tag formats, pyproject's version."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from releaser.adapters.git import GitRepository
from releaser.config import Config, load_config
from releaser.core.version import Bump
from releaser.errors import ConfigError, ExitCode, UsageError
from releaser.history.project import open_project
from releaser.history.sections import history_sections
from releaser.history.upcoming import find_next
from tests.integration.git.githistory import MakeHistory

CONFIG = Config()


def next_of(root: Path, config: Config = CONFIG, **options: object) -> str | None:
    release = find_next(GitRepository.open(root), config, **options)  # type: ignore[arg-type]
    return release.version.semver if release.version else None


# ------------------------------------------------------------- 1: squash merges keep breaking


def test_breaking_footer_under_a_repeated_squash_title_is_kept(history: MakeHistory) -> None:
    squash = (
        "feat(build): allow X (#195)\n\n* feat(build): allow X\n\nBREAKING CHANGE: old key removed"
    )
    h = history(["feat: a", "tag v1.0.0", squash])
    for mode in ("auto", "always"):
        release = find_next(GitRepository.open(h.root), Config(squash_commits=mode))
        assert release.version is not None
        assert release.version.semver == "2.0.0", mode
        (change,) = release.analysis.changes
        assert change.commit.breaking_notes == ("old key removed",)


def test_breaking_footer_after_the_last_squash_item_applies_to_the_squash(
    history: MakeHistory,
) -> None:
    squash = (
        "Rework the loader (#7)\n\n* feat(load): lazy\n\n* fix(load): typo\n\n"
        "BREAKING CHANGE: load() is async"
    )
    h = history(["feat: a", "tag v1.0.0", squash])
    assert next_of(h.root) == "2.0.0"
    (section, _) = history_sections(GitRepository.open(h.root), CONFIG, unreleased=True)
    notes = [n for c in section.analysis.changes for n in c.commit.breaking_notes]
    assert notes == ["load() is async"]  # once, not once per item


# ------------------------------------------------------------- 2: never below the current


def test_route_to_one_zero_zero_through_a_release_candidate(history: MakeHistory) -> None:
    h = history(["feat: a", "tag v0.5.0", "feat!: new api"])
    rc = find_next(GitRepository.open(h.root), CONFIG, force=Bump.MAJOR, prerelease="rc")
    assert rc.tag == "v1.0.0-rc.1"
    h.tag("v1.0.0-rc.1")
    h.commit("fix: polish")
    assert next_of(h.root) == "1.0.0"
    assert next_of(h.root, prerelease="rc") == "1.0.0-rc.2"
    h.tag("v1.0.0-rc.2")
    h.commit("feat: one more")  # a feature over 0.5.0 is 0.6.0, still below 1.0.0
    assert next_of(h.root) == "1.0.0"
    assert next_of(h.root, prerelease="rc") == "1.0.0-rc.3"


def test_a_prerelease_tag_alone_is_the_floor(history: MakeHistory) -> None:
    h = history(["chore: init", "tag v1.0.0-rc.1", "fix: b"])
    assert next_of(h.root, prerelease="rc") == "1.0.0-rc.2"
    assert next_of(h.root) == "1.0.0"


def test_changes_calling_for_more_leave_the_prerelease_chain(history: MakeHistory) -> None:
    h = history(["feat: a", "tag v1.2.0", "fix: b", "tag v1.2.1-rc.1", "feat: c"])
    assert next_of(h.root) == "1.3.0"
    assert next_of(h.root, prerelease="rc") == "1.3.0-rc.1"


def test_an_earlier_phase_than_the_current_prerelease_is_refused(history: MakeHistory) -> None:
    h = history(["feat: a", "tag v1.2.0", "feat: b", "tag v1.3.0-rc.1", "fix: c"])
    with pytest.raises(UsageError, match=r"1\.3\.0-rc\.1"):
        find_next(GitRepository.open(h.root), CONFIG, prerelease="beta")


# ------------------------------------------------------------- 3: nothing new, no new rc


def test_prerelease_with_nothing_new_is_nothing_to_release(history: MakeHistory) -> None:
    h = history(["feat: a", "tag v1.2.0", "feat: b", "tag v1.3.0-rc.1"])
    release = find_next(GitRepository.open(h.root), CONFIG, prerelease="rc")
    assert release.version is None
    assert release.current_version is not None
    assert release.current_version.semver == "1.3.0-rc.1"
    h.commit("docs: words only")
    assert next_of(h.root, prerelease="rc") is None
    assert next_of(h.root) == "1.3.0"  # the final release is still due
    h.commit("fix: real")
    assert next_of(h.root, prerelease="rc") == "1.3.0-rc.2"


# ------------------------------------------------------------- 5: tag formats, pyproject floor


def write_pyproject(root: Path, version: str, table: str = "") -> None:
    text = f'[project]\nname = "demo"\nversion = "{version}"\n{table}'
    (root / "pyproject.toml").write_text(text, encoding="utf-8")


def test_bare_version_tags_are_detected_and_said(history: MakeHistory) -> None:
    h = history(["feat: a", "tag 1.4.1", "fix: b", "tag 1.4.2", "fix: c"])
    write_pyproject(h.root, "1.4.2")
    project = open_project(h.root, load_config)
    assert project.config.tag_format == "{version}"
    assert any('tag-format = "{version}"' in n for n in project.notices)
    release = find_next(project.repo, project.config)
    assert release.tag == "1.4.3"


def test_tags_of_several_other_formats_are_refused(history: MakeHistory) -> None:
    h = history(["feat: a", "tag pkg-a-1.0.0", "fix: b", "tag release-2.0.0", "fix: c"])
    with pytest.raises(ConfigError) as caught:
        open_project(h.root, load_config)
    assert caught.value.exit_code == ExitCode.CONFIG
    text = f"{caught.value} {caught.value.hint}"
    assert "pkg-a-1.0.0" in text
    assert "release-2.0.0" in text
    assert "tag-format =" in text


def test_an_explicit_other_format_that_matches_nothing_is_refused(history: MakeHistory) -> None:
    h = history(["feat: a", "tag 1.4.2", "fix: c"])
    write_pyproject(h.root, "1.4.2", '[tool.releaser]\ntag-format = "pkg-{version}"\n')
    with pytest.raises(ConfigError, match=r"1\.4\.2"):
        open_project(h.root, load_config)


def test_pyproject_above_the_tags_is_refused(history: MakeHistory) -> None:
    h = history(["feat: a", "tag v1.4.2", "fix: c"])
    with pytest.raises(ConfigError) as caught:
        find_next(GitRepository.open(h.root), Config(project_version="2.0.0"))
    assert "2.0.0" in str(caught.value)
    assert "v1.4.2" in str(caught.value)
    # the same version, or a lower one, is fine
    assert next_of(h.root, Config(project_version="1.4.2")) == "1.4.3"
    assert next_of(h.root, Config(project_version="1.0.0")) == "1.4.3"


def test_without_tags_the_pyproject_version_is_the_floor(history: MakeHistory) -> None:
    h = history(["chore: init", "feat: first"])
    assert next_of(h.root, Config(project_version="0.0.0")) == "0.1.0"
    assert next_of(h.root, Config(project_version="0.1.0")) == "0.1.0"
    assert next_of(h.root, Config(project_version="1.4.2")) == "1.4.2"
    assert next_of(h.root, Config(project_version="1.4.2"), prerelease="rc") == "1.4.2-rc.1"
    h.commit("feat!: break")
    assert next_of(h.root, Config(project_version="1.4.2")) == "1.4.2"
    assert next_of(h.root, Config(project_version="0.3.0"), force=Bump.MAJOR) == "1.0.0"


# ------------------------------------------------------------- 6: bullets in ordinary bodies


def test_bullets_in_an_ordinary_body_are_not_changes(history: MakeHistory) -> None:
    docs = (
        "docs: explain squash merges\n\nFor example:\n\n* feat: add a thing\n* fix!: drop a thing"
    )
    h = history(["feat: a", "tag v1.0.0", docs])
    release = find_next(GitRepository.open(h.root), CONFIG)
    assert release.version is None
    assert [c.commit.header for c in release.analysis.changes] == ["docs: explain squash merges"]
    always = find_next(GitRepository.open(h.root), Config(squash_commits="always"))
    assert always.version is not None
    assert always.version.semver == "2.0.0"


def test_breaking_footer_of_a_feat_with_listed_work(history: MakeHistory) -> None:
    feat = "feat: new loader\n\n* fix: typo\n* test: add cases\n\nBREAKING CHANGE: load() is async"
    h = history(["feat: a", "tag v1.0.0", feat])
    release = find_next(GitRepository.open(h.root), CONFIG)
    (change,) = release.analysis.changes
    assert change.commit.header == "feat: new loader"
    assert change.commit.breaking_notes == ("load() is async",)


def test_never_split_keeps_a_non_conventional_squash_aside(history: MakeHistory) -> None:
    squash = "Add the exporter (#31)\n\n* feat(export): csv"
    h = history(["feat: a", "tag v1.0.0", squash])
    assert next_of(h.root) == "1.1.0"
    assert next_of(h.root, Config(squash_commits="never")) is None


def test_a_squash_pattern_marks_conventional_titles_as_squashes(history: MakeHistory) -> None:
    squash = "feat: exporter (#31)\n\n* feat(export): csv\n\n* fix(export): quoting"
    h = history(["feat: a", "tag v1.0.0", squash])
    config = Config(squash_pattern=r"\(#\d+\)$")
    release = find_next(GitRepository.open(h.root), config)
    assert sorted(c.commit.header for c in release.analysis.changes) == [
        "feat(export): csv",
        "feat: exporter (#31)",
        "fix(export): quoting",
    ]


# ------------------------------------------------------------- 14: a few git calls


def git_commands(root: Path, *args: str) -> list[str]:
    """The git commands one `releaser` run starts, from git's own trace."""
    trace = root.parent / "git-trace.txt"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "RELEASER_"))}
    env["GIT_TRACE"] = str(trace)
    done = subprocess.run(
        [sys.executable, "-m", "releaser", *args], cwd=root, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    lines = trace.read_text().splitlines()
    trace.unlink()
    return [line.split("built-in: ", 1)[1] for line in lines if "trace: built-in: git" in line]


def test_next_asks_git_a_few_times_whatever_the_number_of_tags(history: MakeHistory) -> None:
    h = history(["feat: a", "tag v1.0.0", "branch side", "feat: side @side", "checkout main"])
    script = "".join(f"reset refs/tags/v2.{n}.0\nfrom {h.shas['side']}\n\n" for n in range(300))
    subprocess.run(
        ["git", "fast-import", "--quiet"], cwd=h.root, input=script, text=True, check=True
    )
    h.commit("fix: on main")
    commands = git_commands(h.root, "next")
    about_tags = [c for c in commands if c.startswith(("git for-each-ref", "git merge-base"))]
    assert len(about_tags) <= 3, about_tags  # not one per tag
    assert len(commands) <= 8, commands


# ------------------------------------------------------------- 13: pre-releases folded or kept


def test_prereleases_are_folded_into_the_final_or_kept(history: MakeHistory) -> None:
    h = history(
        [
            "feat: a",
            "tag v1.0.0",
            "feat: b",
            "tag v1.1.0-rc.1",
            "fix: c",
            "ltag v1.1.0-rc.2",
            "fix: d",
            "tag v1.1.0",
            "feat: e",
        ]
    )
    repo = GitRepository.open(h.root)

    def shown(config: Config) -> list[tuple[str | None, str | None, list[str]]]:
        return [
            (s.version, s.previous_tag, [c.commit.description for c in s.analysis.changes])
            for s in history_sections(repo, config, unreleased=True)
        ]

    assert shown(CONFIG) == [
        (None, "v1.1.0", ["e"]),
        ("1.1.0", "v1.0.0", ["d", "c", "b"]),
        ("1.0.0", None, ["a"]),
    ]
    assert shown(Config(changelog_prereleases="keep")) == [
        (None, "v1.1.0", ["e"]),
        ("1.1.0", "v1.1.0-rc.2", ["d"]),
        ("1.1.0-rc.2", "v1.1.0-rc.1", ["c"]),
        ("1.1.0-rc.1", "v1.0.0", ["b"]),
        ("1.0.0", None, ["a"]),
    ]
    sections = history_sections(repo, CONFIG, unreleased=False, prereleases="keep")
    assert len(sections) == 4
