"""Fix suggestions for vulnerable pins, and `releaser audit --fix`, which writes them.

For each blocking vulnerability the gate found, the suggestion names the lowest version
that fixes every advisory against that package (pip-audit's fix versions) and the one
line to change in the file that pins it. Applying changes files only: nothing is
installed, nothing is committed. When any suggestion cannot be applied (no fixed
version, a hash-locked file, a file that does not parse), nothing is changed.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from releaser.adapters.pip_audit import locate_pin
from releaser.core.audit import Disposition, Finding, GateReport, Kind
from releaser.core.pins import PinError, fix_version, raise_to
from releaser.errors import RefusedError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


@dataclass(frozen=True, slots=True)
class FixSuggestion:
    """How to fix one vulnerable package: the version, the line before and after, or why not."""

    package: str
    installed: str
    advisories: tuple[str, ...]
    version: str | None = None  # the lowest version fixing every advisory
    file: str | None = None  # relative to the project
    line: int | None = None
    old: str | None = None  # the line as it is
    new: str | None = None  # the line as it should be
    problem: str | None = None  # why the change cannot be made automatically

    def describe(self) -> str:
        """One line for people: what fixes it and where to change it (or why not)."""
        ids = ", ".join(self.advisories)
        head = f"{self.package} {self.installed} ({ids})"
        if self.version is not None:
            head += f": fixed in {self.version}"
        if self.problem is not None:
            return f"{head}; {self.problem}"
        old, new = (self.old or "").strip(), (self.new or "").strip()
        return f"{head}; change {self.file} line {self.line}: `{old}` -> `{new}`"


def _vulnerable(report: GateReport) -> dict[tuple[str, str, str | None], list[Finding]]:
    groups: dict[tuple[str, str, str | None], list[Finding]] = {}
    for result in report.results:
        for f in result.findings:
            if f.kind is not Kind.VULNERABILITY or f.disposition is not Disposition.BLOCKING:
                continue
            key = (f.package or "?", f.installed_version or "?", f.file)
            groups.setdefault(key, []).append(f)
    return groups


def suggest_fixes(report: GateReport, project_dir: Path) -> list[FixSuggestion]:
    """One suggestion per vulnerable package (blocking findings only)."""
    suggestions = []
    for (package, installed, file), findings in _vulnerable(report).items():
        ids = tuple(dict.fromkeys(f.id for f in findings))
        base = FixSuggestion(package, installed, ids, file=file)
        version = fix_version(installed, [f.fixed_versions for f in findings])
        if version is None:
            unfixed = [f.id for f in findings if not f.fixed_versions] or list(ids)
            suggestions.append(
                _with(base, problem=f"no fixed version is known for {', '.join(unfixed)}")
            )
            continue
        suggestions.append(_change(_with(base, version=version), project_dir))
    return suggestions


def _with(s: FixSuggestion, **changes: object) -> FixSuggestion:
    from dataclasses import replace

    return replace(s, **changes)  # type: ignore[arg-type]


def _change(s: FixSuggestion, project_dir: Path) -> FixSuggestion:
    assert s.version is not None
    if s.file is None:
        return _with(s, problem=f"releaser does not know which file pins {s.package}")
    try:
        pin = locate_pin(project_dir / s.file, s.package)
    except PinError as exc:
        return _with(s, problem=f"cannot edit {s.file}: {exc}")
    if pin is None:
        return _with(
            s,
            problem=f"{s.file} does not name {s.package} (it comes in through another "
            f"dependency): raise that one, or add `{s.package}>={s.version}`",
        )
    if pin.hashed:
        return _with(
            s,
            line=pin.line,
            problem=f"{s.file} line {pin.line} is a hash-locked pin: re-lock it with "
            f"{s.package}=={s.version} using the tool that wrote it",
        )
    try:
        requirement = raise_to(pin.requirement, s.installed, s.version)
    except PinError as exc:
        return _with(s, line=pin.line, problem=f"cannot edit {s.file} line {pin.line}: {exc}")
    new = pin.line_text.replace(pin.requirement, requirement, 1)
    return _with(s, line=pin.line, old=pin.line_text, new=new)


def apply_fixes(suggestions: Sequence[FixSuggestion], project_dir: Path) -> list[str]:
    """Write every suggested change; RefusedError, changing nothing, when any cannot be made."""
    problems = [s.describe() for s in suggestions if s.problem is not None]
    if problems:
        raise RefusedError(
            "audit --fix changed nothing: " + "; ".join(problems),
            hint="make these changes by hand, or accept the risk with an 'allow' entry "
            "under [tool.releaser.audit], then run `releaser audit --fix` again",
        )
    texts: dict[str, list[str]] = {}
    for s in suggestions:
        assert s.file is not None
        assert s.line is not None
        assert s.new is not None
        if s.file not in texts:
            texts[s.file] = (project_dir / s.file).read_text(encoding="utf-8").splitlines(True)
        lines = texts[s.file]
        ending = lines[s.line - 1][len(lines[s.line - 1].rstrip("\r\n")) :]
        lines[s.line - 1] = s.new + ending
    for file, lines in texts.items():
        text = "".join(lines)
        if file.endswith(".toml"):
            tomllib.loads(text)  # the edit replaced one string by another: still valid TOML
        (project_dir / file).write_text(text, encoding="utf-8")
    return [s.describe() for s in suggestions]
