"""One adapter per outside system: git, GitHub, the package index, build, pip-audit, bandit,
the project's own commands, the child-process environment.

Each translates its library's or tool's failures into `releaser.errors` and bounds its time.
May import: `core`, `errors`, and the library it wraps. Must not import the CLI, the release
pipeline, the audit gate, the history service or the configuration loader.
"""
