"""Issue 9 item 13: secrets reach neither what releaser shows nor the project's git hooks.

Credentials inside the index URL (https://user:token@host/) are blanked in every URL shown:
--dry-run, --json, --log-format json and the step summary. git runs, with the project's own
hooks, in the same scrubbed environment as the build: no GH_TOKEN, GITHUB_TOKEN,
TWINE_PASSWORD or PYPI_TOKEN.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.cut.conftest import Sample

SECRET_NAMES = ("GH_TOKEN", "GITHUB_TOKEN", "TWINE_PASSWORD", "PYPI_TOKEN")
HOOKS = ("pre-push", "post-commit", "reference-transaction", "pre-commit")


def _url_with_credentials(sample: Sample) -> str:
    scheme, rest = sample.index.url.split("://", 1)
    return f"{scheme}://{sample.index.username}:{sample.index.password}@{rest}"


def test_credentials_in_the_index_url_are_never_shown(sample: Sample, tmp_path: Path) -> None:
    url = _url_with_credentials(sample)
    summary = tmp_path / "step-summary.md"
    env = sample.env_without(TWINE_REPOSITORY_URL=url, GITHUB_STEP_SUMMARY=str(summary))
    plan = sample.cut("--dry-run", "--json", "--no-audit", env=env)
    steps = {s["name"]: s for s in json.loads(plan.stdout)["plan"]["steps"]}
    assert "***@" in steps["publish"]["summary"]
    sample.cut("--dry-run", "--no-audit", "--log-format", "json", env=env)
    sample.cut("--dry-run", "--no-audit", env=env)
    sample.cut("--no-audit", "--json", "--log-format", "json", env=env)
    sample.assert_released_once("v0.2.0", "0.2.0")
    shown = "".join(r.stdout + r.stderr for r in sample.runs)
    assert sample.index.password not in shown
    if summary.exists():
        assert sample.index.password not in summary.read_text(encoding="utf-8")


def test_git_hooks_get_no_publishing_secrets(sample: Sample, tmp_path: Path) -> None:
    dumps = tmp_path / "hook-env"
    dumps.mkdir()
    hooks = sample.root / ".git" / "hooks"
    for name in HOOKS:
        hook = hooks / name
        hook.write_text(f'#!/bin/sh\nenv > "{dumps}/{name}.$$"\ncat > /dev/null\n')
        hook.chmod(0o755)
    env = sample.env_without(GITHUB_TOKEN=sample.server.token, PYPI_TOKEN="pypi-never-shown")
    sample.secrets.append("pypi-never-shown")
    sample.cut("--no-audit", env=env)
    sample.assert_released_once("v0.2.0", "0.2.0")

    ran = sorted({p.name.split(".")[0] for p in dumps.iterdir()})
    assert {"pre-push", "post-commit", "reference-transaction"} <= set(ran), ran
    for dump in dumps.iterdir():
        seen = dump.read_text(encoding="utf-8")
        names = {line.split("=", 1)[0] for line in seen.splitlines()}
        assert not names & set(SECRET_NAMES), (dump.name, names & set(SECRET_NAMES))
        for secret in sample.secrets:
            assert secret not in seen, dump.name
