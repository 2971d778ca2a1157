"""Shared test set-up: no test reaches beyond 127.0.0.1 (pytest-socket in pyproject)."""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, Phase, settings

# Git must behave the same for every developer and CI: no user config, no signing.
os.environ.setdefault("GIT_CONFIG_NOSYSTEM", "1")
for _name in ("GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"):
    os.environ.setdefault(_name, "releaser-test")
for _name in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"):
    os.environ.setdefault(_name, "test@releaser.invalid")

# Hypothesis on a loaded 2-core machine: a deadline generous enough for a busy CI runner
# (still catching a pathological slowdown), and no "input generation is slow" failures.
settings.register_profile(
    "releaser",
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow],
)
# Mutation runs (scripts/mutation.sh) run the tests once per mutant: fewer examples each, the
# same ones every run, no deadline (a starved run is not a kill) and no shrinking (a failure
# is all a mutant run needs to know).
settings.register_profile(
    "mutation",
    parent=settings.get_profile("releaser"),
    max_examples=20,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "releaser"))
