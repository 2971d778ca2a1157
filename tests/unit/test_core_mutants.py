"""Tests written to kill mutants of releaser/core that the other tests let survive.

Each names the behaviour it pins; scripts/mutation.sh lists what still survives.
"""

from __future__ import annotations

from datetime import date

import pytest

from releaser.core.audit import AuditorRun, Finding, Kind, Policy, Severity, evaluate, report_json
from releaser.core.changelog import extract_release
from releaser.core.remote import parse_slug
from releaser.core.stamp import (
    StampError,
    VersionFile,
    stamp_literal,
    stamp_pyproject,
    stamp_variable,
)

# -- version-files entries ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("VERSION", VersionFile("VERSION")),
        ("VERSION:", VersionFile("VERSION:")),
        (":x", VersionFile(":x")),
        ("pkg/__init__.py:__version__", VersionFile("pkg/__init__.py", "__version__")),
        ("pkg/v.py:VERSION:tf", VersionFile("pkg/v.py", "VERSION", tag_form=True)),
        ("pkg/v.py:VERSION:nf", VersionFile("pkg/v.py", "VERSION", tag_form=False)),
        ("setup.cfg:/^version/", VersionFile("setup.cfg", regex="^version")),
        ("a.txt:/", VersionFile("a.txt", "/")),
        (
            "pyproject.toml:tool.poetry.version",
            VersionFile("pyproject.toml", "tool.poetry.version"),
        ),
    ],
)
def test_version_file_entries(entry: str, expected: VersionFile) -> None:
    assert VersionFile.parse(entry) == expected


def test_only_patterns_are_globs() -> None:
    assert [VersionFile(p).is_glob for p in ("a/*.py", "a?.py", "[ab].py", "a.py")] == [
        True,
        True,
        True,
        False,
    ]


# -- stamping --------------------------------------------------------------------------------


def test_pyproject_version_is_set_and_nothing_else_moves() -> None:
    text = '[project]\nname = "x"  # keep\nversion = "1.0.0"\n\n[tool.x]\nversion = "9"\n'
    assert stamp_pyproject(text, "1.1.0") == text.replace('"1.0.0"', '"1.1.0"')


@pytest.mark.parametrize("text", ['[tool.x]\nversion = "1"\n', '[project]\nname = "x"\n', ""])
def test_pyproject_without_a_version_is_refused(text: str) -> None:
    with pytest.raises(StampError, match=r"no \[project\]\.version to stamp"):
        stamp_pyproject(text, "1.1.0")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('__version__ = "1.0.0"\n', '__version__ = "1.1.0"\n'),
        ("__version__ = '1.0.0'\n", "__version__ = '1.1.0'\n"),
        ('    __version__: str = "1.0.0"\n', '    __version__: str = "1.1.0"\n'),
        ('version: "1.0.0"\n', None),  # another variable: untouched, so refused
        ('"__version__": "1.0.0",\n', '"__version__": "1.1.0",\n'),
        ('x = 1\n__version__ = "1.0.0"\n__version__ = "1.0.0"\n', None),
    ],
)
def test_variable_values_are_replaced(text: str, expected: str | None) -> None:
    if expected is None and "version:" in text:
        with pytest.raises(StampError, match="no version value for '__version__' was found"):
            stamp_variable(text, "__version__", "1.1.0")
        return
    result = stamp_variable(text, "__version__", "1.1.0")
    if expected is None:  # only the first assignment at a line start is the variable's value
        assert result == 'x = 1\n__version__ = "1.1.0"\n__version__ = "1.0.0"\n'
    else:
        assert result == expected


def test_a_dotted_variable_is_found_by_its_last_name() -> None:
    assert stamp_variable('VERSION = "1.0.0"\n', "pkg.VERSION", "2.0.0") == 'VERSION = "2.0.0"\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pkg==1.0.0\n", "pkg==2.0.0\n"),
        ("pkg @ 1.0.0\n", "pkg @ 2.0.0\n"),
        ("pkg := 1.0.0\n", "pkg := 2.0.0\n"),
        ("uses: pkg@v1.0.0\n", "uses: pkg@v2.0.0\n"),
        ("mypkg==1.0.0\n", None),  # another name that ends the same
        ("x.pkg==1.0.0\n", None),
        ("pkg==1.0.0 and pkg==1.0.0\n", "pkg==2.0.0 and pkg==2.0.0\n"),  # every occurrence
    ],
)
def test_loose_variable_values_with_prefix(text: str, expected: str | None) -> None:
    prefix = "v" if "@v" in text else ""
    if expected is None:
        with pytest.raises(StampError, match="no version value for 'pkg' was found"):
            stamp_variable(text, "pkg", "2.0.0", prefix=prefix)
    else:
        assert stamp_variable(text, "pkg", "2.0.0", prefix=prefix) == expected


def test_tag_form_keeps_prefix_and_suffix() -> None:
    text = 'TAG = "release-1.0.0-final"\n'
    got = stamp_variable(text, "TAG", "2.0.0", prefix="release-", suffix="-final")
    assert got == 'TAG = "release-2.0.0-final"\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.0.0\n", "2.0.0\n"),
        ("v1.0.0 and 1.0.0.\n", "v1.0.0 and 2.0.0.\n"),  # after a letter: part of a word
        ("11.0.0 1.0.01 1.0.0.1 a1.0.0 x.1.0.0\n", None),
        ("(1.0.0) '1.0.0'\n", "(2.0.0) '2.0.0'\n"),
    ],
)
def test_literal_versions_stand_alone(text: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(StampError, match=r"the current version 1\.0\.0 does not appear"):
            stamp_literal(text, "1.0.0", "2.0.0")
    else:
        assert stamp_literal(text, "1.0.0", "2.0.0") == expected


# -- one release out of a changelog ----------------------------------------------------------

CHANGELOG = """\
# Changelog

## [2.0.0](https://x/compare/v1.0.0...v2.0.0) - 2024-03-01

### Features

- b

## v1.10.0

- ten

## 1.0.0 (2024-01-01)

- a
"""


def test_extract_release_takes_one_section_up_to_the_next() -> None:
    assert extract_release(CHANGELOG, "2.0.0") == (
        "## [2.0.0](https://x/compare/v1.0.0...v2.0.0) - 2024-03-01\n\n### Features\n\n- b\n"
    )
    assert extract_release(CHANGELOG, "1.10.0") == "## v1.10.0\n\n- ten\n"
    assert extract_release(CHANGELOG, "1.0.0") == "## 1.0.0 (2024-01-01)\n\n- a\n"


@pytest.mark.parametrize("version", ["1.1.0", "2.0", "0.0", "10.0"])
def test_extract_release_of_an_absent_version_is_none(version: str) -> None:
    assert extract_release(CHANGELOG, version) is None


# -- severities ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("LOW", Severity.LOW),
        (" medium ", Severity.MEDIUM),
        ("Moderate", Severity.MEDIUM),
        ("high", Severity.HIGH),
        ("CRITICAL", Severity.CRITICAL),
        ("severe", None),
        ("", None),
    ],
)
def test_severity_labels(label: str, expected: Severity | None) -> None:
    assert Severity.parse(label) is expected


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (10.0, Severity.CRITICAL),
        (9.0, Severity.CRITICAL),
        (8.9, Severity.HIGH),
        (7.0, Severity.HIGH),
        (6.9, Severity.MEDIUM),
        (4.0, Severity.MEDIUM),
        (3.9, Severity.LOW),
        (0.1, Severity.LOW),
        (0.0, None),
    ],
)
def test_cvss_scores_map_to_their_rating(score: float, expected: Severity | None) -> None:
    assert Severity.from_cvss_score(score) is expected


# -- the audit report document and repository slugs ------------------------------------------


def test_report_json_is_the_whole_documented_document() -> None:
    vuln = Finding(
        "pip-audit", Kind.VULNERABILITY, "PYSEC-1", "bad", Severity.HIGH, package="p",
        installed_version="1.0", fixed_versions=("1.1",), aliases=("CVE-1",),
    )  # fmt: skip
    code = Finding("bandit", Kind.CODE, "B602", "shell", None, Severity.LOW, file="a.py", line=3)
    command = Finding("commands", Kind.COMMAND, "pytest", "exited with status 1")
    runs = [AuditorRun("pip-audit", 0.1, (vuln,)), AuditorRun("bandit", 0.2, (code, command))]
    data = report_json(evaluate(runs, Policy(), today=date(2025, 6, 1)))
    findings = [f for a in data["auditors"] for f in a["findings"]]
    assert findings[0] == {
        "id": "PYSEC-1", "kind": "vulnerability", "disposition": "blocking", "summary": "bad",
        "severity": "high", "confidence": None, "package": "p", "installed_version": "1.0",
        "fixed_versions": ["1.1"], "aliases": ["CVE-1"], "file": None, "line": None,
        "note": None,
    }  # fmt: skip
    assert (findings[1]["severity"], findings[1]["confidence"]) == ("unknown", "low")
    assert (findings[1]["file"], findings[1]["line"]) == ("a.py", 3)
    assert (findings[2]["kind"], findings[2]["severity"]) == ("command", None)


@pytest.mark.parametrize(
    ("slug", "owner"),
    [("Octo-Org/Widgets", "Octo-Org"), ("a_b.c/x", "a_b.c"), ("octo/w/x", None), ("o/", None)],
)
def test_slugs_keep_their_case(slug: str, owner: str | None) -> None:
    parsed = parse_slug(slug)
    assert (parsed.owner if parsed else None) == owner
