"""Regenerate the golden changelog of tests/unit/test_changelog.py, for review.

    python scripts/regen_golden.py        # rewrite tests/unit/golden/changelog_linked.md
    git diff tests/unit/golden/           # review every changed line before committing

The golden file is what the renderer makes of the fixed history in the test
(`sections()`, rendered with links). Regenerate it only after a deliberate change to
the changelog's format, and read the diff: the file is a reviewed expectation, not a
copy of whatever the code prints today. The rules it freezes are listed in README.md
("How the changelog is written").
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from releaser.core.changelog import render_changelog  # noqa: E402
from tests.unit.test_changelog import GOLDEN, LINKED, sections  # noqa: E402


def main() -> None:
    target = GOLDEN / "changelog_linked.md"
    before = target.read_text(encoding="utf-8") if target.exists() else ""
    after = render_changelog(sections(), LINKED)
    if after == before:
        print(f"{target.relative_to(ROOT)} is up to date")
        return
    target.write_text(after, encoding="utf-8")
    print(f"rewrote {target.relative_to(ROOT)}: review it with `git diff {target.parent}`")


if __name__ == "__main__":
    main()
