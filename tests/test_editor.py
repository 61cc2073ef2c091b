"""The content files in an editor: yaml-language-server (the engine of VS Code's YAML
extension, from npm), driven over stdio as an editor drives it, reads each file's own
`# yaml-language-server: $schema=...` line. Every committed file is clean; a planted
mistake is underlined on the line `handbook validate` names; completion offers the
fields (and the languages of languages.yaml) that may come next."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from checkers import yaml_language_server_command
from lsp import LanguageServer
from projects import BASE, fixture_project

from handbook.loading import ContentError, content_files, load_content

ROOT = Path(__file__).resolve().parent.parent
ERROR = 1  # LSP DiagnosticSeverity.Error


@pytest.fixture(scope="module")
def server() -> Iterator[LanguageServer]:
    ls = LanguageServer(yaml_language_server_command(), ROOT)
    yield ls
    ls.close()


def _where(diagnostics: list[dict]) -> list[str]:
    return [f"{d['range']['start']['line'] + 1}: {d['message']}" for d in diagnostics]


def test_every_content_file_is_clean_in_the_editor(server: LanguageServer) -> None:
    files = [*content_files(ROOT), ROOT / "terminology_exceptions.yaml"]
    files = [f for f in files if f.exists()]
    assert len(files) > 50
    for file in files:  # each names its schema, or the editor checks nothing
        assert file.read_text("utf-8").startswith("# yaml-language-server: $schema="), file
    found = server.diagnostics_of_all([server.open(f) for f in files])
    dirty = {uri: _where(d) for uri, d in found.items() if d}
    assert dirty == {}


# Each mistake alone in the fixture's concept (glossary/kasite.yaml), as an editor types it.
CONCEPT = (BASE / "glossary" / "kasite.yaml").read_text("utf-8")
PLANTED = {
    "unknown field": CONCEPT.replace("related: [palvelu]", "relatd: [palvelu]"),
    "wrong type": CONCEPT.replace("related: [palvelu]", "related: palvelu"),
    "bad date": CONCEPT.replace("date: 2026-11-24", "date: 24.11.2026"),
    "bad status": CONCEPT.replace("id: kasite\n", "id: kasite\nstatus: voimassa\n"),
    "missing English text": CONCEPT.replace(
        "reviewed:", "note:\n  fi: Huomautus ilman käännöstä.\nreviewed:"
    ),
    "missing English of a definition": CONCEPT.replace("    en: Test definition.\n", ""),
    "missing English term": CONCEPT.replace("  en:\n    preferred: concept\n", ""),
}


def _project_with(tmp_path: Path, text: str) -> Path:
    project = fixture_project(tmp_path)
    file = project / "glossary" / "kasite.yaml"
    # The copy's own schema line: the schemas sit beside glossary/ in the copy.
    file.write_text(text.replace("$schema=../../../../schemas/", "$schema=../schemas/"), encoding="utf-8")
    return file


@pytest.mark.parametrize("case", PLANTED)
def test_a_planted_mistake_is_underlined_where_validate_says(
    server: LanguageServer, tmp_path: Path, case: str
) -> None:
    file = _project_with(tmp_path, PLANTED[case])
    assert PLANTED[case] != CONCEPT
    with pytest.raises(ContentError) as raised:
        load_content(file.parent.parent)
    validate_lines = sorted({p.line for p in raised.value.problems})
    diagnostics = server.diagnostics_of(server.open(file))
    editor_lines = sorted({d["range"]["start"]["line"] + 1 for d in diagnostics if d["severity"] == ERROR})
    assert editor_lines == validate_lines, (
        case,
        _where(diagnostics),
        [str(p) for p in raised.value.problems],
    )


def test_a_text_without_its_english_is_underlined(server: LanguageServer, tmp_path: Path) -> None:
    file = _project_with(tmp_path, PLANTED["missing English text"])
    diagnostics = server.diagnostics_of(server.open(file))
    note_line = PLANTED["missing English text"].splitlines().index("note:")
    assert any(
        d["range"]["start"]["line"] in (note_line, note_line + 1) and "en" in d["message"]
        for d in diagnostics
    ), _where(diagnostics)


def test_the_fixture_concept_itself_is_clean(server: LanguageServer, tmp_path: Path) -> None:
    """The planted cases start from a clean file: only the mistake is underlined."""
    file = _project_with(tmp_path, CONCEPT)
    assert server.diagnostics_of(server.open(file)) == []


def _completion_at_end(server: LanguageServer, tmp_path: Path, text: str) -> list[str]:
    file = _project_with(tmp_path, text)
    uri = server.open(file)
    server.diagnostics_of(uri)  # the schema is loaded once diagnostics are out
    lines = text.split("\n")
    return server.completion(uri, len(lines) - 1, len(lines[-1]))


def test_completion_offers_the_fields_of_a_concept(server: LanguageServer, tmp_path: Path) -> None:
    labels = _completion_at_end(server, tmp_path, CONCEPT)
    assert {"broader", "note", "example", "confused_with", "legal_basis", "service", "status"} <= set(labels)
    assert "related" not in labels and "terms" not in labels  # already there


def test_completion_offers_the_missing_language_of_a_text(server: LanguageServer, tmp_path: Path) -> None:
    text = CONCEPT + "note:\n  fi: Huomautus.\n  "
    assert "en" in _completion_at_end(server, tmp_path, text)


def _tree_with_new_node(tmp_path: Path) -> tuple[Path, str, int]:
    tree = ROOT / "decision_trees" / "tuettu-tyo.yaml"
    lines = tree.read_text("utf-8").split("\n")
    at = lines.index("nodes:") + 1
    lines[at:at] = ["  uusi-solmu:", "    "]
    copy = tmp_path / "decision_trees" / tree.name
    copy.parent.mkdir(parents=True)
    (tmp_path / "schemas").symlink_to(ROOT / "schemas")
    copy.write_text("\n".join(lines), encoding="utf-8")
    return copy, "\n".join(lines), at + 1


def test_completion_in_a_new_tree_node_offers_every_node_kind(server: LanguageServer, tmp_path: Path) -> None:
    """A new node may ask a condition, offer a choice or be an outcome: the editor offers
    the fields of all three (the schema lists them on the node, not only in if/then)."""
    copy, _, line = _tree_with_new_node(tmp_path)
    uri = server.open(copy)
    server.diagnostics_of(uri)
    labels = set(server.completion(uri, line, 4))
    assert {"ask", "if_yes", "if_no", "if_not_sure"} <= labels, labels
    assert {"question", "options", "help"} <= labels, labels
    assert {"outcome", "consult"} <= labels, labels
    assert not {"rule", "answers", "why"} & labels, labels  # the old free-text fields are gone
