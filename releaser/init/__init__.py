"""`releaser init`: set a project up for the CLI, the Action and the commit-msg hook.

`setup` detects the project, then writes `[tool.releaser]` (translated from another tool's
table when present), the release workflow and the pre-commit hook.
May import: `core`, `config`, `adapters`, `errors`. Must not import the release pipeline or
the CLI.
"""
