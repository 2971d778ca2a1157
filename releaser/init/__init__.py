"""`releaser init`: set a project up for the CLI, the Action and the commit-msg hook.

`setup` detects the project and writes `[tool.releaser]` (translated from another tool's
table when present); `workflow` gives the release workflow, `precommit` the hook entry,
`model` the record of each file considered.
May import: `core`, `config`, `adapters`, `errors`. Must not import the release pipeline or
the CLI.
"""
