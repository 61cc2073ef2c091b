"""Odd content gives file:line messages, never a Python exception: shapes an editor can
type by accident (a list for a block, an empty value, a number for a text, YAML's own
features), each written over one file of the base fixture."""
# ruff: noqa: E501  (one odd file per line reads best)

from __future__ import annotations

import re
from pathlib import Path

import pytest
from projects import BASE, fixture_project

from handbook.loading import ContentError, load_content

CONCEPT = "glossary/kasite.yaml"
TREE = "decision_trees/puu.yaml"
_concept = (BASE / CONCEPT).read_text("utf-8")
_tree = (BASE / TREE).read_text("utf-8")


def _swap(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


ODD: dict[str, tuple[str, str]] = {
    "file is a list": (CONCEPT, "- a\n- b\n"),
    "file is one word": (CONCEPT, "hello\n"),
    "file is only a comment": (CONCEPT, "# nothing\n"),
    "terms left empty": (CONCEPT, _swap(_concept, "terms:\n  fi:\n    preferred: käsite\n  en:\n    preferred: concept\n", "terms:\n")),
    "definition is a bare text": (CONCEPT, _swap(_concept, "  - fi: Testimääritelmä.\n    en: Test definition.\n    source: lahde-a\n", "  - Testimääritelmä\n")),
    "id is a number": (CONCEPT, _swap(_concept, "id: kasite", "id: 123")),
    "text is a number": (CONCEPT, _swap(_concept, "en: Test definition.", "en: 12")),
    "text left empty": (CONCEPT, _swap(_concept, "en: Test definition.", "en:")),
    "key is a list": (CONCEPT, _concept + "? [a, b]\n: x\n"),
    "key appears twice at the top": (CONCEPT, _concept + "id: kasite\n"),
    "date that does not exist": (CONCEPT, _swap(_concept, "date: 2026-11-24", "date: 2026-13-45")),
    "a second document": (CONCEPT, _concept + "---\nid: toinen\n"),
    "not UTF-8": (CONCEPT, "id: k\xe4site\n"),
    "answer left empty": (TREE, _swap(_tree, "if_yes: kysymys-2", "if_yes:")),
    "option left empty": (TREE, _swap(_tree, "next: kysymys-1", "next:")),
    "options left empty": (TREE, _swap(_tree, "    options:\n      - id: tyo", "    options: []\n    x:\n      - id: tyo")),
    "ask left empty": (TREE, _swap(_tree, "ask: ehto-a", "ask:")),
    "ask is a list": (TREE, _swap(_tree, "ask: ehto-a", "ask: [ehto-a, ehto-b]")),
    "consult is a word": (TREE, _swap(_tree, "consult: true", "consult: maybe")),
    "node id is a number": (TREE, _swap(_tree, "  palvelu:\n    outcome", "  1:\n    outcome")),
    "node is one word": (TREE, _tree + "  x: hello\n"),
    "nodes is a list": (TREE, _tree.split("nodes:")[0] + "nodes:\n  - a\n"),
    "outcome left empty": (TREE, _swap(_tree, "outcome: palvelu", "outcome:")),
    "answer leads to its own question": (TREE, _swap(_tree, "if_yes: kysymys-2", "if_yes: kysymys-1")),
    "conditions file is a list": ("conditions/palvelu.yaml", "- a\n- b\n"),
    "condition kind left empty": ("conditions/palvelu.yaml", _swap((BASE / "conditions/palvelu.yaml").read_text("utf-8"), "kind: weighed", "kind:")),
    "condition rule is a text": ("conditions/palvelu.yaml", _swap((BASE / "conditions/palvelu.yaml").read_text("utf-8"), "    rule: {fi: Palvelu on testiryhmälle A., en: The service is for test group A., source: lahde-a}", "    rule: Palvelu on testiryhmälle A.")),
    "sources is a block": ("sources.yaml", "sources: {}\n"),
    "sources.yaml empty": ("sources.yaml", ""),
    "languages.yaml broken": ("languages.yaml", "languages: [\n"),
}
_MESSAGE = re.compile(r"^[\w./-]+\.ya?ml:\d+: \S.*[.)]$")


@pytest.mark.parametrize("case", ODD)
def test_odd_content_is_reported_as_file_line_messages(tmp_path: Path, case: str):
    file, text = ODD[case]
    project = fixture_project(tmp_path)
    encoding = "latin-1" if case == "not UTF-8" else "utf-8"
    (project / file).write_text(text, encoding=encoding)
    with pytest.raises(ContentError) as raised:
        load_content(project)
    problems = [str(p) for p in raised.value.problems]
    assert problems
    for problem in problems:
        assert _MESSAGE.match(problem), problem
        assert problem.startswith(file + ":"), problem


def test_a_broken_sources_file_is_one_message_not_one_per_citation(tmp_path: Path):
    project = fixture_project(tmp_path)
    (project / "sources.yaml").write_text("sources: {}\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_content(project)
    assert [str(p) for p in raised.value.problems] == [
        "sources.yaml:1: 'sources' should be a list (lines starting with '- ')."
    ]
