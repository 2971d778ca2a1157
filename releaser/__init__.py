"""releaser: release automation for Python packages."""

__version__ = "0.1.0"
