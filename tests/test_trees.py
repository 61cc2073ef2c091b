"""Decision trees: the golden file of every path stays in sync, and the static checks of
a tree (in handbook.validation) catch each kind of broken tree with a file:line message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from handbook.loading import ContentError, load_content
from handbook.model import Outcome, Question
from handbook.paths import golden_text
from handbook.validation import MAX_TREE_DEPTH

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


# --- the static checks, on small broken trees -------------------------------------------


def _answer(answer_id: str, target: str, fi: str | None = None, en: str | None = None) -> dict:
    label = {"fi": answer_id if fi is None else fi, "en": answer_id if en is None else en}
    return {"id": answer_id, "label": label, "next": target}


def _question(*answers: dict) -> dict:
    return {
        "question": {"fi": "Kysymys?", "en": "Question?"},
        "rule": {"fi": "Sääntö.", "en": "Rule.", "source": "shl"},
        "answers": list(answers),
    }


def _outcome() -> dict:
    return {"outcome": "palvelutarpeen-arviointi", "why": {"fi": "Syy.", "en": "Why.", "source": "shl"}}


def _tree(nodes: dict, root: str = "q1") -> dict:
    return {
        "id": "testipuu",
        "title": {"fi": "Testi", "en": "Test"},
        "introduction": {"fi": "Testi.", "en": "Test."},
        "sources": ["shl"],
        "root": root,
        "nodes": nodes,
    }


def _project(tmp_path: Path, tree: dict) -> Path:
    for name in ("languages.yaml", "sources.yaml"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    shutil.copytree(ROOT / "glossary", tmp_path / "glossary")
    (tmp_path / "decision_trees").mkdir()
    (tmp_path / "decision_trees" / "testipuu.yaml").write_text(
        yaml.safe_dump(tree, allow_unicode=True, sort_keys=False), "utf-8"
    )
    return tmp_path


def _problems(tmp_path: Path, tree: dict) -> str:
    with pytest.raises(ContentError) as error:
        load_content(_project(tmp_path, tree))
    return str(error.value)


def test_a_sound_small_tree_loads(tmp_path):
    tree = _tree({"q1": _question(_answer("a", "o"), _answer("b", "o")), "o": _outcome()})
    assert "testipuu" in load_content(_project(tmp_path, tree)).trees


@pytest.mark.parametrize(
    ("nodes", "expected"),
    [
        (
            {"q1": _question(_answer("a", "nowhere"), _answer("b", "o")), "o": _outcome()},
            "leads to 'nowhere'",
        ),
        (
            {
                "q1": _question(_answer("a", "q2"), _answer("b", "o")),
                "q2": _question(_answer("a", "q1"), _answer("b", "o")),
                "o": _outcome(),
            },
            "goes round in a circle",
        ),
        (
            {"q1": _question(_answer("a", "o"), _answer("b", "o")), "o": _outcome(), "lost": _outcome()},
            "cannot be reached",
        ),
        ({"q1": _question(_answer("a", "o")), "o": _outcome()}, "at least two answers"),
        (
            {"q1": _question(_answer("a", "o"), _answer("a", "o", "x", "y")), "o": _outcome()},
            "two answers with id 'a'",
        ),
        (
            {"q1": _question(_answer("a", "o", "Kyllä"), _answer("b", "o", "kyllä")), "o": _outcome()},
            "two answers labelled",
        ),
        (
            {"q1": _question(_answer("a", "o", "Kyllä", ""), _answer("b", "o")), "o": _outcome()},
            "English text of 'label'",
        ),
        ({"q1": _outcome()}, "root must be a question"),
    ],
)
def test_static_checks_name_the_problem(tmp_path, nodes, expected):
    assert expected in _problems(tmp_path, _tree(nodes))


def test_depth_counts_the_deepest_path_through_a_shared_node(tmp_path):
    # q1 leads straight to the chain's middle and also to its start: the shared node is
    # first reached at a shallow depth, but the long path through it is too deep.
    depth = MAX_TREE_DEPTH + 1
    nodes: dict = {"o": _outcome()}
    for i in range(1, depth + 1):
        target = f"q{i + 1}" if i < depth else "o"
        nodes[f"q{i}"] = _question(_answer("a", target), _answer("b", "o"))
    nodes["q1"] = _question(_answer("a", f"q{depth - 1}"), _answer("b", "q2"))
    message = _problems(tmp_path, _tree(nodes))
    assert f"question number {MAX_TREE_DEPTH + 1}" in message
    assert "decision_trees/testipuu.yaml:" in message
