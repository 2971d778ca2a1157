"""The pure core: Conventional Commits, versions, history analysis, changelog, audit policy.

Strings and frozen dataclasses in, strings and frozen dataclasses out: no git, no HTTP,
no clock, no environment. The templates are read as package data, nothing else.
May import: the standard library, packaging and Jinja2. Must not import anything else of
releaser (not even `releaser.errors`): everything above builds on it, never the reverse.
"""
