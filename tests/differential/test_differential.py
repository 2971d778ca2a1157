"""releaser, python-semantic-release and commitizen on the same generated histories.

Every history gets the same questions: the next version and each release's changelog
entries (feat / fix / perf). releaser must give what the Conventional Commits and SemVer
rules give (the model works it out from what it generated, not by parsing). Each other tool
must give what the same rules give with its listed differences switched on
(KNOWN_DIFFERENCES.md); a disagreement nothing explains fails with the history printed.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import fields
from pathlib import Path

import pytest
from hypothesis import given, note, settings

from releaser.core.version import Version
from tests.differential import model
from tests.differential.conftest import DIFFERENCES, RUNS
from tests.differential.model import COMMITIZEN, RELEASER, SEMANTIC_RELEASE, Graph, Plan, Rules
from tests.differential.strategies import plans
from tests.differential.tools import (
    ORIGIN,
    Answer,
    ask_commitizen,
    ask_releaser,
    ask_semantic_release,
    entries_by_release,
    pyproject,
)

pytest.importorskip("commitizen", reason="pip install -e '.[differential]'")
pytest.importorskip("semantic_release", reason="pip install -e '.[differential]'")

TOOLS = {"semantic-release": SEMANTIC_RELEASE, "commitizen": COMMITIZEN}


def profile() -> settings:
    """`soak` when loaded (--hypothesis-profile=soak), else the bounded CI profile."""
    name = settings.get_current_profile_name()
    return settings.get_profile(name if name == "soak" else "differential")


@profile()
@given(plan=plans)
def test_the_three_tools_agree_where_the_rules_say_so(plan: Plan) -> None:
    zero = plan.start is None or plan.start.startswith("0.")
    graph, repo = model.build(plan, {"pyproject.toml": pyproject(zero=zero)})
    note(model.describe(graph))
    with tempfile.TemporaryDirectory(prefix="differential-") as folder:
        root = Path(folder) / "repo"
        repo.write(root, graph.head, origin=ORIGIN)
        answers = {
            "releaser": ask_releaser(root),
            "commitizen": ask_commitizen(root),
            "semantic-release": ask_semantic_release(root, last_final(graph)),
        }
    RUNS["histories"] += 1
    check("releaser", answers["releaser"], graph, RELEASER)
    found = []
    for tool, rules in TOOLS.items():
        check(tool, answers[tool], graph, rules)
        for name in differences(graph, rules):
            DIFFERENCES[tool, name] += 1
            found.append(f"{tool}:{name}")
    if os.environ.get("DIFFERENTIAL_LOG"):  # a soak's progress, one line per history
        with open(os.environ["DIFFERENTIAL_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{RUNS['histories']} {len(graph.nodes)} commits ok {' '.join(found)}\n")


def check(tool: str, answer: Answer, graph: Graph, rules: Rules) -> None:
    wanted = model.expected_next(graph, rules)
    assert answer.next == wanted, f"{tool} next: {answer.next}, the rules say {wanted}"
    got = entries_by_release(answer.changelog)
    expected = model.expected_entries(graph, rules)
    note(f"{tool} changelog:\n{answer.changelog}")
    if graph.spanning and tool != "releaser":
        # a topic branch open over a release: which release lists its commits is where
        # the tools differ by design (KNOWN_DIFFERENCES.md), so compare the whole history
        assert union(got) == union(expected), f"{tool} changelog entries"
        return
    got = {v: e for v, e in got.items() if e or v in expected}
    expected = {v: e for v, e in expected.items() if e or v in got}
    assert got == expected, f"{tool} changelog entries per release"


def union(found: dict[Version | None, set[model.Entry]]) -> set[model.Entry]:
    return set().union(*found.values()) if found else set()


def last_final(graph: Graph) -> Version | None:
    reach = graph.ancestors(graph.head)
    finals = [v for v, m in graph.tags if m in reach and not v.is_prerelease]
    return max(finals, default=None)


def differences(graph: Graph, rules: Rules) -> list[str]:
    """The switches of `rules` that alone change releaser's answer on this history."""
    baseline = (model.expected_next(graph, RELEASER), model.expected_entries(graph, RELEASER))
    names = []
    for switch in fields(Rules):
        value = getattr(rules, switch.name)
        if value == getattr(RELEASER, switch.name):
            continue
        alone = Rules(**{switch.name: value})
        if (model.expected_next(graph, alone), model.expected_entries(graph, alone)) != baseline:
            names.append(switch.name)
    return names
