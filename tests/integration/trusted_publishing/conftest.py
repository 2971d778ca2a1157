"""Fixtures for the trusted-publishing tests: a fake CI OIDC runtime and index, over HTTPS."""

from tests.support.oidc_server import oidc_server, test_ca

__all__ = ["oidc_server", "test_ca"]
