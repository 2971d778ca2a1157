"""The Jinja environment the changelog templates render in; imported when one renders."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from jinja2 import Environment


class FlatGlobalsEnvironment(Environment):
    """An environment whose templates keep their globals in one dict.

    Jinja chains a template's globals over the environment's (a ChainMap) and copies them
    into the context of every render: a ChainMap copies at Python speed, half the cost of
    rendering a release of a full changelog. The dict is taken when a template loads; the
    globals do not change after that (Jinja asks the same of every environment).
    """

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """The environment's globals, overlaid by the template's own `d`."""
        return {**self.globals, **(d or {})}
