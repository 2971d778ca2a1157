"""Recall of a committed changelog: how many of its (version, entry) pairs another one has.

    python scripts/recall.py CHANGELOG.md generated.md          # the figure
    python scripts/recall.py CHANGELOG.rst generated.rst --missing  # and what is missing

Used to compare releaser with commitizen and python-semantic-release on their own
repositories (issue 11): the committed file is the reference, the other file is what a
tool regenerates from the history (`releaser changelog --full --stdout`,
`cz changelog --dry-run`, `semantic-release changelog` in init mode).

Both Markdown and reStructuredText are read. A release heading is any heading whose
first word is a version (`## v1.2.0 (date)`, `## 1.2.0 - date`, `v1.2.0 (date)` over
`===`). An entry is a top-level bullet of that release, in any section. Entries are
compared without markup, references, commit hashes, case and closing punctuation, so
that each tool's layout does not count, only the change it names.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from packaging.version import InvalidVersion, Version

_MD_HEADING = re.compile(r"^#{1,3} +v?(?P<version>\d+\.\d+\.\d+\S*)")
_RST_HEADING = re.compile(r"^v?(?P<version>\d+\.\d+\.\d+\S*)( |$)")
_RST_UNDERLINE = re.compile(r"^(=+|-+|~+|\^+)$")
_BULLET = re.compile(r"^[*-] +(?P<text>.*)")
_SCOPE = re.compile(r"^\*\*(?P<scope>[^*]+?):?\*\*:? *")
# references and hashes at the end: (#12), (abc1234), (`PR#12`_, `abc1234`_), closes `#9`_
_TAIL = re.compile(
    r"(?:,? *closes [^()]*?)?(?: *\((?:`?(?:PR)?#?[\w!#]+`?_?(?:, *)?)+\))+ *$", re.IGNORECASE
)
_CLOSES = re.compile(r",? *closes (?:`?#\d+`?_?(?:,? *(?:and )?)?)+$", re.IGNORECASE)
_BARE_REFS = re.compile(r"(?: +#\d+)+ *$")  # "... will no longer work #47"
_MARKUP = re.compile(r"``?|\*\*|`_")

Pair = tuple[Version, str]


def _version(text: str) -> Version | None:
    try:
        return Version(text.rstrip(":,"))
    except InvalidVersion:
        return None


def _bullets(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """(line number, paragraphs) of each top-level bullet: its text and indented notes."""
    i = 0
    while i < len(lines):
        match = _BULLET.match(lines[i])
        if match is None:
            i += 1
            continue
        paragraphs, start = [match["text"]], i
        i += 1
        while i < len(lines) and (
            lines[i].startswith("  ") or (not lines[i].strip() and _indented(lines, i + 1))
        ):
            if lines[i].strip():
                joined = paragraphs[-1] + " " if lines[i - 1].strip() else ""
                paragraphs[-1 if joined else len(paragraphs) :] = [joined + lines[i].strip()]
            i += 1
        yield start, paragraphs


def _indented(lines: list[str], i: int) -> bool:
    return i < len(lines) and lines[i].startswith("  ") and bool(lines[i].strip())


def normalise(entry: str) -> str:
    """An entry without scope markup, references, hashes, markup, case and final stop."""
    match = _SCOPE.match(entry)
    scope = match["scope"].strip().lower() + ": " if match else ""
    text = entry[match.end() :] if match else entry
    for _ in range(2):
        text = _BARE_REFS.sub("", _CLOSES.sub("", _TAIL.sub("", text.strip())))
    text = _MARKUP.sub("", text)
    text = " ".join(text.split()).rstrip(".").lower()
    return scope + text


def entries(path: Path, notes: bool = False) -> set[Pair]:
    """The (version, normalised entry) pairs of a changelog file.

    With `notes`, an entry's indented paragraphs (a breaking change's text) count as
    entries too, with and without the entry's scope.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    rst = path.suffix == ".rst"
    releases: list[tuple[int, Version]] = []
    for n, line in enumerate(lines):
        if rst:
            below = lines[n + 1] if n + 1 < len(lines) else ""
            match = _RST_HEADING.match(line) if _RST_UNDERLINE.match(below) else None
        else:
            match = _MD_HEADING.match(line)
        version = _version(match["version"]) if match else None
        if version is not None:
            releases.append((n, version))
    pairs: set[Pair] = set()
    for start, paragraphs in _bullets(lines):
        owner = [v for n, v in releases if n < start]
        if not owner:
            continue
        first = normalise(paragraphs[0])
        pairs.add((owner[-1], first))
        scope = first.partition(": ")[0] + ": " if _SCOPE.match(paragraphs[0]) else ""
        for note in paragraphs[1:] if notes else ():  # one tool scopes them, the other not
            pairs.update({(owner[-1], scope + normalise(note)), (owner[-1], normalise(note))})
    return pairs


def recall(committed: set[Pair], generated: set[Pair]) -> float:
    """The share of the committed pairs that the generated file has too."""
    return len(committed & generated) / len(committed) if committed else 1.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("committed", type=Path)
    parser.add_argument("generated", type=Path)
    parser.add_argument("--missing", action="store_true", help="list the missing pairs")
    parser.add_argument("--since", help="count releases from this version on only")
    args = parser.parse_args(argv)
    committed, generated = entries(args.committed), entries(args.generated, notes=True)
    if args.since:
        floor = Version(args.since)
        committed = {p for p in committed if p[0] >= floor}
    found = len(committed & generated)
    print(f"recall {100 * recall(committed, generated):.1f} % ({found} of {len(committed)})")
    if args.missing:
        for version, text in sorted(committed - generated, reverse=True):
            print(f"  {version}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
