"""The glossary exports as other people's tools read them: the workbook through openpyxl
(what Excel opens), the CSV through the csv module, the SKOS through skosify (an
independent SKOS checker) and the URIs against the built pages' canonical addresses."""

from __future__ import annotations

import csv
import io
import logging
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from handbook.cli import main, site_url
from handbook.export import to_csv, to_graph, to_rows, to_skos, to_xlsx
from handbook.loading import load_content
from handbook.model import Content

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "terminology"
SITE_URL = "https://intranet.example.invalid/tyollistymisen-kasikirja/"

# Cells a spreadsheet would run as formulas; each planted in another field.
PLANTED = {
    "preferred": '=HYPERLINK("http://evil.invalid","klikkaa")',
    "accepted": "+1+1",
    "not_recommended": "-2+3",
    "note": "@SUM(1,1)",
}
PLANTED_CONCEPT = f"""\
id: kaava
terms:
  fi:
    preferred: '{PLANTED["preferred"]}'
    accepted: ['{PLANTED["accepted"]}']
    not_recommended: ['{PLANTED["not_recommended"]}']
  en:
    preferred: formula
definitions:
  - fi: "=1+1 on kaava."
    en: "-1 is a number."
    source: lahde-a
note:
  fi: '{PLANTED["note"]}'
  en: A note.
reviewed: {{date: 2026-11-01, against: [lahde-a]}}
"""


@pytest.fixture(scope="module")
def planted_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("export")
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    shutil.copy(ROOT / "languages.yaml", root / "languages.yaml")
    shutil.copytree(ROOT / "schemas", root / "schemas")
    (root / "glossary" / "kaava.yaml").write_text(PLANTED_CONCEPT, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def planted(planted_root: Path) -> Content:
    return load_content(planted_root)


def _sheet_rows(data: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_xlsx_has_one_row_per_concept_and_language(content: Content) -> None:
    data = to_xlsx(content)
    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    rows = _sheet_rows(data)
    expected = to_rows(content)
    assert rows[0] == list(expected[0])
    assert len(rows) - 1 == len(content.concepts) * len(content.languages.codes)
    assert [dict(zip(rows[0], (v or "" for v in row), strict=True)) for row in rows[1:]] == expected
    # What a reviewer in Excel needs: the header stays put, columns fit, texts wrap.
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    widths = {
        sheet.cell(1, i + 1).value: sheet.column_dimensions[sheet.cell(1, i + 1).column_letter].width
        for i in range(sheet.max_column)
    }
    assert widths["definitions"] >= 60 and 4 <= widths["language"] <= 12
    assert all(cell.alignment.wrap_text for row in sheet.iter_rows() for cell in row)
    # Finnish letters survive, and a definition's "; " does not split anything.
    tyokokeilu = next(r for r in rows if r[0] == "tyokokeilu" and r[1] == "fi")
    assert tyokokeilu[2] == "työkokeilu"


def test_a_planted_formula_stays_text_in_the_xlsx(planted: Content, tmp_path: Path) -> None:
    path = tmp_path / "glossary.xlsx"
    path.write_bytes(to_xlsx(planted))
    sheet = load_workbook(path).active
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "kaava" and r[1].value == "fi")
    for field, text in PLANTED.items():
        cell = row[header.index(field)]
        # The value is the term itself, stored as a string (not a formula), and marked
        # with Excel's quote prefix so it stays text when edited.
        assert cell.value == text and cell.data_type == "s", field
        assert cell.quotePrefix, field
    definitions = row[header.index("definitions")]
    assert definitions.data_type == "s"
    # No formula anywhere in the sheet's XML.
    with __import__("zipfile").ZipFile(path) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_a_planted_formula_is_neutralised_in_the_csv(planted: Content) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(planted))))
    row = next(r for r in rows if r["id"] == "kaava" and r["language"] == "fi")
    for field, text in PLANTED.items():
        assert row[field] == "'" + text, field
    for r in rows:
        for field, value in r.items():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (r["id"], field, value)


def test_cli_writes_the_xlsx(planted_root: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.xlsx"
    assert main(["--root", str(planted_root), "export", "--format", "xlsx", "-o", str(out)]) == 0
    assert len(_sheet_rows(out.read_bytes())) == 1 + 2 * len(load_content(planted_root).concepts)


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _skosify_warnings(graph: Graph) -> list[str]:
    import skosify

    handler = _Warnings()
    root = logging.getLogger()  # skosify logs through the root logger
    root.addHandler(handler)
    try:
        skosify.skosify(graph)
    finally:
        root.removeHandler(handler)
    return handler.messages


def test_skosify_reports_no_warning_on_the_export(content: Content) -> None:
    graph = Graph().parse(data=to_skos(content, SITE_URL + "glossary/"), format="turtle")
    assert _skosify_warnings(graph) == []


def test_skosify_check_sees_a_planted_related_and_broader(content: Content) -> None:
    """The check above can fail: the pair the validator now refuses makes skosify warn."""
    graph = to_graph(content, SITE_URL + "glossary/")
    avo, tyo = (URIRef(f"{SITE_URL}glossary/{cid}/") for cid in ("avotyotoiminta", "tyotoiminta"))
    assert (avo, SKOS.broader, tyo) in graph
    graph.add((tyo, SKOS.related, avo))
    assert any("related" in message.lower() for message in _skosify_warnings(graph))


def test_scheme_has_a_preflabel_per_language(content: Content) -> None:
    graph = to_graph(content, SITE_URL + "glossary/")
    (scheme,) = set(graph.subjects(RDF.type, SKOS.ConceptScheme))
    assert str(scheme) == SITE_URL + "glossary/"
    labels = {label.language: str(label) for label in graph.objects(scheme, SKOS.prefLabel)}
    assert labels == {"fi": "Sanasto", "en": "Glossary"}


def test_cli_export_defaults_to_the_site_url_of_mkdocs_yml(capsys: pytest.CaptureFixture[str]) -> None:
    assert site_url(ROOT) == SITE_URL
    assert main(["--root", str(ROOT), "export", "--format", "skos"]) == 0
    graph = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert URIRef(SITE_URL + "glossary/tyokokeilu/") in set(graph.subjects(RDF.type, SKOS.Concept))
    assert not any(str(s).startswith("urn:") for s in graph.subjects())


def test_concept_uris_are_the_canonical_addresses_of_the_concept_pages(site_dir: Path) -> None:
    """Every concept URI of the site's own glossary.ttl resolves to its page: it is the
    page's <link rel=canonical>, trailing slash included."""
    graph = Graph().parse(site_dir / "downloads" / "glossary.ttl", format="turtle")
    concepts = sorted(str(c) for c in graph.subjects(RDF.type, SKOS.Concept))
    assert concepts
    for uri in concepts:
        assert uri.startswith(SITE_URL) and uri.endswith("/"), uri
        page = site_dir / uri.removeprefix(SITE_URL) / "index.html"
        assert page.is_file(), f"{uri} names no page"
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page.read_text("utf-8"))
        assert canonical and canonical.group(1) == uri
    # The English copy names the same concepts (a concept is not a page language).
    english = Graph().parse(site_dir / "en" / "downloads" / "glossary.ttl", format="turtle")
    assert sorted(str(c) for c in english.subjects(RDF.type, SKOS.Concept)) == concepts
    xlsx = site_dir / "downloads" / "glossary.xlsx"
    assert len(_sheet_rows(xlsx.read_bytes())) == 1 + 2 * len(concepts)
