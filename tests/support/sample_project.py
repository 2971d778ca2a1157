"""A tiny buildable package for tests that build, check and publish distributions."""

from __future__ import annotations

from pathlib import Path

_BUILD_SYSTEMS = {
    "setuptools": 'requires = ["setuptools>=77"]\nbuild-backend = "setuptools.build_meta"\n',
    # flit-core: the same distributions, about a fifth of the build time
    "flit": 'requires = ["flit_core>=3.12,<5"]\nbuild-backend = "flit_core.buildapi"\n',
}

_PYPROJECT = """\
[build-system]
{build_system}
[project]
name = "{name}"
version = "{version}"
description = "A sample package used by releaser's tests."
{readme_line}license = "MIT"
requires-python = ">=3.10"
{packages}"""
_SETUPTOOLS_PACKAGES = '\n[tool.setuptools.packages.find]\ninclude = ["{module}*"]\n'


_README_LINE = 'readme = {{ file = "{file}", content-type = "{content_type}" }}\n'
_README_FILES = {"rst": ("README.rst", "text/x-rst"), "markdown": ("README.md", "text/markdown")}

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
    backend: str = "setuptools",
    readme_format: str = "rst",
) -> Path:
    """Write a buildable project into `directory` and return it.

    `backend` is "setuptools" or "flit" (flit-core: the same sdist and wheel, built faster).

    The import package is `name` with dashes as underscores and carries `__version__`.
    `readme=None` leaves the project without a long description; `readme_format` is "rst"
    (README.rst, rendered by `twine check`) or "markdown" (README.md, which PyPI renders as
    it can).
    `marker` goes into the module, so two builds of one version can differ in content.
    """
    module = name.replace("-", "_")
    readme_file, content_type = _README_FILES[readme_format]
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "pyproject.toml").write_text(
        _PYPROJECT.format(
            build_system=_BUILD_SYSTEMS[backend],
            packages=_SETUPTOOLS_PACKAGES.format(module=module) if backend == "setuptools" else "",
            name=name,
            version=version,
            module=module,
            readme_line=_README_LINE.format(file=readme_file, content_type=content_type)
            if readme is not None
            else "",
        ),
        encoding="utf-8",
    )
    if readme is not None:
        (directory / readme_file).write_text(readme, encoding="utf-8")
    (directory / "LICENSE").write_text("MIT License\n", encoding="utf-8")
    package = directory / module
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text(
        f'"""Sample package."""\n\n__version__ = "{version}"\nMARKER = "{marker}"\n',
        encoding="utf-8",
    )
    return directory


# A setup.py that needs a module of the work tree which the sdist does not ship: the sdist
# builds, the wheel built from that sdist must not.
NEEDS_UNSHIPPED_MODULE = """\
import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _unshipped_helper import EXTRA  # only in the work tree, never in the sdist
from setuptools import setup
setup()
"""

# A whole PEP 517 backend with no requirements (`backend-path`), so an isolated build works
# offline. Each hook appends "<hook> <sys.prefix> <cwd>" to $SAMPLE_BACKEND_LOG.
_IN_TREE_BACKEND = '''\
"""A tiny in-tree build backend for releaser's tests."""
import io, os, sys, tarfile, zipfile

NAME, VERSION = "in_tree_sample", "0.1.0"
META = f"Metadata-Version: 2.1\\nName: {NAME}\\nVersion: {VERSION}\\n"


def _log(hook):
    with open(os.environ["SAMPLE_BACKEND_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{hook} {sys.prefix} {os.getcwd()}\\n")


def get_requires_for_build_sdist(config_settings=None):
    _log("get_requires_for_build_sdist")
    return []


def get_requires_for_build_wheel(config_settings=None):
    _log("get_requires_for_build_wheel")
    return []


def build_sdist(sdist_directory, config_settings=None):
    _log("build_sdist")
    name = f"{NAME}-{VERSION}.tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as sdist:
        for path in ("pyproject.toml", "backend/sample_backend.py", f"{NAME}.py"):
            sdist.add(path, f"{NAME}-{VERSION}/{path}")
        info = tarfile.TarInfo(f"{NAME}-{VERSION}/PKG-INFO")
        info.size = len(META)
        sdist.addfile(info, io.BytesIO(META.encode()))
    return name


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    _log("build_wheel")
    name = f"{NAME}-{VERSION}-py3-none-any.whl"
    info = f"{NAME}-{VERSION}.dist-info"
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w") as wheel:
        wheel.write(f"{NAME}.py", f"{NAME}.py")
        wheel.writestr(f"{info}/METADATA", META)
        tags = "Wheel-Version: 1.0\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"
        wheel.writestr(f"{info}/WHEEL", tags)
        wheel.writestr(f"{info}/RECORD", "")
    return name
'''


def write_in_tree_backend_project(directory: Path) -> Path:
    """A project whose build backend is in the project itself and needs nothing installed."""
    (directory / "backend").mkdir(parents=True)
    (directory / "backend" / "sample_backend.py").write_text(_IN_TREE_BACKEND, encoding="utf-8")
    (directory / "pyproject.toml").write_text(
        '[build-system]\nrequires = []\nbuild-backend = "sample_backend"\n'
        'backend-path = ["backend"]\n',
        encoding="utf-8",
    )
    (directory / "in_tree_sample.py").write_text('__version__ = "0.1.0"\n', encoding="utf-8")
    return directory
