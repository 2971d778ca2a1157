"""A tiny buildable package for tests that build, check and publish distributions."""

from __future__ import annotations

from pathlib import Path

_PYPROJECT = """\
[build-system]
requires = ["setuptools>=77"]
build-backend = "setuptools.build_meta"

[project]
name = "{name}"
version = "{version}"
description = "A sample package used by releaser's tests."
{readme_line}license = "MIT"
requires-python = ">=3.10"

[tool.setuptools.packages.find]
include = ["{module}*"]
"""

_README_LINE = 'readme = { file = "README.rst", content-type = "text/x-rst" }\n'

README = """\
Sample package
==============

A package that releaser's tests build, check, publish and install again.
"""

# An unknown directive is an error for docutils: PyPI would not render this README.
BROKEN_README = """\
Sample package
==============

.. no-such-directive::
"""


def write_sample_project(
    directory: Path,
    *,
    name: str = "releaser-sample",
    version: str = "0.1.0",
    readme: str | None = README,
    marker: str = "",
) -> Path:
    """Write a buildable setuptools project into `directory` and return it.

    The import package is `name` with dashes as underscores and carries `__version__`.
    `readme=None` leaves the project without a long description.
    `marker` goes into the module, so two builds of one version can differ in content.
    """
    module = name.replace("-", "_")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "pyproject.toml").write_text(
        _PYPROJECT.format(
            name=name,
            version=version,
            module=module,
            readme_line=_README_LINE if readme is not None else "",
        ),
        encoding="utf-8",
    )
    if readme is not None:
        (directory / "README.rst").write_text(readme, encoding="utf-8")
    (directory / "LICENSE").write_text("MIT License\n", encoding="utf-8")
    package = directory / module
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text(
        f'"""Sample package."""\n\n__version__ = "{version}"\nMARKER = "{marker}"\n',
        encoding="utf-8",
    )
    return directory
