"""Fixtures for the trusted-publishing tests: a fake Actions OIDC runtime and index."""

from tests.support.oidc_server import oidc_server

__all__ = ["oidc_server"]
