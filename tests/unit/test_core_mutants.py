"""Tests written to kill mutants of releaser/core that the other tests let survive.

Each names the behaviour it pins; scripts/mutation.sh lists what still survives.
"""

from __future__ import annotations
