"""Decision trees: the golden file of every path stays in sync, and the static checks of
a tree (in handbook.validation) catch each kind of broken tree with a file:line message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from handbook.eligibility import path_results
from handbook.loading import ContentError, load_content
from handbook.model import Outcome, Question
from handbook.paths import golden_text

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "tree_paths.txt"


def test_golden_file_lists_every_path_of_every_tree(content):
    assert GOLDEN.read_text("utf-8") == golden_text(content), (
        "a decision tree changed: review the change of paths and regenerate the golden file "
        "with `handbook paths > tests/golden/tree_paths.txt`"
    )


def test_every_question_has_a_not_sure_answer_that_leads_to_a_consult(content):
    for tree in content.trees.values():
        for node in tree.nodes.values():
            if isinstance(node, Question):
                unsure = [a for a in node.answers if a.id == "en-tieda"]
                assert unsure, f"{tree.id}/{node.id} has no 'en-tieda' (not sure) answer"
                target = tree.nodes[unsure[0].next]
                assert isinstance(target, Outcome) and target.consult, f"{tree.id}/{node.id}"


def test_consult_outcomes_lead_to_the_service_needs_assessment(content):
    for tree in content.trees.values():
        for node in tree.nodes.values():
            if isinstance(node, Outcome) and node.consult:
                assert node.service == "palvelutarpeen-arviointi", f"{tree.id}/{node.id}"


def test_every_confident_path_affirms_every_required_condition_of_its_service(content):
    """Checked here path by path, apart from the validator's own loop: a confident result
    names a service only when the answers said yes to all its gates and no to none."""
    for tree in content.trees.values():
        for result in path_results(content, tree):
            if result.consult:
                continue
            required = {
                content.canonical(c.id) for c in content.conditions_of(result.service) if c.kind == "required"
            }
            assert required <= set(result.affirmed), f"{tree.id} {result.state}"
            assert not required & (set(result.denied) | set(result.unsure)), f"{tree.id} {result.state}"
            assert result.fitting[0] == result.service, f"{tree.id} {result.state}"


def test_every_service_shown_beside_the_outcome_had_its_conditions_affirmed(content):
    for tree in content.trees.values():
        for result in path_results(content, tree):
            for service in result.fitting:
                required = {
                    content.canonical(c.id) for c in content.conditions_of(service) if c.kind == "required"
                }
                if service != result.service or result.consult:
                    assert required and required <= set(result.affirmed), (
                        f"{tree.id} {result.state}: {service}"
                    )


def test_trees_ask_only_required_conditions_and_each_once_per_path(content):
    for tree in content.trees.values():
        for node in tree.nodes.values():
            if isinstance(node, Question) and node.condition:
                assert content.conditions[node.condition].kind == "required", f"{tree.id}/{node.id}"
        for result in path_results(content, tree):
            asked = [s.condition for s in result.steps if s.condition]
            assert len(asked) == len(set(asked)), f"{tree.id} {result.state}"


# 003 describes one region outside Helsinki: its practice (and its 2021 survey) is an
# example, never a gate. The laws and vocabularies it quotes are cited by their own ids.
REGIONAL = {"tyollistymiseen-liittyvat-sosiaalipalvelut", "maakunnallinen-kysely-2021"}


def test_no_condition_rests_on_regional_practice(content):
    for condition in content.conditions.values():
        assert condition.rule.source not in REGIONAL, f"{condition.id} ({condition.loc})"
        assert content.sources[condition.rule.source].quoted_in not in {"maakunnallinen-kysely-2021"}


def test_every_required_condition_has_a_third_person_question(content):
    for condition in content.conditions.values():
        if condition.kind == "required":
            assert condition.question, condition.id
            for lang, text in condition.question.items():
                assert text.rstrip().endswith("?"), f"{condition.id} ({lang}): {text}"
                assert "asiak" in text.lower() or lang != "fi", f"{condition.id}: {text}"
                assert "client" in text.lower() or lang != "en", f"{condition.id}: {text}"


# The static checks of a tree have one fixture each in tests/test_validation.py.
# --- service paths: the same loader, its own cross-file checks ---------------------------


def _project(tmp_path: Path, service_path: dict) -> Path:
    for name in ("languages.yaml", "sources.yaml"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    (tmp_path / "service_paths").mkdir()
    (tmp_path / "service_paths" / "polku.yaml").write_text(
        yaml.safe_dump(service_path, allow_unicode=True, sort_keys=False), "utf-8"
    )
    return tmp_path


def _phase(phase_id: str, concepts: list[str]) -> dict:
    return {
        "id": phase_id,
        "title": {"fi": "Vaihe", "en": "Phase"},
        "points": [{"fi": "Kohta.", "en": "Point.", "source": "shl"}],
        "concepts": concepts,
    }


def _path(*phases: dict) -> dict:
    return {
        "id": "polku",
        "title": {"fi": "Polku", "en": "Path"},
        "introduction": {"fi": "Johdanto.", "en": "Introduction."},
        "sources": ["shl"],
        "phases": list(phases),
    }


def test_a_service_path_loads_with_its_phases_in_order(tmp_path):
    content = load_content(
        _project(tmp_path, _path(_phase("a", []), _phase("b", ["palvelutarpeen-arviointi"])))
    )
    assert [p.id for p in content.service_paths["polku"].phases] == ["a", "b"]


def test_a_service_path_names_unknown_concepts_and_repeated_phases_by_line(tmp_path):
    with pytest.raises(ContentError) as error:
        load_content(_project(tmp_path, _path(_phase("a", ["no-such-concept"]), _phase("a", []))))
    message = str(error.value)
    assert "service_paths/polku.yaml:" in message
    assert "'no-such-concept'" in message
    assert "the phase id 'a' is already used on line" in message


def test_every_real_service_path_phase_links_concepts_that_exist(content):
    assert content.service_paths
    for path in content.service_paths.values():
        assert len(path.phases) == 6, path.id
        for phase in path.phases:
            for concept_id in phase.concepts:
                assert concept_id in content.concepts


def test_handbook_paths_prints_the_golden_file(capsys):
    from handbook.cli import main

    assert main(["--root", str(ROOT), "paths"]) == 0
    assert capsys.readouterr().out == GOLDEN.read_text("utf-8")
