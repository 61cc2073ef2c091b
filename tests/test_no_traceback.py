"""Odd content gives file:line messages, never a Python exception: shapes an editor can
type by accident (a list for a block, an empty value, a number for a text, YAML's own
features), each written over one file of the base fixture."""
# ruff: noqa: E501  (one odd file per line reads best)

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import build_site
from projects import BASE, fixture_project, handbook_command, site_project

from handbook.loading import ContentError, load_content
from handbook.validation import MAX_TREE_DEPTH

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


# --- the build stops where validate stops ------------------------------------------------
# Each of these once passed `handbook validate` and built a wrong site (or crashed the
# build). Now the real command and the real `mkdocs build --strict` both stop, with the
# same file:line message and no traceback.
def _edit(project: Path, file: str, change) -> None:
    path = project / file
    if change == "both":
        path.unlink()
        path.with_name(path.name.replace(".fi.", ".en.")).unlink()
    elif change is None:
        path.unlink()
    else:
        path.write_text(change(path.read_text("utf-8")), encoding="utf-8")


BUILD_CASES = {
    "front matter never closed": (
        "docs/quick-reference.fi.md",
        lambda t: t.replace("\n---\n", "\n", 1),
        "docs/quick-reference.fi.md:1:",
    ),
    "missing English twin": ("docs/quick-reference.en.md", None, "docs/quick-reference.fi.md:1:"),
    "a page deleted in both languages": ("docs/quick-reference.fi.md", "both", "mkdocs.yml:"),
    "block line in capitals": (
        "docs/quick-reference.fi.md",
        lambda t: t.replace("[[handbook:quick-reference]]", "[[Handbook:Quick-reference]]"),
        "docs/quick-reference.fi.md:12:",
    ),
    "English made the default in mkdocs.yml": (
        "mkdocs.yml",
        lambda t: t.replace("          default: true\n", "").replace("        - locale: en\n", "        - locale: en\n          default: true\n"),
        "mkdocs.yml:",
    ),
    "interface word missing": (
        "languages.yaml",
        lambda t: re.sub(r"\n  see: \{[^}]*\}", "", t, count=1),
        "languages.yaml:",
    ),
    "unknown date_format placeholder": (
        "languages.yaml",
        lambda t: t.replace('date_format: "{day}.{month}.{year}"', 'date_format: "{day}.{kuu}.{year}"'),
        "languages.yaml:",
    ),
}


@pytest.fixture(scope="module")
def real_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return site_project(tmp_path_factory.mktemp("real"))


@pytest.mark.parametrize("case", BUILD_CASES)
def test_validate_and_the_build_stop_at_the_same_place(tmp_path: Path, real_copy: Path, case: str):

    project = tmp_path / "p"
    shutil.copytree(real_copy, project, symlinks=True)
    file, change, where = BUILD_CASES[case]
    _edit(project, file, change)
    validate = subprocess.run(
        [*handbook_command(), "--root", str(project), "validate"], capture_output=True, text=True, timeout=120
    )
    assert validate.returncode == 1, validate.stdout
    assert "Traceback" not in validate.stderr
    found = [line for line in validate.stderr.splitlines() if line.startswith(where)]
    assert found, validate.stderr
    build = build_site(project, tmp_path / "site")
    assert build.returncode != 0
    assert "Traceback" not in build.stderr
    assert found[0] in build.stderr, build.stderr[-2000:]


def test_the_real_command_reports_an_alias_bomb_and_a_long_chain_without_traceback(tmp_path: Path):
    project = fixture_project(tmp_path)
    bomb = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    bomb += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    (project / CONCEPT).write_text(_concept + "\n".join(bomb) + "\n", encoding="utf-8")
    chain = [_tree.split("nodes:")[0] + "nodes:"]
    for i in range(1200):
        nxt = f"q{i + 1}" if i < 1199 else "palvelu"
        first = "valinta" if i == 0 else f"q{i}"  # the base tree's root
        chain.append(
            f"  {first}:\n    question: {{fi: 'K?', en: 'Q?'}}\n"
            f"    options:\n      - {{id: a, label: {{fi: A, en: A}}, next: {nxt}}}\n"
            f"      - {{id: b, label: {{fi: B, en: B}}, next: {nxt}}}\n    if_not_sure: palvelu"
        )
    chain.append("  palvelu:\n    outcome: palvelu")
    (project / TREE).write_text("\n".join(chain) + "\n", encoding="utf-8")
    result = subprocess.run(
        [*handbook_command(), "--root", str(project), "validate"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{CONCEPT}:" in result.stderr and "limit" in result.stderr
    assert f"{TREE}:" in result.stderr and f"at most {MAX_TREE_DEPTH} questions" in result.stderr
    assert "is not a node" not in result.stderr  # the chain is the mistake, not its root
