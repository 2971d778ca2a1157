"""Configuration: a project's settings, read and validated once.

- `settings`: `[tool.releaser]` in pyproject.toml -> a frozen `Config`;
- `borrowed`: the same settings taken from python-semantic-release's or commitizen's table;
- `schema`: the key checker both use (unknown keys and wrong types name the closest valid key);
- `checks`: the checks of single values beyond their type (choices, regexes, paths);
- `workspace`: the packages a monorepo's root lists, each with its settings.

May import: `releaser.core` and `releaser.errors`. Must not import adapters, the release
pipeline, the audit gate or the CLI: reading a file is all the I/O done here.
"""

from releaser.config.settings import (
    DEFAULT_SECTIONS,
    DEFAULT_TYPES,
    Config,
    borrowed_notice,
    load_config,
)

__all__ = ["DEFAULT_SECTIONS", "DEFAULT_TYPES", "Config", "borrowed_notice", "load_config"]
