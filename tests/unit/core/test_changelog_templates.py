"""A user's templates: every field they are documented to see, and their text kept as written.

Only the blank lines around a rendered section or changelog are dropped; indentation (a
Markdown code block) and the last character of the text stay.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from jinja2 import TemplateSyntaxError

from releaser.config import DEFAULT_SECTIONS
from releaser.core.changelog import (
    MARKER,
    ReleaseSection,
    RenderOptions,
    RepoLinks,
    load_templates,
    render_changelog,
    render_release,
    update_changelog,
)
from releaser.core.history import RawCommit, analyse
from releaser.core.jinja_env import FlatGlobalsEnvironment

URL = "https://github.com/octo/widgets"


def _sha(label: str) -> str:
    return hashlib.sha1(label.encode()).hexdigest()


def _release(version: str, previous: str | None, *messages: str) -> ReleaseSection:
    raws = [RawCommit(_sha(m), (_sha(m + "^"),), "", m) for m in messages]
    return ReleaseSection(version, f"v{version}", previous, "2024-05-01", analyse(raws))


def _templates(folder: Path, release: str, changelog: str | None = None) -> Path:
    (folder / "release.md.j2").write_text(release, encoding="utf-8")
    if changelog is not None:
        (folder / "changelog.md.j2").write_text(changelog, encoding="utf-8")
    return folder


RELEASE = "\n\n    {{ release.version }} (indented: a code block)\n\nSupports Mac OS X\n\n"
CHANGELOG = "\n    Our changes, for OS X\n\n{{ marker }}\n\n{{ releases }}\n\n"


def test_a_custom_release_keeps_its_indentation_and_last_character(tmp_path: Path) -> None:
    options = RenderOptions(DEFAULT_SECTIONS, template_dir=_templates(tmp_path, RELEASE))
    section = _release("1.1.0", "v1.0.0", "feat: x")
    assert render_release(section, options) == (
        "    1.1.0 (indented: a code block)\n\nSupports Mac OS X\n"
    )


def test_a_custom_template_has_jinja_s_own_globals(tmp_path: Path) -> None:
    template = (
        "{% set seen = namespace(n=0) %}{% set comma = joiner(', ') %}"
        "{% for i in range(2) %}{% set seen.n = seen.n + i %}{{ comma() }}{{ i }}{% endfor %}"
        " {{ seen.n }} {{ dict(a=1)['a'] }} {{ cycler('x', 'y').next() }}"
        " {{ lipsum(1, False) | length > 0 }}\n"
    )
    options = RenderOptions(DEFAULT_SECTIONS, template_dir=_templates(tmp_path, template))
    assert render_release(_release("1.1.0", "v1.0.0", "feat: x"), options) == "0, 1 1 1 x True\n"


def test_a_template_s_own_globals_overlay_the_environment_s() -> None:
    environment = FlatGlobalsEnvironment()
    environment.globals["who"] = "environment"
    template = environment.from_string("{{ who }} {{ range(2) | list }}", {"who": "template"})
    assert template.render() == "template [0, 1]"


def test_a_custom_changelog_template_frames_the_releases(tmp_path: Path) -> None:
    options = RenderOptions(DEFAULT_SECTIONS, template_dir=_templates(tmp_path, RELEASE, CHANGELOG))
    releases = [_release("1.1.0", "v1.0.0", "feat: x"), _release("1.0.0", None, "feat: y")]
    assert render_changelog(releases, options) == (
        f"    Our changes, for OS X\n\n{MARKER}\n\n"
        "    1.1.0 (indented: a code block)\n\nSupports Mac OS X\n\n"
        "    1.0.0 (indented: a code block)\n\nSupports Mac OS X\n"
    )


def test_a_new_changelog_starts_with_the_custom_header(tmp_path: Path) -> None:
    options = RenderOptions(DEFAULT_SECTIONS, template_dir=_templates(tmp_path, RELEASE, CHANGELOG))
    text, added, older = update_changelog("", [_release("1.0.0", None, "feat: y")], options)
    assert (added, older) == (1, 0)
    assert text == (
        f"Our changes, for OS X\n\n{MARKER}\n\n"
        "    1.0.0 (indented: a code block)\n\nSupports Mac OS X\n"
    )


def test_a_new_changelog_starts_with_the_built_in_header() -> None:
    text, added, _ = update_changelog("", [_release("1.0.0", None, "feat: y")], RenderOptions({}))
    assert added == 1
    assert text == (
        "# Changelog\n\n"
        "All notable changes to this project are listed here, newest first. The\n"
        "sections below the marker are written by releaser from Conventional Commits.\n\n"
        f"{MARKER}\n\n## 1.0.0 - 2024-05-01\n"
    )


FIELDS = (
    "{{ release.version }}|{{ release.tag }}|{{ release.date }}|"
    "{{ release.compare_url is none }}|{{ release.initial }}\n"
    "{% for e in release.breaking %}B {{ e.type }}|{{ e.scope }}|{{ e.description }}|"
    "{{ e.breaking_notes | join('/') }}|{{ e.sha }}|{{ e.short_sha }}|{{ e.url }}|"
    "{% for r in e.references %}{{ r.number }}={{ r.url }};{% endfor %}.\n{% endfor %}"
    "{% for title, entries in release.groups %}G {{ title }}: "
    "{% for e in entries %}{{ e.type }}|{{ e.scope }}|{{ e.breaking_notes | length }};"
    "{% endfor %}.\n{% endfor %}"
    "{% for n in release.notices %}N {{ n.scope }}|{{ n.text }}|{{ n.markdown }}\n{% endfor %}"
    "{% for c in release.others %}O {{ c.subject }}|{{ c.sha }}|{{ c.short_sha }}|{{ c.url }}|"
    "{{ c.markdown }}\n{% endfor %}"
)


def test_a_custom_template_sees_every_field_of_a_release(tmp_path: Path) -> None:
    messages = (  # newest first
        "feat(api)!: new endpoints (#12)\n\nBREAKING CHANGE: /v1 is gone.\n\nRefs: #3",
        "fix: a crash\n\nNOTICE: upgrade soon",
        "perf(db): faster",
        "Update README.md",
    )
    section = _release("2.0.0", "v1.0.0", *messages)
    options = RenderOptions(
        DEFAULT_SECTIONS,
        links=RepoLinks(URL),
        template_dir=_templates(tmp_path, FIELDS),
        show_other_commits=True,
        release_notices=True,
        own_scopes=frozenset({"api"}),  # a package's own scope is None, as no scope
    )
    feat, other = _sha(messages[0]), _sha(messages[3])
    assert (
        render_release(section, options)
        == (
            "2.0.0|v2.0.0|2024-05-01|False|False\n"
            f"B feat|None|new endpoints|/v1 is gone.|{feat}|{feat[:7]}|{URL}/commit/{feat}|"
            f"12={URL}/issues/12;3={URL}/issues/3;.\n"
            "G Features: feat|None|1;.\n"  # the same entry as under breaking changes
            "G Bug fixes: fix|None|0;.\n"
            "G Performance: perf|db|0;.\n"
            "N None|upgrade soon|- upgrade soon\n"
            f"O Update README.md|{other}|{other[:7]}|{URL}/commit/{other}|"
            f"- Update README.md ([{other[:7]}]({URL}/commit/{other}))\n"
        )
    )
    unlinked = RenderOptions(DEFAULT_SECTIONS, template_dir=tmp_path)
    assert render_release(section, unlinked).startswith("2.0.0|v2.0.0|2024-05-01|True|False\n")


ENTRIES = (
    "{% for title, entries in release.groups %}{{ title }} {{ entries | length }}\n"
    "{% for e in entries %}{{ e.type }}|{{ e.scope }}|{{ e.description }}|"
    "{{ e.breaking_notes | join('/') }}|{{ e.sha }}|{{ e.short_sha }}|{{ e.url }}|"
    "{% for r in e.references %}{{ r.number }}={{ r.url }};{% endfor %}|{{ e.markdown }}\n"
    "{% endfor %}{% endfor %}"
    "{% set fixes = release.groups[1][1] %}"
    "first {{ fixes[0].sha[:4] }}, last {{ (fixes | last).sha[:4] }}, "
    "{{ fixes | map(attribute='description') | sort | join(',') }}, "
    "{{ fixes | selectattr('scope') | list | length }} scoped, "
    "{{ (fixes | reverse | list)[0].sha[:4] }} reversed, "
    "{{ (release.breaking + fixes) | length }} together, "
    "{{ fixes | sort(attribute='description') | map(attribute='short_sha') | join(',') }}\n"
    "{{ release.reverts == [] }} {{ release.reverts }} {{ fixes == fixes | list }} "
    "{{ ([release.breaking[0]] + fixes) | map(attribute='type') | join('+') }} "
    "{{ (fixes + [release.breaking[0]]) | map(attribute='type') | join('+') }} "
    "{{ fixes[1:] | map(attribute='type') | join }} {{ fixes[0] is sameas (fixes | first) }} "
    "{{ fixes[-1].sha == (fixes | list)[1].sha }} {{ release.breaking | string | length > 100 }}\n"
)


def test_a_custom_template_loops_over_the_entries_of_a_group(tmp_path: Path) -> None:
    """Every documented field of a listed change, and the list as Jinja's filters use it."""
    messages = (  # newest first
        "fix(ui): b crash (#12)\n\nCloses #7",
        "feat!: a feature",
        "fix: a typo in #3",
    )
    section = _release("2.0.0", "v1.0.0", *messages)
    options = RenderOptions(
        DEFAULT_SECTIONS, links=RepoLinks(URL), template_dir=_templates(tmp_path, ENTRIES)
    )
    ui, feat, typo = (_sha(m) for m in messages)
    assert render_release(section, options) == (
        "Features 1\n"
        f"feat|None|a feature|a feature|{feat}|{feat[:7]}|{URL}/commit/{feat}||"
        f"- a feature ([{feat[:7]}]({URL}/commit/{feat}))\n"
        "Bug fixes 2\n"
        f"fix|ui|b crash||{ui}|{ui[:7]}|{URL}/commit/{ui}|12={URL}/issues/12;7={URL}/issues/7;|"
        f"- **ui:** b crash ([#12]({URL}/issues/12)) ([#7]({URL}/issues/7)) "
        f"([{ui[:7]}]({URL}/commit/{ui}))\n"
        f"fix|None|a typo in #3||{typo}|{typo[:7]}|{URL}/commit/{typo}||"
        f"- a typo in #3 ([{typo[:7]}]({URL}/commit/{typo}))\n"
        f"first {ui[:4]}, last {typo[:4]}, a typo in #3,b crash, 1 scoped, {typo[:4]} reversed, "
        f"3 together, {typo[:7]},{ui[:7]}\n"
        "True [] True feat+fix+fix fix+fix+feat fix True True True\n"
    )


LISTS = (
    "{% for title, entries in release.groups %}{{ title }}:\n{{ entries.markdown }}\n{% endfor %}"
    "B:\n{{ release.breaking.markdown }}\nR:\n{{ release.reverts.markdown }}\n"
    "O:\n{{ release.others.markdown }}|"
)


def test_a_list_of_entries_gives_its_items_one_a_line(tmp_path: Path) -> None:
    messages = ("fix: b (#12)", "feat!: a", "fix: c", 'Revert "fix: d"', "WIP")
    section = _release("2.0.0", "v1.0.0", *messages)
    options = RenderOptions(
        DEFAULT_SECTIONS, template_dir=_templates(tmp_path, LISTS), show_other_commits=True
    )
    b, a, c, d, wip = (_sha(m)[:7] for m in messages)
    assert render_release(section, options) == (
        f"Features:\n- a ({a})\nBug fixes:\n- b (#12) ({b})\n- c ({c})\n"
        f"B:\n- a ({a})\nR:\n- fix: d ({d})\nO:\n- WIP ({wip})|\n"
    )
    quiet = RenderOptions(DEFAULT_SECTIONS, template_dir=tmp_path)
    assert render_release(section, quiet).endswith("O:\n|\n")


def test_templates_loaded_ahead_leave_a_broken_one_for_the_render_to_report(
    tmp_path: Path,
) -> None:
    broken = "## {{ release.version }}\n{% for x in release.groups %}\n"
    options = RenderOptions(DEFAULT_SECTIONS, template_dir=_templates(tmp_path, broken))
    load_templates(options)  # while git reads: nothing to report yet
    with pytest.raises(TemplateSyntaxError) as raised:
        render_release(_release("1.0.0", None, "feat: y"), options)
    assert (Path(raised.value.filename or ""), raised.value.lineno) == (
        tmp_path / "release.md.j2",
        2,
    )


def test_a_custom_template_writes_the_entries_as_json(tmp_path: Path) -> None:
    template = "{{ release.groups | tojson }}\n{{ release.reverts | tojson }}"
    section = _release("2.0.0", "v1.0.0", "fix(ui): b crash (#12)")
    options = RenderOptions(
        DEFAULT_SECTIONS, links=RepoLinks(URL), template_dir=_templates(tmp_path, template)
    )
    groups, reverts = render_release(section, options).splitlines()
    sha = _sha("fix(ui): b crash (#12)")
    assert json.loads(reverts) == []
    assert json.loads(groups) == [
        [
            "Bug fixes",
            [
                {
                    "type": "fix",
                    "scope": "ui",
                    "description": "b crash",
                    "breaking_notes": [],
                    "sha": sha,
                    "short_sha": sha[:7],
                    "url": f"{URL}/commit/{sha}",
                    "references": [{"number": 12, "url": f"{URL}/issues/12"}],
                    "markdown": f"- **ui:** b crash ([#12]({URL}/issues/12)) "
                    f"([{sha[:7]}]({URL}/commit/{sha}))",
                }
            ],
        ]
    ]
    other = tmp_path / "other"
    other.mkdir()
    unwritable = RenderOptions(
        DEFAULT_SECTIONS, template_dir=_templates(other, "{{ range(2) | tojson }}")
    )
    with pytest.raises(TypeError, match="range is not JSON serializable"):
        render_release(section, unwritable)  # as Jinja says of what JSON cannot write
