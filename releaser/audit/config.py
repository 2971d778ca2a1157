"""`[tool.releaser.audit]`: which auditors the gate runs, and how findings are judged.

Zero configuration runs pip-audit and bandit; project commands run when listed.

    [tool.releaser.audit]
    pip-audit = true                # audit dependencies with pip-audit
    bandit = true                   # scan the package source with bandit
    advisory-db = "osv-db"          # OSV JSON records: match offline, contact no service
    requirements = ["pylock.toml"]  # pinned requirements / lock files (pylock*.toml too);
                                    # default: [project].dependencies resolved as pip-audit does
    vulnerability-service = "osv"   # "osv" (default) or "pypi", when no advisory-db is given
    osv-url = "https://api.osv.dev/v1/query"  # an OSV-compatible endpoint (a mirror)
    fail-on-severity = "low"        # vulnerabilities at or above this fail the gate
    bandit-severity = "high"        # bandit findings at or above this severity ...
    bandit-confidence = "low"       # ... and this confidence fail the gate
    bandit-paths = ["src/pkg"]      # default: src/ when present, else the import package
    bandit-exclude = ["src/pkg/vendored"]
    commands = ["pytest -q", { run = "ruff check", timeout = 60 }]
    command-timeout = 600           # seconds, for commands without their own
    allow = [{ id = "GHSA-xxxx-yyyy-zzzz", reason = "not reachable", expires = 2025-12-31 }]
    allow-unavailable = false       # pass (loudly) when an auditor cannot run
    report = "audit-report.json"    # also write the JSON report here

Unknown severity: OSV records may carry no severity, and the online services
report none through pip-audit. A vulnerability of unknown severity fails the
gate at every threshold (fail closed); accept it with an allow-list entry.
Allow-list IDs match advisory IDs and their aliases, and bandit test IDs
(`B602`); an entry whose `expires` date has passed fails the gate.
Commands are split like a shell would (shlex) but run without a shell, in the
project directory.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from releaser.config.schema import Key, validate_table
from releaser.core.audit import AllowEntry, CommandSpec, Policy, Severity
from releaser.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_SEVERITIES = ("low", "medium", "high", "critical")
_SERVICES = ("osv", "pypi")

SCHEMA: dict[str, Key] = {
    "pip-audit": Key(bool, True, "audit dependencies with pip-audit"),
    "bandit": Key(bool, True, "scan the package source with bandit"),
    "advisory-db": Key(str, None, "a directory of OSV JSON records"),
    "requirements": Key((list, str), None, "pinned requirements or lock files"),
    "vulnerability-service": Key(str, "osv", "one of: osv, pypi"),
    "osv-url": Key(str, None, "an OSV-compatible query endpoint"),
    "fail-on-severity": Key(str, "low", "one of: low, medium, high, critical"),
    "bandit-severity": Key(str, "high", "one of: low, medium, high"),
    "bandit-confidence": Key(str, "low", "one of: low, medium, high"),
    "bandit-paths": Key((list, str), None, "paths to scan, relative to the project"),
    "bandit-exclude": Key((list, str), [], "paths bandit skips"),
    "commands": Key((list, object), [], 'strings, or tables {run = "...", timeout = 60}'),
    "command-timeout": Key(int, 600, "seconds"),
    "allow": Key((list, dict), [], 'tables {id = "...", reason = "...", expires = 2025-12-31}'),
    "allow-unavailable": Key(bool, False, "pass when an auditor cannot run"),
    "report": Key(str, None, "a path for the JSON report"),
}


@dataclass(frozen=True, slots=True)
class AuditConfig:
    """The validated `[tool.releaser.audit]` table; paths are relative to the project."""

    pip_audit: bool = True
    bandit: bool = True
    advisory_db: str | None = None
    requirements: tuple[str, ...] | None = None  # None: the declared dependencies
    vulnerability_service: str = "osv"
    osv_url: str | None = None
    fail_on_severity: Severity = Severity.LOW
    bandit_severity: Severity = Severity.HIGH
    bandit_confidence: Severity = Severity.LOW
    bandit_paths: tuple[str, ...] | None = None  # None: the package source
    bandit_exclude: tuple[str, ...] = ()
    commands: tuple[CommandSpec, ...] = ()
    command_timeout: int = 600
    allow: tuple[AllowEntry, ...] = ()
    allow_unavailable: bool = False
    report: str | None = None

    def policy(self, *, allow_unavailable: bool | None = None) -> Policy:
        """The judging policy; `allow_unavailable` (the CLI flag) overrides the config."""
        return Policy(
            vulnerability_threshold=self.fail_on_severity,
            code_severity=self.bandit_severity,
            code_confidence=self.bandit_confidence,
            allow=self.allow,
            allow_unavailable=(
                self.allow_unavailable if allow_unavailable is None else allow_unavailable
            ),
        )


def _choice(values: dict[str, object], key: str, choices: tuple[str, ...], where: str) -> str:
    value = str(values[key.replace("-", "_")]).lower()
    if value not in choices:
        raise ConfigError(
            f"'{key}' in {where} must be one of {', '.join(choices)}, not {value!r}",
        )
    return value


def _severity(
    values: dict[str, object], key: str, where: str, *, top: str = "critical"
) -> Severity:
    choices = _SEVERITIES[: _SEVERITIES.index(top) + 1]
    return Severity[_choice(values, key, choices, where).upper()]


def _commands(items: list[object], default_timeout: int, where: str) -> tuple[CommandSpec, ...]:
    specs = []
    for item in items:
        if isinstance(item, str):
            run, timeout = item, default_timeout
        elif isinstance(item, dict):
            table = validate_table(
                item, {"run": Key(str, None), "timeout": Key(int, default_timeout)}, where
            )
            run, timeout = table["run"], table["timeout"]
        else:
            raise ConfigError(f"each entry of 'commands' in {where} must be a string or a table")
        try:
            argv = tuple(shlex.split(run or ""))
        except ValueError as exc:
            raise ConfigError(f"cannot split command {run!r} in {where}: {exc}") from exc
        if not argv:
            raise ConfigError(f"an entry of 'commands' in {where} is empty")
        if timeout <= 0:
            raise ConfigError(f"the timeout of {run!r} in {where} must be positive")
        specs.append(CommandSpec(argv=argv, timeout=float(timeout)))
    return tuple(specs)


def _date(value: object, entry: str, where: str) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ConfigError(
        f"'expires' of allow-list entry {entry!r} in {where} must be a date, not {value!r}",
        hint="write a TOML date: expires = 2025-12-31",
    )


def _allow(items: list[dict[str, object]], where: str) -> tuple[AllowEntry, ...]:
    schema = {"id": Key(str, None), "reason": Key(str, None), "expires": Key(object, None)}
    entries = []
    for item in items:
        table = validate_table(item, schema, f"'allow' in {where}")
        if not table["id"] or not table["reason"]:
            raise ConfigError(
                f"each 'allow' entry in {where} needs an 'id' and a 'reason'",
                hint='write {id = "GHSA-...", reason = "why this risk is accepted"}',
            )
        expires = _date(table["expires"], table["id"], where)
        entries.append(AllowEntry(id=table["id"], reason=table["reason"], expires=expires))
    return tuple(entries)


def audit_config_from_table(
    table: Mapping[str, object], *, where: str = "[tool.releaser.audit]"
) -> AuditConfig:
    """Validate a `[tool.releaser.audit]` table into an `AuditConfig` (ConfigError if invalid)."""
    values = validate_table(table, SCHEMA, where)
    if values["command_timeout"] <= 0:
        raise ConfigError(f"'command-timeout' in {where} must be positive")
    optional = ("requirements", "bandit_paths")
    lists = {k: (None if values[k] is None else tuple(values[k])) for k in optional}
    return AuditConfig(
        pip_audit=values["pip_audit"],
        bandit=values["bandit"],
        advisory_db=values["advisory_db"],
        requirements=lists["requirements"],
        vulnerability_service=_choice(values, "vulnerability-service", _SERVICES, where),
        osv_url=values["osv_url"],
        fail_on_severity=_severity(values, "fail-on-severity", where),
        bandit_severity=_severity(values, "bandit-severity", where, top="high"),
        bandit_confidence=_severity(values, "bandit-confidence", where, top="high"),
        bandit_paths=lists["bandit_paths"],
        bandit_exclude=tuple(values["bandit_exclude"]),
        commands=_commands(values["commands"], values["command_timeout"], where),
        command_timeout=values["command_timeout"],
        allow=_allow(values["allow"], where),
        allow_unavailable=values["allow_unavailable"],
        report=values["report"],
    )


def load_audit_config(project_dir: Path) -> AuditConfig:
    """Read `[tool.releaser.audit]` from the project's pyproject.toml (defaults when absent)."""
    path = project_dir / "pyproject.toml"
    if not path.is_file():
        return AuditConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    table = data.get("tool", {}).get("releaser", {}).get("audit", {})
    if not isinstance(table, dict):
        raise ConfigError(f"[tool.releaser.audit] in {path} must be a table")
    return audit_config_from_table(table, where=f"[tool.releaser.audit] in {path}")
