"""What a changelog template sees of one release: the `release` variable.

Built for every release of a full changelog, so the loop over changes is kept lean: a
100k-commit history shows some 60,000 of them. Its fields are documented at the top of
templates/release.md.j2.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, overload

from releaser.core.commits import Footer
from releaser.core.history import Change, RawCommit, Revert, references
from releaser.core.packages import normalize_name

if TYPE_CHECKING:
    from releaser.core.changelog import ReleaseSection, RenderOptions, RepoLinks


class Entries(Sequence[dict[str, Any]]):
    """A list of entries, each built the first time a template reads the list.

    `markdown` is the entries' default list items, one a line: the built-in template
    prints it, so a changelog of 60,000 changes builds no entry at all.
    """

    __slots__ = ("_build", "_built", "_lines", "_sources")

    def __init__(
        self, build: Callable[[Any], dict[str, Any]], sources: Sequence[Any], lines: list[str]
    ) -> None:
        self._build = build  # makes an entry of a source
        self._built: list[dict[str, Any]] | None = None
        self._sources = sources  # what each entry is built from
        self._lines = lines  # each entry's markdown

    @property
    def markdown(self) -> str:
        """The entries' list items, one a line, no line break after the last."""
        return "\n".join(self._lines)

    def _entries(self) -> list[dict[str, Any]]:
        if self._built is None:
            self._built = [self._build(source) for source in self._sources]
        return self._built

    def __len__(self) -> int:
        return len(self._sources)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        return self._entries()[index]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._entries())

    def __eq__(self, other: object) -> bool:
        return self._entries() == other

    __hash__ = None  # type: ignore[assignment]  # as a list's

    def __add__(self, other: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        return [*self._entries(), *other]

    def __radd__(self, other: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        return [*other, *self._entries()]

    def __repr__(self) -> str:
        return repr(self._entries())


def as_list(value: object) -> list[dict[str, Any]]:
    """A list of entries as a list, for `json.dumps`; anything else is not JSON."""
    if isinstance(value, Entries):
        return list(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


_NONE = Entries(dict, (), [])  # a list without entries, shared: nothing in it can change


def release_context(section: ReleaseSection, options: RenderOptions) -> dict[str, Any]:
    """The `release` a template renders."""
    links, own_scopes = options.links, options.own_scopes
    compare = None
    if links is not None and section.tag is not None:
        compare = (
            links.compare(section.previous_tag, section.tag)
            if section.previous_tag
            else links.tree(section.tag)
        )
    initial = options.mask_initial_release and bool(section.version) and not section.previous_tag
    analysis = section.analysis
    groups: dict[str, tuple[list[Change], list[str]]] = {
        title: ([], []) for title in options.sections.values()
    }
    breaking: tuple[list[Change], list[str]] = ([], [])
    notices: list[dict[str, Any]] = []
    sections, exclude, with_notices = options.sections, options.exclude, options.release_notices
    for change in () if initial else analysis.changes:  # newest first, as git lists
        sha, commit = change
        title = sections.get(commit.type)
        rest = commit.rest
        # `breaking` splits the footers: asked only when the message can say so
        is_breaking = commit.bang or ("BREAKING" in rest and commit.breaking)
        if title is None and not is_breaking:
            continue  # a hidden type: no entry to build
        if exclude and _excluded(change, options):
            continue
        if own_scopes or "#" in commit.description or "#" in rest:
            scope, description, numbers = _shown(change, own_scopes)
        else:  # the usual change is shown as written, as `_shown` would show it
            scope, description, numbers = commit.scope, commit.description, ()
        line = _markdown(scope, description, numbers, sha, links)
        if is_breaking:
            breaking[0].append(change)
            breaking[1].append(line)
        if title is not None:
            changes, lines = groups[title]
            changes.append(change)
            lines.append(line)
            if with_notices and "NOTICE" in rest:
                notices += _notices(commit.footers, scope)
    build = partial(_entry, links=links, own_scopes=own_scopes)
    reverts = () if initial else analysis.reverts  # both rare: no entries most of the time
    others = analysis.noise if options.show_other_commits and not initial else ()
    return {
        "version": section.version,
        "tag": section.tag,
        "date": section.date,
        "compare_url": compare,
        "breaking": Entries(build, *breaking) if breaking[0] else _NONE,
        "groups": [(title, Entries(build, *group)) for title, group in groups.items() if group[0]],
        "initial": initial,
        "notices": notices,
        "reverts": _reverts(reverts, links) if reverts else _NONE,
        "others": _others(others, links) if others else _NONE,
    }


def _reverts(reverts: Sequence[Revert], links: RepoLinks | None) -> Entries:
    lines = [_markdown(None, *_reverted(r), r.sha, links) for r in reverts]
    return Entries(partial(_revert_entry, links=links), reverts, lines)


def _others(noise: Sequence[RawCommit], links: RepoLinks | None) -> Entries:
    lines = [_markdown(None, raw.subject, (), raw.sha, links) for raw in noise]
    return Entries(partial(_other_entry, links=links), noise, lines)


def _notices(footers: Sequence[Footer], scope: str | None) -> list[dict[str, Any]]:
    """The `NOTICE:` paragraphs of a change, unwrapped: semantic-release's release notices."""
    found = []
    for footer in footers:
        if footer.token == "NOTICE":
            text = " ".join(footer.value.partition("\n\n")[0].split())
            item = f"- **{scope}:** {text}" if scope else f"- {text}"
            found.append({"scope": scope, "text": text, "markdown": item})
    return found


def _excluded(change: Change, options: RenderOptions) -> bool:
    """True when an exclude pattern matches the message of a change that bumps nothing."""
    commit = change.commit
    if commit.breaking or commit.type in options.bumping_types:
        return False
    scope = f"({commit.scope})" if commit.scope is not None else ""
    message = f"{commit.type}{scope}{'!' if commit.bang else ''}: {commit.description}"
    message += f"\n\n{commit.rest.strip()}" if commit.rest.strip() else ""
    return any(p.match(message) for p in options.exclude)


def _url(links: RepoLinks | None, sha: str) -> str | None:
    return links.commit(sha) if links is not None else None


def _refs(numbers: Sequence[int], links: RepoLinks | None) -> list[dict[str, Any]]:
    if links is None:
        return [{"number": n, "url": None} for n in numbers]
    return [{"number": n, "url": links.issue(n)} for n in numbers]


def _markdown(
    scope: str | None, description: str, numbers: Sequence[int], sha: str, links: RepoLinks | None
) -> str:
    """The default list item; done here, not in a template macro, since it runs per change."""
    refs = ""
    if links is None:
        for number in numbers:
            refs += f" (#{number})"
        link = sha[:7]
    else:
        for number in numbers:
            refs += f" ([#{number}]({links.issue(number)}))"
        link = f"[{sha[:7]}]({links.commit(sha)})"
    if scope:  # one string built: this runs for every change shown
        return f"- **{scope}:** {description}{refs} ({link})"
    return f"- {description}{refs} ({link})"


def _described(description: str, numbers: Sequence[int]) -> tuple[str, Sequence[int]]:
    """The description without a trailing `(#12)`, and the references still to link."""
    if "#" not in description:  # no `(#12)` to take off, no reference named in it
        return description, numbers
    head, opening, tail = description.rpartition("(#")  # a trailing `(#12)` goes: the ref
    if opening and tail[-1:] == ")" and tail[:-1].isdecimal():  # is linked instead
        description = head.rstrip()
    if numbers and "#" in description:  # a reference the description names is not repeated
        named = set(references(description))
        numbers = tuple(n for n in numbers if n not in named)
    return description, numbers


def _shown(change: Change, own_scopes: frozenset[str]) -> tuple[str | None, str, Sequence[int]]:
    """The scope, description and references an entry shows."""
    commit = change.commit
    scope = commit.scope
    if scope is not None and own_scopes and normalize_name(scope) in own_scopes:
        scope = None  # in a package's own changelog, a scope naming the package says nothing
    description, numbers = _described(commit.description, change.references)
    return scope, description, numbers


def _entry(change: Change, links: RepoLinks | None, own_scopes: frozenset[str]) -> dict[str, Any]:
    """One change as the template sees it (built when a template reads it)."""
    sha, commit = change
    scope, description, numbers = _shown(change, own_scopes)
    return {
        "type": commit.type,
        "scope": scope,
        "description": description,
        "breaking_notes": commit.breaking_notes if commit.breaking else (),
        "sha": sha,
        "short_sha": sha[:7],
        "url": _url(links, sha),
        "references": _refs(numbers, links),
        "markdown": _markdown(scope, description, numbers, sha, links),
    }


def _reverted(revert: Revert) -> tuple[str, Sequence[int]]:
    return _described(revert.reverted_header, revert.references)


def _revert_entry(revert: Revert, links: RepoLinks | None) -> dict[str, Any]:
    description, numbers = _reverted(revert)
    return {
        "scope": None,
        "description": description,
        "sha": revert.sha,
        "short_sha": revert.sha[:7],
        "url": _url(links, revert.sha),
        "references": _refs(numbers, links),
        "markdown": _markdown(None, description, numbers, revert.sha, links),
    }


def _other_entry(raw: RawCommit, links: RepoLinks | None) -> dict[str, Any]:
    return {
        "subject": raw.subject,
        "sha": raw.sha,
        "short_sha": raw.sha[:7],
        "url": _url(links, raw.sha),
        "markdown": _markdown(None, raw.subject, (), raw.sha, links),
    }
