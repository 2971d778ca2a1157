"""Projects set up for commitizen or python-semantic-release: releaser gives what that tool gives.

Each fixture is a real git repository with the other tool's configuration; the expected
versions, tags and sections are those the other tool's documentation states. Where
commitizen is installed, its own answer is compared directly.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CZ_TOML = """\
[tool.commitizen]
name = "cz_conventional_commits"
version = "{version}"
tag_format = "$version"
"""

POETRY = """\
[tool.poetry]
name = "poems"
version = "{version}"

[tool.semantic_release]
allow_zero_version = true
version_toml = ["pyproject.toml:tool.poetry.version"]
version_variables = ["requirements.txt:poems:nf"]
"""


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True, timeout=30
    )
    return done.stdout


def repository(tmp_path: Path, files: dict[str, str], tags: dict[str, list[str]]) -> Path:
    """A repository: `files` first, then per tag its commit subjects and the tag (``""``: none)."""
    root = tmp_path / "project"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    # a project is a folder with pyproject.toml, even when .cz.toml holds the settings
    files = {"pyproject.toml": '[project]\nname = "p"\ndynamic = ["version"]\n', **files}
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "chore: start")
    for tag, subjects in tags.items():
        for subject in subjects:
            git(root, "commit", "-q", "--allow-empty", "-m", subject)
        if tag:
            git(root, "tag", "-a", tag, "-m", tag)
    return root


def releaser(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "releaser", *args, "--project", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def next_json(root: Path, *args: str) -> dict[str, object]:
    done = releaser(root, "next", "--json", *args)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert isinstance(result, dict)
    return result


def test_cz_toml_project_leaves_zero_on_a_breaking_change(tmp_path: Path) -> None:
    root = repository(
        tmp_path,
        {".cz.toml": CZ_TOML.format(version="0.5.0")},
        {"0.5.0": ["feat: first"], "": ["feat!: drop the old API"]},
    )
    found = next_json(root)
    assert (found["current_tag"], found["version"], found["tag"]) == ("0.5.0", "1.0.0", "1.0.0")


def test_commitizen_pre_releases_use_its_spelling_and_offset(tmp_path: Path) -> None:
    root = repository(
        tmp_path,
        {".cz.toml": CZ_TOML.format(version="1.1.0")},
        {"1.1.0": ["fix: one"], "": ["feat: two"]},
    )
    assert next_json(root, "--prerelease", "rc")["tag"] == "1.2.0rc0"
    git(root, "tag", "-a", "1.2.0rc0", "-m", "rc0")
    git(root, "commit", "-q", "--allow-empty", "-m", "fix: three")
    found = next_json(root, "--prerelease", "rc")
    assert found["tag"] == "1.2.0rc1"  # the 1.2.0rc0 tag is read as 1.2.0-rc.0
    assert next_json(root)["tag"] == "1.2.0"


def test_commitizen_changelog_sections(tmp_path: Path) -> None:
    root = repository(
        tmp_path,
        {".cz.toml": CZ_TOML.format(version="1.0.0")},
        {"1.0.0": ["fix: a", "refactor: b", "perf: c", "feat: d", "docs: e"]},
    )
    done = releaser(root, "changelog", "--stdout")
    assert done.returncode == 0, done.stderr
    headings = [line for line in done.stdout.splitlines() if line.startswith("### ")]
    assert headings == ["### Feat", "### Fix", "### Refactor", "### Perf"]  # no docs


@pytest.mark.skipif(
    shutil.which("cz") is None,
    reason="commitizen is not installed: `pip install -e .[test]` installs the pinned version",
)
@pytest.mark.parametrize(
    ("subjects", "args"),
    [
        (["refactor: a patch for commitizen"], ()),
        (["fix: one", "feat!: breaking"], ("--prerelease", "rc")),
    ],
)
def test_next_agrees_with_cz_bump_get_next(
    tmp_path: Path, subjects: list[str], args: tuple[str, ...]
) -> None:
    root = repository(
        tmp_path, {".cz.toml": CZ_TOML.format(version="0.5.0")}, {"0.5.0": [], "": subjects}
    )
    cz = subprocess.run(
        ["cz", "bump", "--get-next", "--yes", *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert cz.returncode == 0, cz.stderr + cz.stdout
    assert next_json(root, *args)["tag"] == cz.stdout.strip()


def test_semantic_release_first_release_is_1_0_0(tmp_path: Path) -> None:
    root = repository(tmp_path, {"pyproject.toml": "[tool.semantic_release]\n"}, {"": ["feat: x"]})
    assert next_json(root)["tag"] == "v1.0.0"  # allow_zero_version = false in v10


def test_semantic_release_major_on_zero_by_default(tmp_path: Path) -> None:
    text = "[tool.semantic_release]\nallow_zero_version = true\n"
    root = repository(tmp_path, {"pyproject.toml": text}, {"v0.5.0": ["feat: x"], "": ["feat!: y"]})
    assert next_json(root)["tag"] == "v1.0.0"


def test_semantic_release_sections_and_excluded_commits(tmp_path: Path) -> None:
    text = (
        "[tool.semantic_release.changelog]\n"
        "exclude_commit_patterns = ['''chore(?:\\([^)]*?\\))?: .+''']\n"
        "[tool.semantic_release.changelog.default_templates]\n"
        "mask_initial_release = false\n"  # v10 masks the first release by default
    )
    root = repository(
        tmp_path,
        {"pyproject.toml": text},
        {"v1.0.0": ["docs: guide", "chore: tidy", "chore: tidy more", "feat: a", "fix: b"]},
    )
    done = releaser(root, "changelog", "--stdout")
    assert done.returncode == 0, done.stderr
    headings = [line for line in done.stdout.splitlines() if line.startswith("### ")]
    assert headings == ["### Bug Fixes", "### Documentation", "### Features"]
    assert "tidy" not in done.stdout


def test_poetry_project_cut_dry_run_stamps_its_files(tmp_path: Path) -> None:
    root = repository(
        tmp_path,
        {"pyproject.toml": POETRY.format(version="0.3.0"), "requirements.txt": "poems == 0.3.0\n"},
        {"v0.3.0": [], "": ["fix: a bug"]},
    )
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    git(root, "remote", "add", "origin", str(remote))
    git(root, "push", "-q", "origin", "main", "--tags")
    done = releaser(root, "cut", "--dry-run", "--no-audit")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "write 0.3.1 into pyproject.toml, requirements.txt" in done.stderr


def test_init_keeps_next_and_changelog_byte_for_byte(tmp_path: Path) -> None:
    text = '[project]\nname = "p"\nversion = "0.5.0"\n\n' + CZ_TOML.format(version="0.5.0")
    root = repository(
        tmp_path,
        {"pyproject.toml": text},
        {"0.5.0": ["feat: a", "refactor: b"], "": ["fix!: c", "docs: d", "perf: e"]},
    )
    commands = (["next", "--json"], ["changelog", "--stdout"])
    before = [releaser(root, *cmd).stdout for cmd in commands]
    done = releaser(root, "init")
    assert done.returncode == 0, done.stderr
    assert "migration report" in done.stdout
    assert 'tag_format = "$version" -> tag-format = "{version}"' in done.stdout
    after = [releaser(root, *cmd).stdout for cmd in commands]
    assert after == before


RST_CHANGELOG = """\
.. _changelog:

=========
CHANGELOG
=========

.. _changelog-v1.0.0:

v1.0.0 (2025-01-01)
===================

* Initial release
"""


def local_cut(root: Path) -> subprocess.CompletedProcess[str]:
    flags = ("--no-audit", "--no-build", "--no-push", "--no-github", "--no-publish")
    return releaser(root, "cut", *flags)


def test_semantic_release_rst_changelog_is_updated_not_doubled(tmp_path: Path) -> None:
    text = (
        '[project]\nname = "p"\nversion = "1.0.0"\n'
        "[tool.semantic_release.changelog]\n"
        'insertion_flag = "=========\\nCHANGELOG\\n========="\n'
        "[tool.semantic_release.changelog.default_templates]\n"
        'changelog_file = "CHANGELOG.rst"\n'
    )
    root = repository(
        tmp_path,
        {"pyproject.toml": text, "CHANGELOG.rst": RST_CHANGELOG},
        {"v1.0.0": [], "": ["feat: use `rich` output"]},
    )
    done = local_cut(root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (root / "CHANGELOG.md").exists()
    changelog = (root / "CHANGELOG.rst").read_text(encoding="utf-8")
    head, _, tail = changelog.partition("=========\nCHANGELOG\n=========\n\n")
    assert head == ".. _changelog:\n\n"
    assert tail.startswith(".. _changelog-v1.1.0:\n\n1.1.0 - ")
    assert "Features\n--------\n\n* use ``rich`` output" in tail
    assert tail.endswith(RST_CHANGELOG.partition("=========\n\n")[2])  # the old text stays


UV_LOCK = """\
version = 1
requires-python = ">=3.10"

[[package]]
name = "my-pkg"
version = "{version}"
source = {{ editable = "." }}
"""


def test_uv_lock_gets_the_new_version(tmp_path: Path) -> None:
    text = '[project]\nname = "My_Pkg"\nversion = "0.1.0"\nrequires-python = ">=3.10"\n'
    root = repository(
        tmp_path,
        {"pyproject.toml": text, "uv.lock": UV_LOCK.format(version="0.1.0")},
        {"v0.1.0": [], "": ["fix: x"]},
    )
    done = local_cut(root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (root / "uv.lock").read_text(encoding="utf-8") == UV_LOCK.format(version="0.1.1")
    assert "uv.lock" in git(root, "show", "--name-only", "--format=", "HEAD").split()


def uv_tool(tmp_path: Path) -> tuple[str, dict[str, str]]:
    """uv's binary, and an environment that keeps it offline and out of the user's cache."""
    found = shutil.which("uv")
    if found is None:
        try:
            from uv import find_uv_bin
        except ImportError:
            pytest.skip("uv is not installed: pip install uv (it is in the test extra)")
        found = find_uv_bin()
    env = {**os.environ, "UV_CACHE_DIR": str(tmp_path / "uv-cache"), "UV_NO_CONFIG": "1",
           "UV_PYTHON_DOWNLOADS": "never", "UV_OFFLINE": "1"}  # fmt: skip
    return found, env


UV_PROJECT = """\
[project]
name = "My_Pkg"
version = "0.1.0"
requires-python = ">=3.10"
dependencies = []

[build-system]
requires = ["setuptools>=77"]
build-backend = "setuptools.build_meta"
"""


def test_uv_lock_check_passes_on_the_release_commit(tmp_path: Path) -> None:
    uv, env = uv_tool(tmp_path)

    def check(root: Path) -> subprocess.CompletedProcess[str]:
        command = [uv, "lock", "--check", "--offline", "--python", sys.executable]
        return subprocess.run(
            command, cwd=root, env=env, capture_output=True, text=True, timeout=60
        )

    made = tmp_path / "made"
    made.mkdir()
    (made / "pyproject.toml").write_text(UV_PROJECT, encoding="utf-8")
    subprocess.run([uv, "lock", "--offline", "--python", sys.executable],
                   cwd=made, env=env, check=True, capture_output=True, timeout=60)  # fmt: skip
    lock = (made / "uv.lock").read_text(encoding="utf-8")
    root = repository(tmp_path, {"pyproject.toml": UV_PROJECT, "uv.lock": lock},
                      {"v0.1.0": [], "": ["fix: x"]})  # fmt: skip
    assert check(root).returncode == 0  # the fixture's lock is current
    done = local_cut(root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert git(root, "tag", "--points-at", "HEAD").split() == ["v0.1.1"]
    assert "uv.lock" in git(root, "show", "--name-only", "--format=", "HEAD").split()
    assert git(root, "status", "--porcelain") == ""
    checked = check(root)
    assert checked.returncode == 0, checked.stderr
    (root / "uv.lock").write_text(lock, encoding="utf-8")  # the lock as it was: uv sees it
    assert check(root).returncode != 0


PSR_WORKFLOW = """\
name: CI/CD
on:
  push:
    branches: [main]
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      # keep this comment
      - uses: actions/checkout@v4
      - name: Semantic Release
        uses: python-semantic-release/python-semantic-release@v10.6.1
      - name: Publish
        uses: pypa/gh-action-pypi-publish@release/v1
  test:
    runs-on: ubuntu-latest
    steps:
      - run: pytest
"""

CZ_HOOKS = """\
repos:
  - repo: https://github.com/commitizen-tools/commitizen
    rev: v4.1.0
    hooks:
      - id: commitizen
  - repo: https://github.com/astral-sh/ruff-pre-commit
    rev: v0.6.0
    hooks:
      - id: ruff
"""


def test_init_warns_about_the_old_tool_and_replaces_it_only_when_asked(tmp_path: Path) -> None:
    root = tmp_path / "p"
    (root / ".github" / "workflows").mkdir(parents=True)
    (root / "pyproject.toml").write_text("[tool.semantic_release]\n", encoding="utf-8")
    ci = root / ".github" / "workflows" / "ci.yml"
    ci.write_text(PSR_WORKFLOW, encoding="utf-8")
    hooks = root / ".pre-commit-config.yaml"
    hooks.write_text(CZ_HOOKS, encoding="utf-8")

    done = releaser(root, "init")
    assert done.returncode == 0, done.stderr
    assert "job release, step 'Semantic Release'" in done.stdout
    assert "pypa/gh-action-pypi-publish" in done.stdout
    assert (
        "commit-msg hook (repo: https://github.com/commitizen-tools/commitizen) checks"
        in done.stdout
    )
    assert ci.read_text(encoding="utf-8") == PSR_WORKFLOW  # warned about, never deleted

    done = releaser(root, "init", "--replace-old-tool")
    assert done.returncode == 0, done.stderr
    assert "removed 2 releasing step(s)" in done.stdout
    text = ci.read_text(encoding="utf-8")
    assert "# keep this comment" in text
    assert "actions/checkout@v4" in text
    assert "semantic-release" not in text
    assert "pypi-publish" not in text
    assert "- run: pytest" in text
    assert "commitizen-tools" not in hooks.read_text(encoding="utf-8")
    assert "ruff-pre-commit" in hooks.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "provider",
    [
        'version_provider = "uv"\n',
        # commitizen's own provider (commitizen 4.10, c41d19b): its `version`, stamped in both
        'version = "{v}"\nversion_files = ["pyproject.toml:version"]\n',
    ],
)
def test_commitizen_current_version_is_the_one_pyproject_states(
    tmp_path: Path, provider: str
) -> None:
    pyproject = '[project]\nname = "p"\nversion = "{v}"\n[tool.commitizen]\n' + provider
    root = repository(tmp_path, {"pyproject.toml": pyproject.format(v="1.0.0")}, {"1.0.0": []})
    git(root, "checkout", "-q", "-b", "side")
    git(root, "commit", "-q", "--allow-empty", "-m", "fix: on a branch merged by rebase")
    git(root, "tag", "-a", "1.0.1", "-m", "1.0.1")  # the tag HEAD will not reach
    git(root, "checkout", "-q", "main")
    (root / "pyproject.toml").write_text(pyproject.format(v="1.0.1"), encoding="utf-8")
    git(root, "commit", "-q", "-am", "bump: version 1.0.0 → 1.0.1")
    git(root, "commit", "-q", "--allow-empty", "-m", "refactor: tidy")
    assert next_json(root)["tag"] == "1.0.2"  # what `cz bump --get-next` says


def test_semantic_release_prerelease_branch(tmp_path: Path) -> None:
    text = (
        "[tool.semantic_release]\nallow_zero_version = true\n"
        '[tool.semantic_release.branches.main]\nmatch = "^main$"\n'
        "[tool.semantic_release.branches.features]\n"
        'match = "^feat/.+"\nprerelease = true\nprerelease_token = "beta"\n'
    )
    root = repository(tmp_path, {"pyproject.toml": text}, {"v0.4.0": [], "": ["feat: x"]})
    assert next_json(root)["tag"] == "v0.5.0"
    git(root, "checkout", "-q", "-b", "feat/x")
    assert next_json(root)["tag"] == "v0.5.0-beta.1"  # as semantic-release on that branch


def test_commitizen_release_commit_and_tag(tmp_path: Path) -> None:
    text = (
        '[project]\nname = "p"\nversion = "1.0.0"\n[tool.commitizen]\nversion_provider = "pep621"\n'
    )
    root = repository(tmp_path, {"pyproject.toml": text}, {"1.0.0": [], "": ["feat: x"]})
    done = local_cut(root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert git(root, "log", "-1", "--format=%s").strip() == "bump: version 1.0.0 → 1.1.0"
    assert git(root, "tag", "--points-at", "HEAD").split() == ["1.1.0"]
    # commitizen's default (annotated_tag = false): a lightweight tag
    assert git(root, "cat-file", "-t", "1.1.0").strip() == "commit"


def test_another_commit_convention_is_measured(tmp_path: Path) -> None:
    text = '[tool.semantic_release]\ncommit_parser = "emoji"\n'
    root = repository(
        tmp_path,
        {"pyproject.toml": text},
        {"v1.0.0": [":sparkles: add a thing"], "": [":bug: fix it", "fix: conventional"]},
    )
    done = releaser(root, "next")
    assert done.returncode == 0, done.stderr
    assert 'commit_parser = "emoji" is not supported' in done.stderr
    assert "2 of the last 4 commits parse as Conventional Commits" in done.stderr  # chore: start


def test_changelog_command_writes_rst_into_rst(tmp_path: Path) -> None:
    text = (
        '[tool.semantic_release.changelog]\ntemplate_dir = "templates"\n'
        'insertion_flag = "=========\\nCHANGELOG\\n========="\n'
        '[tool.semantic_release.changelog.default_templates]\noutput_format = "rst"\n'
    )
    root = repository(
        tmp_path,
        {"pyproject.toml": text, "CHANGELOG.rst": RST_CHANGELOG},
        {"v1.0.0": [], "v1.1.0": ["feat: use `rich` output"]},
    )
    preview = releaser(root, "changelog", "--stdout")
    assert preview.returncode == 0, preview.stderr
    assert "reStructuredText layout" in preview.stderr  # not "Markdown layout"
    assert "Markdown layout" not in preview.stderr
    assert "## " not in preview.stdout  # reStructuredText, not Markdown
    assert ".. _changelog-v1.1.0:\n\n1.1.0 - " in preview.stdout
    assert "Features\n--------\n\n* use ``rich`` output" in preview.stdout
    assert preview.stdout.endswith(RST_CHANGELOG.partition("=========\n\n")[2])
    assert (root / "CHANGELOG.rst").read_text(encoding="utf-8") == RST_CHANGELOG  # a preview
    done = releaser(root, "changelog")
    assert done.returncode == 0, done.stderr
    assert (root / "CHANGELOG.rst").read_text(encoding="utf-8") == preview.stdout
    assert not (root / "CHANGELOG.md").exists()
    full = releaser(root, "changelog", "--full", "--stdout")
    assert full.stdout.index("1.1.0 - ") < full.stdout.index("1.0.0 - ")
    assert "## " not in full.stdout


@pytest.mark.parametrize(
    ("table", "kind", "message"),
    [
        ('[tool.releaser]\ntag-message = "Version {version}"\n', "tag", "Version 1.1.0"),
        ("[tool.releaser]\nannotated-tags = false\n", "commit", None),
        ("[tool.commitizen]\nannotated_tag = false\n", "commit", None),
        ("[tool.commitizen]\n", "commit", None),  # commitizen's default: lightweight
        ("[tool.commitizen]\nannotated_tag = true\n", "tag", "v1.1.0"),  # the tag's name
        ("[tool.semantic_release]\n", "tag", "v1.1.0"),  # semantic-release: `git tag -a`
        (
            '[tool.commitizen]\nannotated_tag = true\nannotated_tag_message = "v$version out"\n',
            "tag",
            "v1.1.0 out",
        ),
    ],
)
def test_tag_message_and_lightweight_tags(
    tmp_path: Path, table: str, kind: str, message: str | None
) -> None:
    text = '[project]\nname = "p"\nversion = "1.0.0"\n' + table
    if "commitizen" in table:
        text += 'tag_format = "v$version"\nversion_provider = "pep621"\n'
    if "semantic_release" in table:
        text += (
            "[tool.semantic_release.changelog.default_templates]\nmask_initial_release = false\n"
        )
    root = repository(tmp_path, {"pyproject.toml": text}, {"v1.0.0": [], "": ["feat: x"]})
    dry = releaser(root, "cut", "--dry-run", "--no-audit", "--no-build", "--no-push",
                   "--no-github", "--no-publish")  # fmt: skip
    assert ("lightweight tag v1.1.0" if message is None else "annotated tag v1.1.0") in dry.stderr
    done = local_cut(root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert git(root, "cat-file", "-t", "v1.1.0").strip() == kind
    if message is not None:
        assert git(root, "tag", "-l", "--format=%(contents:subject)", "v1.1.0").strip() == message


@pytest.mark.parametrize(
    "templates",
    [
        "[tool.semantic_release.changelog.default_templates]\nmask_initial_release = true\n",
        "",  # semantic-release v10's default masks the first release too
    ],
)
def test_semantic_release_mask_initial_release(tmp_path: Path, templates: str) -> None:
    text = (
        '[project]\nname = "p"\nversion = "0.0.0"\n'
        "[tool.semantic_release]\nallow_zero_version = true\n" + templates
    )
    root = repository(
        tmp_path,
        {"pyproject.toml": text},
        {"v0.1.0": ["feat: first thing"], "v0.1.1": ["fix: bug"]},
    )
    done = releaser(root, "changelog", "--full", "--stdout")
    assert done.returncode == 0, done.stderr
    first = done.stdout[done.stdout.index("## 0.1.0") :]
    assert "- Initial Release" in first
    assert "first thing" not in done.stdout
    assert "bug" in done.stdout[: done.stdout.index("## 0.1.0")]  # later releases list changes


SQUASHED = """\
feat(cmd-version): add automatic repository un-shallowing (#1366)

NOTICE: If you were previously handling the unshallowing of a repository clone
in your CI/CD pipelines, you may now remove that step.

* docs(github-actions): update example to remove the fetch depth

* fix(gitproject): handle a detached head"""


def test_semantic_release_squash_items_and_notices(tmp_path: Path) -> None:
    # modelled on python-semantic-release 90a1ffa: v10 splits squash bodies by default
    root = repository(tmp_path, {"pyproject.toml": "[tool.semantic_release]\n"},
                      {"v1.0.0": [], "": [SQUASHED]})  # fmt: skip
    assert next_json(root)["tag"] == "v1.1.0"
    git(root, "tag", "v1.1.0")
    done = releaser(root, "changelog", "--stdout")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "### Bug Fixes\n\n- **gitproject:** handle a detached head (#1366) (" in out
    assert "- **github-actions:** update example to remove the fetch depth (#1366) (" in out
    assert (
        "### Additional Release Information\n\n- **cmd-version:** If you were previously "
        "handling the unshallowing of a repository clone in your CI/CD pipelines, you may now "
        "remove that step.\n"
    ) in out


def test_commitizen_reads_body_paragraphs_that_open_with_a_header(tmp_path: Path) -> None:
    # modelled on commitizen 08a259d2: a refactor written as a paragraph of a feat commit
    text = '[tool.commitizen]\ntag_format = "v$version"\n'
    message = "feat(commit): add force-edit\n\nrefactor: remove redundant return None"
    root = repository(tmp_path, {"pyproject.toml": text}, {"v1.0.0": [], "v1.1.0": [message]})
    done = releaser(root, "changelog", "--stdout")
    assert done.returncode == 0, done.stderr
    assert "### Refactor\n\n- remove redundant return None (" in done.stdout
    plain = root / "pyproject.toml"
    plain.write_text('[project]\nname = "p"\nversion = "1.0.0"\n', encoding="utf-8")
    assert "redundant" not in releaser(root, "changelog", "--stdout").stdout  # not by default


def merged_after_a_tag(tmp_path: Path, settings: str) -> Path:
    """A branch started before v1.0.0 takes main in (merge main into it) and is merged after
    the tag, as commitizen's own v1.8.0 history does: v1.0.0 does not reach the branch's
    commit, yet `git log --topo-order` lists it after the tagged commit."""
    root = repository(tmp_path, {"pyproject.toml": settings}, {})
    git(root, "checkout", "-q", "-b", "side")
    git(root, "commit", "-q", "--allow-empty", "-m", "refactor: made on the branch")
    git(root, "checkout", "-q", "main")
    git(root, "commit", "-q", "--allow-empty", "-m", "fix: a")
    git(root, "tag", "-a", "v1.0.0", "-m", "v1.0.0")
    git(root, "checkout", "-q", "side")
    git(root, "merge", "-q", "--no-edit", "main")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "--no-edit", "side")
    git(root, "commit", "-q", "--allow-empty", "-m", "fix: b")
    git(root, "tag", "-a", "v1.1.0", "-m", "v1.1.0")
    return root


def release_of(changelog: str, entry: str) -> str:
    """The version heading above `entry` in a Markdown changelog."""
    above = changelog[: changelog.index(entry)]
    return above[above.rindex("\n## ") :].split()[1].removeprefix("v")


@pytest.mark.parametrize(
    ("settings", "release"),
    [
        ('[tool.releaser]\nchangelog-sections = { refactor = "Refactor" }\n', "1.1.0"),  # reached
        ('[tool.commitizen]\ntag_format = "v$version"\n', "1.0.0"),  # as commitizen
        ("[tool.semantic_release.changelog.default_templates]\nmask_initial_release = false\n"
         '[tool.semantic_release.changelog]\nexclude_commit_patterns = ["chore.*"]\n', "1.0.0"),
    ],
)  # fmt: skip
def test_which_release_lists_a_commit_merged_after_a_tag(
    tmp_path: Path, settings: str, release: str
) -> None:
    root = merged_after_a_tag(tmp_path, '[project]\nname = "p"\ndynamic = ["version"]\n' + settings)
    done = releaser(root, "changelog", "--full", "--stdout")
    assert done.returncode == 0, done.stderr
    assert release_of(done.stdout, "made on the branch") == release
    if "commitizen" in settings and shutil.which("cz") is not None:
        cz = subprocess.run(["cz", "changelog", "--dry-run"], cwd=root, capture_output=True,
                            text=True, timeout=60, check=False)  # fmt: skip
        assert release_of(cz.stdout, "made on the branch") == release, cz.stdout + cz.stderr
