"""Fixtures for the GitHub adapter tests: the local GitHub server and its OpenAPI contract."""

from tests.support.github_server import github_contract, github_server

__all__ = ["github_contract", "github_server"]
