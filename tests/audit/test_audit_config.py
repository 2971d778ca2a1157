"""`[tool.releaser.audit]` validation: defaults, types, and helpful errors."""

from __future__ import annotations

from datetime import date

import pytest

from releaser.audit.config import AuditConfig, audit_config_from_table
from releaser.core.audit import AllowEntry, CommandSpec, Severity
from releaser.errors import ConfigError


def test_zero_configuration_runs_pip_audit_and_bandit() -> None:
    config = audit_config_from_table({})
    assert config == AuditConfig()
    assert (config.pip_audit, config.bandit, config.commands) == (True, True, ())
    assert config.bandit_severity is Severity.HIGH
    assert config.vulnerability_service == "osv"  # pypi fails open on 404 (skips)


def test_full_table() -> None:
    config = audit_config_from_table(
        {
            "fail-on-severity": "HIGH",
            "commands": ["pytest -q", {"run": "ruff check .", "timeout": 60}],
            "command-timeout": 120,
            "allow": [
                {"id": "GHSA-1", "reason": "r", "expires": date(2025, 1, 2)},
                {"id": "B602", "reason": "r", "expires": "2026-03-04"},
                {"id": "CVE-1", "reason": "r"},
            ],
        }
    )
    assert config.fail_on_severity is Severity.HIGH
    assert config.commands == (
        CommandSpec(("pytest", "-q"), 120.0),
        CommandSpec(("ruff", "check", "."), 60.0),
    )
    assert config.allow == (
        AllowEntry("GHSA-1", "r", date(2025, 1, 2)),
        AllowEntry("B602", "r", date(2026, 3, 4)),
        AllowEntry("CVE-1", "r", None),
    )
    assert config.policy(allow_unavailable=True).allow_unavailable


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"fail-on-severty": "high"}, "unknown key 'fail-on-severty'"),
        ({"bandit": "yes"}, "'bandit' in [tool.releaser.audit] must be true or false"),
        ({"bandit-severity": "critical"}, "must be one of low, medium, high, not 'critical'"),
        ({"vulnerability-service": "snyk"}, "must be one of osv, pypi"),
        ({"allow": [{"id": "X"}]}, "needs an 'id' and a 'reason'"),
        ({"allow": [{"id": "X", "reason": "r", "expires": "soon"}]}, "must be a date"),
        ({"commands": [""]}, "is empty"),
        ({"commands": [{"run": "x", "timout": 3}]}, "unknown key 'timout'"),
        ({"command-timeout": 0}, "must be positive"),
    ],
)
def test_invalid_tables(table: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        audit_config_from_table(table)


def test_unknown_key_suggests_the_closest() -> None:
    with pytest.raises(ConfigError) as info:
        audit_config_from_table({"fail-on-severty": "high"})
    assert info.value.hint == "did you mean 'fail-on-severity'?"
