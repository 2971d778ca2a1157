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
        # `cut` writes through GitPython, which logs each command (passwords already removed)
        writes = logging.StreamHandler(sys.stderr)
        writes.addFilter(_gitpython_command)
        gitpython = logging.getLogger("git.cmd")
        gitpython.addHandler(writes)
        gitpython.setLevel(logging.DEBUG)
    return value


def _gitpython_command(record: logging.LogRecord) -> bool:
    """Keep GitPython's "Popen(command, ...)" records only, shown as `+ git ...` lines."""
    args = record.args
    if not (isinstance(args, tuple) and args and str(record.msg).startswith("Popen(")):
        return False
    command = args[0]
    words = [str(word) for word in command] if isinstance(command, list) else [str(command)]
    record.msg, record.args = "+ %s", (" ".join(words),)
    return True


def is_verbose() -> bool:
    """True once -v/--verbose was given."""
    return _state["verbose"]
