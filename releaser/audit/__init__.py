"""The audit gate: its settings (`config`), the runner over the auditors (`gate`), and the
summary of its report for people and for GitHub Actions (`summary`).

The pass/fail policy itself is pure and lives in `releaser.core.audit`.
May import: `core`, `config`, `adapters` (pip-audit, bandit, project commands), `errors`.
Must not import the release pipeline or the CLI.
"""
