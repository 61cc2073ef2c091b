"""Client vignettes (tests/vignettes.yaml), written from the source documents, run against
the real trees: for each client the result a worker gets in each tree, and services no
path may ever show for that client. The same functions (handbook.eligibility) feed the
flowchart page and the validator, so what passes here is what a worker sees."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from handbook.eligibility import PathResult, answer_for, path_results
from handbook.model import NOT_SURE, Content, DecisionTree, Outcome, Question

VIGNETTES_FILE = Path(__file__).resolve().parent / "vignettes.yaml"
VIGNETTES: list[dict[str, Any]] = yaml.safe_load(VIGNETTES_FILE.read_text("utf-8"))
FIELDS = {"name", "description", "facts", "trees", "never"}
EXPECTATION_FIELDS = {"choices", "fits", "consult"}


def _ids(vignettes: list[dict[str, Any]]) -> list[str]:
    return [v["name"] for v in vignettes]


def consistent_results(content: Content, tree: DecisionTree, facts: dict[str, Any]) -> list[PathResult]:
    """Every path of `tree` a worker could walk for a client with these facts: each asked
    condition answered by its fact ("not sure" when there is none), any option at a choice."""
    wanted = {content.canonical(cid): value for cid, value in facts.items()}
    answer_of = {True: "kylla", "yes": "kylla", False: "ei", "no": "ei"}
    found = []
    for result in path_results(content, tree):
        if all(
            step.answer == answer_of.get(wanted.get(step.condition), NOT_SURE)  # type: ignore[arg-type]
            for step in result.steps
            if step.condition is not None
        ):
            found.append(result)
    return found


def test_the_table_is_well_formed(content: Content):
    """A typo in a fact, a tree, a choice or a service would make a vignette pass
    vacuously (a misspelt fact is answered "not sure"): every id must exist."""
    assert len(VIGNETTES) >= 25
    assert len(set(_ids(VIGNETTES))) == len(VIGNETTES), "two vignettes share a name"
    for v in VIGNETTES:
        name = v["name"]
        assert set(v) <= FIELDS and {"name", "description", "facts"} <= set(v), name
        assert v.get("trees") or v.get("never"), f"{name}: expects nothing"
        for cid, value in v["facts"].items():
            assert cid in content.conditions, f"{name}: no condition '{cid}'"
            assert value in (True, False), f"{name}: fact '{cid}' is {value!r}, not yes/no"
        for tree_id, expected in (v.get("trees") or {}).items():
            assert tree_id in content.trees, f"{name}: no tree '{tree_id}'"
            assert set(expected) <= EXPECTATION_FIELDS and {"fits", "consult"} <= set(expected), name
            tree = content.trees[tree_id]
            for node_id, option in (expected.get("choices") or {}).items():
                node = tree.nodes.get(node_id)
                assert isinstance(node, Question) and node.condition is None, (
                    f"{name}: '{node_id}' is no choice"
                )
                assert option in [a.id for a in node.answers], f"{name}: '{node_id}' has no option '{option}'"
            for service in expected["fits"]:
                assert service in content.services, f"{name}: no service '{service}'"
        for service in v.get("never") or ():
            assert service in content.services, f"{name}: no service '{service}'"


@pytest.mark.parametrize("vignette", VIGNETTES, ids=_ids(VIGNETTES))
def test_each_tree_gives_the_vignettes_result(content: Content, vignette: dict[str, Any]):
    for tree_id, expected in (vignette.get("trees") or {}).items():
        tree = content.trees[tree_id]
        result = answer_for(content, tree, vignette["facts"], expected.get("choices") or {})
        shown = f"{tree_id} {result.state} -> {result.service}"
        assert list(result.fitting) == expected["fits"], shown
        assert result.consult is expected["consult"], shown
        if not result.consult:
            # A confident outcome names the first fitting service: its own.
            assert result.fitting[:1] == (result.service,), shown


@pytest.mark.parametrize(
    "vignette", [v for v in VIGNETTES if v.get("never")], ids=_ids([v for v in VIGNETTES if v.get("never")])
)
def test_no_path_ever_shows_a_service_the_client_does_not_fit(content: Content, vignette: dict[str, Any]):
    for tree in content.trees.values():
        for result in consistent_results(content, tree, vignette["facts"]):
            shown = set(result.fitting) | (set() if result.consult else {result.service})
            wrong = shown & set(vignette["never"])
            assert not wrong, f"{tree.id} {result.state} shows {sorted(wrong)}"


def test_the_vignettes_cover_every_service_a_tree_can_recommend(content: Content):
    expected = {
        service
        for v in VIGNETTES
        for tree_expectation in (v.get("trees") or {}).values()
        for service in tree_expectation["fits"]
    }
    recommended = {
        (tree.id, node.service)
        for tree in content.trees.values()
        for node in tree.nodes.values()
        if isinstance(node, Outcome) and not node.consult
    }
    missing = sorted(
        f"{service} (tree {tree_id})" for tree_id, service in recommended if service not in expected
    )
    assert not missing, f"no vignette expects: {', '.join(missing)}"
    # And each tree is walked by at least one vignette to each of its services.
    walked = {
        (tree_id, e["fits"][0])
        for v in VIGNETTES
        for tree_id, e in (v.get("trees") or {}).items()
        if e["fits"] and not e["consult"]
    }
    assert sorted(recommended - walked) == []


def test_a_wrong_fact_makes_the_checks_fail(content: Content):
    """The checks can fail: the issue's own example, with the one fact that 001 makes the
    targeting turned to yes, is a confident supported-employment result."""
    (adhd,) = [v for v in VIGNETTES if v["name"] == "adhd-not-a-disability-services-client"]
    facts = {**adhd["facts"], "ttp-vammaispalvelun-asiakas": True}
    tree = content.trees["tuettu-tyollistyminen"]
    result = answer_for(content, tree, facts, {})
    assert not result.consult and "tuetun-tyollistymisen-palvelu" in result.fitting
    assert any("tuetun-tyollistymisen-palvelu" in r.fitting for r in consistent_results(content, tree, facts))


def test_a_fact_that_is_neither_yes_nor_no_is_refused_not_read_as_not_sure(content: Content):
    tree = content.trees["tuettu-tyollistyminen"]
    with pytest.raises(ValueError, match="ttp-yli-18"):
        answer_for(content, tree, {"ttp-yli-18": "maybe"}, {})
    with pytest.raises(ValueError, match="tilanne"):
        answer_for(content, content.trees["palvelupolku"], {}, {"tilanne": "no-such-option"})
    # YAML's bare yes/no (true/false) and the words mean the same.
    assert answer_for(content, tree, {"ttp-yli-18": True}, {}) == answer_for(
        content, tree, {"ttp-yli-18": "yes"}, {}
    )
