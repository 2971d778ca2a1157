"""The README's first command: scripts/demo_release.py runs a whole release and checks it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
FOREIGN = ("RELEASER_", "TWINE_", "GH_", "GITHUB_", "PYPI_")


def test_the_demo_releases_once_and_says_where_to_look() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(FOREIGN)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "demo_release.py")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    for number in range(1, 6):  # every step is announced
        assert f"\n== {number}. " in out, out
    assert "released v0.2.0" in out
    assert re.search(r"git -C \S+origin\.git show --stat v0\.2\.0", out)
    assert "GitHub release v0.2.0, published" in out
    assert "releaser_demo.__version__ == 0.2.0" in out  # imported from the installed copy
    assert "v0.2.0 was already released: nothing left to do" in out
    assert "still one tag, one GitHub release and two files on the index" in out
    where = re.search(r"removed (\S+); run with --keep", out)
    assert where, out
    assert not Path(where.group(1)).exists()  # it cleaned up after itself
