"""Histories as data, written out as git repositories, and what each tool should answer.

A `Plan` is what hypothesis draws: a start tag and a list of events (commits, topic branches
merged or squashed, reverts, releases). `build` turns it into a `Graph` (the commits and
tags as the model knows them) and a `Repo` for `git fast-import`.

`expect(graph, rules)` answers "what is the next version, and which entries does each
release list" from the model's own knowledge of every commit, under one tool's rules. The
rules are the Conventional Commits / SemVer rules releaser follows, with one switch per
class of known difference (tests/differential/KNOWN_DIFFERENCES.md), so a tool that
disagrees with releaser must be explained by a switch that is listed there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from releaser.core.version import Bump, Version
from tests.differential.gitbuild import BASE_EPOCH, Repo, tag_time

NOISE_TYPES = ("docs", "chore", "refactor", "test", "ci")
BUMPING = {"feat": Bump.MINOR, "fix": Bump.PATCH, "perf": Bump.PATCH}
GROUPS = ("feat", "fix", "perf")  # the changelog groups all three tools show by default


@dataclass(frozen=True)
class Message:
    """One commit message; kind "" is a non-conventional commit."""

    kind: str
    desc: str
    scope: str | None = None
    bang: bool = False
    footer: str | None = None  # "BREAKING CHANGE" or "BREAKING-CHANGE"
    spelling: str = "lower"  # lower | title | upper: how the type is written
    body: bool = False

    @property
    def conventional(self) -> bool:
        return bool(self.kind)

    @property
    def breaking(self) -> bool:
        return self.conventional and (self.bang or self.footer is not None)

    @property
    def header(self) -> str:
        if not self.conventional:
            return self.desc[:1].upper() + self.desc[1:]
        kind = {"lower": self.kind, "title": self.kind.title(), "upper": self.kind.upper()}
        scope = f"({self.scope})" if self.scope else ""
        return f"{kind[self.spelling]}{scope}{'!' if self.bang else ''}: {self.desc}"

    def text(self) -> str:
        parts = [self.header]
        if self.body:
            parts.append(f"Why: the old way of {self.desc} was slow.")
        if self.footer:
            parts.append(f"{self.footer}: {self.desc} changed")
        return "\n\n".join(parts) + "\n"


@dataclass(frozen=True)
class Topic:
    """A topic branch: its commits, how it lands, and what main gets meanwhile."""

    commits: tuple[Message, ...]
    style: str  # merge (git merge --no-ff) | pr (GitHub merge commit) | squash (GitHub squash)
    meanwhile: tuple[Message, ...] = ()  # commits on main while the branch is open
    release_meanwhile: bool = False  # a final release is tagged on main while it is open


@dataclass(frozen=True)
class Revert:
    """A revert of an earlier commit of main, picked by index among the revertable ones."""

    pick: int


@dataclass(frozen=True)
class Release:
    """Tag HEAD with the version the commits call for (a pre-release: rc.N of it)."""

    pre: bool = False
    annotated: bool = True


Event = Message | Topic | Revert | Release


@dataclass(frozen=True)
class Plan:
    start: str | None  # a tag on the first commit, None: no release yet
    events: tuple[Event, ...]


@dataclass
class Node:
    """One commit as the model knows it."""

    parents: tuple[int, ...]
    kind: str  # plain | merge | squash | revert
    message: Message | None = None  # plain; squash and pr: the title
    items: tuple[Message, ...] = ()  # squash: the branch's commits listed in the body
    reverts: int | None = None  # revert: the mark of the reverted commit
    text: str = ""


@dataclass
class Graph:
    nodes: dict[int, Node] = field(default_factory=dict)
    tags: list[tuple[Version, int]] = field(default_factory=list)
    created: list[int] = field(default_factory=list)  # each tag's creator date, as git sees it
    head: int = 0
    spanning: bool = False  # a topic branch was open over a release
    classes: set[str] = field(default_factory=set)

    def lowest_tag(self, mark: int) -> Version:
        """PSR's one tag of a commit: the lowest version."""
        return min(v for v, m in self.tags if m == mark)

    def newest_tag(self, mark: int) -> Version:
        """cz's one tag of a commit: `git tag --sort=-creatordate`'s first (ties: by name)."""
        on = [(n, v) for n, (v, m) in enumerate(self.tags) if m == mark]
        created = {v: self.created[n] for n, v in on}
        return min(created, key=lambda v: (-created[v], f"v{v.semver}"))

    def ancestors(self, mark: int) -> set[int]:
        seen: set[int] = set()
        stack = [mark]
        while stack:
            m = stack.pop()
            if m not in seen:
                seen.add(m)
                stack.extend(self.nodes[m].parents)
        return seen


@dataclass(frozen=True)
class Rules:
    """The rule and, switched off or on, one known difference each (KNOWN_DIFFERENCES.md)."""

    any_case_types: bool = True  # Feat: and FIX: are feat and fix (types are case-insensitive)
    cancel_reverts: bool = True  # a revert and its commit in one release cancel out
    revert_is_patch: bool = True  # a revert of a released commit is a patch release
    squash_items: str = "untitled"  # a squash merge's `* type: ...` body lines are changes:
    # "untitled" when its own header is not a Conventional Commit, "all" always, "none" never
    floor_at_prerelease: bool = True  # never below the highest reachable pre-release
    every_line: bool = False  # cz: any line of any message (merges too) that looks like a header
    since_any_tag: bool = False  # cz: bump from the latest tag, pre-releases included
    tag_per_commit: str = "all"  # lowest (PSR) / newest (cz): a twice-tagged commit lists once


RELEASER = Rules()
COMMITIZEN = Rules(
    any_case_types=False,
    cancel_reverts=False,
    revert_is_patch=False,
    squash_items="none",
    every_line=True,
    since_any_tag=True,
    tag_per_commit="newest",
)
SEMANTIC_RELEASE = Rules(
    any_case_types=False,
    cancel_reverts=False,
    revert_is_patch=False,
    squash_items="all",
    floor_at_prerelease=False,
    tag_per_commit="lowest",
)

_ZERO = Version(0, 0, 0)
Entry = tuple[str, str | None, str]  # (type, scope, description)
Range = tuple[Version | None, set[int]]
_CZ_HEADER = re.compile(r"^((BREAKING[\-\ ]CHANGE|\w+)(\(.+\))?!?):")


def counts(message: Message, rules: Rules) -> bool:
    """Whether a tool sees this message as a Conventional Commit at all."""
    if not message.conventional:
        return False
    return message.spelling == "lower" or rules.any_case_types


def level_of(message: Message, rules: Rules) -> Bump:
    if not counts(message, rules):
        return Bump.NONE
    if message.breaking:
        return Bump.MAJOR
    return BUMPING.get(message.kind, Bump.NONE)


def cz_level(text: str) -> Bump:
    """commitizen's documented bump rule: every line matched against its bump pattern."""
    level = Bump.NONE
    for line in text.split("\n"):
        match = _CZ_HEADER.search(line)
        if match is None:
            continue
        word = match.group(1)
        if word.endswith("!") or re.match(r"^BREAKING[\-\ ]CHANGE", word):
            level = max(level, Bump.MAJOR)
        elif word.startswith("feat"):
            level = max(level, Bump.MINOR)
        elif word.startswith(("fix", "perf")):
            level = max(level, Bump.PATCH)
    return level


def changes_of(node: Node, rules: Rules) -> list[Message]:
    """The Conventional changes one commit stands for under `rules`."""
    if node.kind == "plain" and node.message is not None:
        return [node.message] if counts(node.message, rules) else []
    if node.kind == "squash" and node.message is not None:
        split = rules.squash_items == "all" or (
            rules.squash_items == "untitled" and not counts(node.message, rules)
        )
        listed = [node.message, *node.items] if split and node.items else [node.message]
        unique: dict[tuple[str, str | None, str], Message] = {}
        for m in listed:
            if counts(m, rules):
                unique.setdefault((m.kind, m.scope, m.desc), m)
        return list(unique.values())
    return []


def release_ranges(graph: Graph, head: int, rules: Rules = RELEASER) -> list[Range]:
    """(final release or None for unreleased, its commits); a commit belongs to the lowest
    final release that reaches it, so pre-releases are folded into the release after them."""
    reach = graph.ancestors(head)
    tagged = sorted((v, m) for v, m in graph.tags if m in reach)
    if rules.tag_per_commit != "all":
        pick = graph.lowest_tag if rules.tag_per_commit == "lowest" else graph.newest_tag
        tagged = [(v, m) for v, m in tagged if v == pick(m)]
    claimed: set[int] = set()
    out: list[Range] = []
    for version, mark in tagged:
        if not version.is_prerelease:
            mine = graph.ancestors(mark) - claimed
            claimed |= mine
            out.append((version, mine))
    out.append((None, reach - claimed))
    return out


def range_level(graph: Graph, marks: set[int], rules: Rules) -> Bump:
    level = Bump.NONE
    cancelled = cancelled_reverts(graph, marks) if rules.cancel_reverts else set()
    for mark in marks - cancelled:
        node = graph.nodes[mark]
        if rules.every_line:
            level = max(level, cz_level(node.text))
            continue
        if node.kind == "revert" and rules.revert_is_patch:
            level = max(level, Bump.PATCH)
        for change in changes_of(node, rules):
            level = max(level, level_of(change, rules))
    return level


def cancelled_reverts(graph: Graph, marks: set[int]) -> set[int]:
    """A revert and the commit it reverts, both in `marks`; newest first, so a revert of a
    revert cancels that revert and the first commit stays."""
    out: set[int] = set()
    for mark in sorted(marks, reverse=True):  # main's commits are numbered in time order
        node = graph.nodes[mark]
        if node.kind == "revert" and mark not in out and node.reverts in marks - out:
            out |= {mark, node.reverts}
    return out


def bump(version: Version, level: Bump) -> Version:
    """releaser's and PSR's bump (breaking on 0.x is minor: major_on_zero = false)."""
    return version.bump(level)


def cz_bump(current: Version, level: Bump) -> Version | None:
    """commitizen's bump from `current`, which may be a pre-release (semver2 scheme)."""
    if level is Bump.MAJOR and current.major == 0:
        level = Bump.MINOR  # major_version_zero = true
    if not current.is_prerelease:
        return None if level is Bump.NONE else current.bump(level)
    keeps = (
        level in (Bump.NONE, Bump.PATCH)
        or (level is Bump.MINOR and current.patch == 0)
        or (level is Bump.MAJOR and current.minor == 0 and current.patch == 0)
    )
    return current.final if keeps else current.bump(level)


def expected_next(graph: Graph, rules: Rules, head: int | None = None) -> Version | None:
    """The next version `rules` call for at `head` (default: the end of the history)."""
    head = graph.head if head is None else head
    reach = graph.ancestors(head)
    reachable = sorted((v, m) for v, m in graph.tags if m in reach)
    if rules.since_any_tag:
        current, mark = reachable[-1] if reachable else (_ZERO, 0)
        marks = reach - (graph.ancestors(mark) if mark else set())
        return cz_bump(current, range_level(graph, marks, rules))
    finals = [(v, m) for v, m in reachable if not v.is_prerelease]
    base, mark = finals[-1] if finals else (_ZERO, 0)
    marks = reach - (graph.ancestors(mark) if mark else set())
    level = range_level(graph, marks, rules)
    pending = reachable[-1][0] if reachable and reachable[-1][0].is_prerelease else None
    if not rules.floor_at_prerelease:
        pending = None
    if level is Bump.NONE:
        return pending.final if pending else None
    target = bump(base, level)
    return pending.final if pending and pending.final > target else target


def new_since_prerelease(graph: Graph, head: int, rules: Rules) -> bool:
    """Whether anything since the highest reachable pre-release calls for a release."""
    reach = graph.ancestors(head)
    reachable = sorted((v, m) for v, m in graph.tags if m in reach)
    if not reachable or not reachable[-1][0].is_prerelease:
        return True
    marks = reach - graph.ancestors(reachable[-1][1])
    return range_level(graph, marks, rules) is not Bump.NONE


def expected_entries(graph: Graph, rules: Rules) -> dict[Version | None, set[Entry]]:
    """The feat / fix / perf entries of each final release, None: of the next one."""
    out: dict[Version | None, set[Entry]] = {}
    for version, marks in release_ranges(graph, graph.head, rules):
        cancelled = cancelled_reverts(graph, marks) if rules.cancel_reverts else set()
        entries = out.setdefault(version, set())
        for mark in marks - cancelled:
            for change in changes_of(graph.nodes[mark], rules):
                if change.kind in GROUPS:
                    entries.add((change.kind, change.scope, change.desc))
    return out


# ---- building ------------------------------------------------------------------------------


def build(plan: Plan, files: dict[str, str]) -> tuple[Graph, Repo]:
    """The model graph and the fast-import repository of a plan."""
    return _Builder(files).run(plan)


class _Builder:
    def __init__(self, files: dict[str, str]) -> None:
        self.repo = Repo(files)
        self.graph = Graph()
        self.pr = 10
        self.revertable: list[int] = []
        self.serial = 0

    def add(self, node: Node) -> int:
        mark = self.repo.commit(node.text, node.parents)
        self.graph.nodes[mark] = node
        return mark

    def plain(self, message: Message, parent: int) -> int:
        message = self.unique(message)
        return self.add(Node((parent,), "plain", message, text=message.text()))

    def unique(self, message: Message) -> Message:
        # distinct descriptions: every entry of every changelog can be told apart
        self.serial += 1
        return replace(message, desc=f"{message.desc} {self.serial}")

    def run(self, plan: Plan) -> tuple[Graph, Repo]:
        head = self.add(Node((), "plain", Message("chore", "start"), text="chore: start\n"))
        if plan.start is not None:
            self.tag(Version.parse(plan.start), head, annotated=True)
        for event in plan.events:
            head = self.event(event, head)
        self.graph.head = head
        return self.graph, self.repo

    def event(self, event: Event, head: int) -> int:
        if isinstance(event, Message):
            head = self.plain(event, head)
            self.revertable.append(head)
        elif isinstance(event, Topic):
            head = self.topic(event, head)
        elif isinstance(event, Revert):
            head = self.revert(event, head)
        else:
            self.release(event, head)
        return head

    def topic(self, topic: Topic, head: int) -> int:
        tip = head
        branch: list[Message] = []
        for message in topic.commits:
            tip = self.plain(message, tip)
            branch.append(self.graph.nodes[tip].message or message)
        for message in topic.meanwhile:
            head = self.plain(message, head)
            self.revertable.append(head)
        if topic.release_meanwhile:
            before = len(self.graph.tags)
            self.release(Release(), head)
            if len(self.graph.tags) > before:
                self.graph.spanning = True
                self.graph.classes.add("topic branch open over a release")
        self.pr += 1
        name = f"topic-{self.pr}"
        if topic.style == "squash":
            if len(branch) == 1:  # GitHub keeps the one commit's message, PR number added
                header, _, rest = branch[0].text().partition("\n")
                node = Node((head,), "squash", branch[0], text=f"{header} (#{self.pr})\n{rest}")
            else:  # GitHub lists the commits' headers
                items = tuple(replace(m, footer=None, body=False) for m in branch)
                text = f"{items[0].header} (#{self.pr})\n\n"
                text += "\n\n".join(f"* {m.header}" for m in items) + "\n"
                node = Node((head,), "squash", items[0], items, text=text)
            head = self.add(node)
            self.revertable.append(head)
            return head
        if topic.style == "pr":
            text = f"Merge pull request #{self.pr} from octo/{name}\n\n{branch[0].header}\n"
        else:
            text = f"Merge branch '{name}'\n"
        return self.add(Node((head, tip), "merge", branch[0], text=text))

    def revert(self, event: Revert, head: int) -> int:
        if not self.revertable:
            return head
        target = self.revertable.pop(event.pick % len(self.revertable))
        header = self.graph.nodes[target].text.partition("\n")[0]
        text = f'Revert "{header}"\n\nThis reverts commit {self.repo.sha(target)}.\n'
        head = self.add(Node((head,), "revert", reverts=target, text=text))
        self.revertable.append(head)  # a revert may be reverted in turn
        return head

    def release(self, event: Release, head: int) -> None:
        target = expected_next(self.graph, RELEASER, head)
        if target is None:
            return
        if event.pre:
            if not new_since_prerelease(self.graph, head, RELEASER):
                return  # releaser: nothing new since the last pre-release
            taken = [v for v, _ in self.graph.tags if v.final == target and v.is_prerelease]
            target = Version(target.major, target.minor, target.patch, ("rc", str(len(taken) + 1)))
        if any(v == target for v, _ in self.graph.tags):
            return
        self.tag(target, head, annotated=event.annotated)

    def tag(self, version: Version, mark: int, *, annotated: bool) -> None:
        number = len(self.graph.tags)
        self.graph.tags.append((version, mark))
        # git dates a lightweight tag by its commit
        self.graph.created.append(tag_time(mark, number) if annotated else BASE_EPOCH + 60 * mark)
        self.repo.tag(f"v{version.semver}", mark, annotated=annotated)


def describe(graph: Graph) -> str:
    """The history as text, oldest first, for a failing example's report."""
    names = {m: [f"v{v.semver}" for v, mm in graph.tags if mm == m] for m in graph.nodes}
    lines = []
    for mark, node in graph.nodes.items():
        tags = f"  <- {', '.join(names[mark])}" if names[mark] else ""
        parents = ",".join(map(str, node.parents))
        text = node.text.strip().replace("\n", " / ")
        lines.append(f"{mark:3} [{parents:>5}] {text}{tags}")
    return "\n".join(lines)


def all_messages(plan: Plan) -> Iterable[Message]:
    for event in plan.events:
        if isinstance(event, Message):
            yield event
        elif isinstance(event, Topic):
            yield from event.commits
            yield from event.meanwhile
