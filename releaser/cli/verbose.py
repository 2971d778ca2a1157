"""`-v/--verbose`: show the git commands releaser runs, and the traceback of any error."""

from __future__ import annotations

import logging
import sys

_state = {"verbose": False}


def set_verbose(value: bool) -> bool:
    """The option's callback: from now on, log git commands to stderr."""
    if value and not _state["verbose"]:
        _state["verbose"] = True
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger = logging.getLogger("releaser")
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    return value


def is_verbose() -> bool:
    """True once -v/--verbose was given."""
    return _state["verbose"]
