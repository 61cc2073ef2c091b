"""The terminology review and the glossary export, on a small fixture and on the real
content: what an editor sees from `handbook review` and `handbook export`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from handbook.cli import main
from handbook.export import to_csv, to_json, to_skos
from handbook.loading import load_content
from handbook.model import Content
from handbook.review import Report, review
from handbook.terminology import TermIndex

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "terminology"
TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def fixture_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture content with the project's languages and schemas next to it."""
    root = tmp_path_factory.mktemp("terminology")
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    shutil.copy(ROOT / "languages.yaml", root / "languages.yaml")
    shutil.copytree(ROOT / "schemas", root / "schemas")
    return root


@pytest.fixture(scope="module")
def fixture_content(fixture_root: Path) -> Content:
    return load_content(fixture_root)


@pytest.fixture(scope="module")
def index(fixture_content: Content) -> TermIndex:
    return TermIndex.build(fixture_content)


@pytest.fixture(scope="module")
def report(fixture_content: Content, index: TermIndex) -> Report:
    return review(fixture_content, index, today=TODAY)


# Nominative, genitive, partitive, essive, inessive, elative, illative, adessive,
# allative, ablative.
CASES = {
    "palkkatuki": "palkkatuki palkkatuen palkkatukea palkkatukena palkkatuessa palkkatuesta "
    "palkkatukeen palkkatuella palkkatuelle palkkatuelta",
    "valmennus": "valmennus valmennuksen valmennusta valmennuksena valmennuksessa valmennuksesta "
    "valmennukseen valmennuksella valmennukselle valmennukselta",
    "tyokokeilu": "työkokeilu työkokeilun työkokeilua työkokeiluna työkokeilussa työkokeilusta "
    "työkokeiluun työkokeilulla työkokeilulle työkokeilulta",
    "tyovalmentaja": "työvalmentaja työvalmentajan työvalmentajaa työvalmentajana työvalmentajassa "
    "työvalmentajasta työvalmentajaan työvalmentajalla työvalmentajalle työvalmentajalta",
    "tyohonvalmentaja": "työhönvalmentaja työhönvalmentajan työhönvalmentajaa työhönvalmentajana "
    "työhönvalmentajassa työhönvalmentajasta työhönvalmentajaan työhönvalmentajalla "
    "työhönvalmentajalle työhönvalmentajalta",
    "yksilovalmennus": "yksilövalmennus yksilövalmennuksen yksilövalmennusta yksilövalmennuksena "
    "yksilövalmennuksessa yksilövalmennuksesta yksilövalmennukseen yksilövalmennuksella "
    "yksilövalmennukselle yksilövalmennukselta",
    "kuntouttava-tyotoiminta": "kuntouttava_työtoiminta kuntouttavan_työtoiminnan "
    "kuntouttavaa_työtoimintaa kuntouttavana_työtoimintana kuntouttavassa_työtoiminnassa "
    "kuntouttavasta_työtoiminnasta kuntouttavaan_työtoimintaan kuntouttavalla_työtoiminnalla "
    "kuntouttavalle_työtoiminnalle kuntouttavalta_työtoiminnalta",
}
FORMS = [(concept, form.replace("_", " ")) for concept, forms in CASES.items() for form in forms.split()]


@pytest.mark.parametrize(("concept", "form"), FORMS)
def test_every_case_form_is_found(index: TermIndex, concept: str, form: str) -> None:
    text = f"Asiakkaan asia: {form}, ja muuta."
    (match,) = index.find(text, "fi")
    assert (match.concept, match.form) == (concept, form)
    assert text[match.start : match.end] == form


@pytest.mark.parametrize(("concept", "form"), FORMS[::3])
def test_capitalised_sentence_start(index: TermIndex, concept: str, form: str) -> None:
    text = f"Ensin jotain. {form[0].upper()}{form[1:]} alkaa lauseen."
    (match,) = index.find(text, "fi")
    assert match.concept == concept and match.start == text.index(". ") + 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Työkokeilija sai palkkaa.", []),  # a person, not työkokeilu
        ("Tukea ja tukena; tuki.", []),  # not palkkatuki
        ("Valmentaja valmentaa.", ["tyohonvalmentaja", "tyovalmentaja"]),  # accepted term; not valmennus
        ("Kokeilu ja työ; työssä ja toiminnassa.", []),  # parts of compound terms alone
        ("Kuntouttavasti toimiva työpaja.", []),
        ("Ryhmävalmennukseen.", []),  # a one-part term is not looked for inside compounds
        ("Palkkatuettu työ.", []),  # palkkatuettu is not palkkatuki
        ("Työhön valmentaminen.", []),  # not työhönvalmentaja
    ],
)
def test_look_alikes_are_not_flagged(index: TermIndex, text: str, expected: list[str]) -> None:
    assert [m.concept for m in index.find(text, "fi")] == expected


def test_english_terms_plural_and_longest(index: TermIndex) -> None:
    found = [(m.form, m.concept) for m in index.find("Work trials, open work activity, coaching.", "en")]
    assert found == [
        ("Work trials", "tyokokeilu"),
        ("open work activity", "avotyotoiminta"),
        ("coaching", "valmennus"),
    ]


def test_not_recommended_uses_with_file_line_column(report: Report) -> None:
    wrong = [(str(u.place), u.form, u.use_instead) for u in report.not_recommended]
    assert wrong == [
        ("docs/index.en.md:4:24", "job trial", "work trial"),
        ("docs/index.fi.md:4:17", "työharjoittelussa", "työkokeilu"),
    ]


def test_code_and_links_are_not_prose(report: Report) -> None:
    places = [str(u.place) for u in report.term_uses]
    assert not any(p.startswith("docs/index.fi.md:4:") and p != "docs/index.fi.md:4:17" for p in places)


def test_exceptions_allow_a_use_and_unused_ones_are_reported(report: Report) -> None:
    allowed = [(str(u.place), u.form) for u in report.term_uses if u.allowed]
    assert allowed == [
        ("glossary/tyokokeilu.yaml:15:27", "työharjoittelu"),
        ("glossary/tyokokeilu.yaml:16:24", "job trial"),
    ]
    assert [e.file for e in report.unused_exceptions] == ["docs/nothing.fi.md"]


def test_translation_using_another_concepts_term(report: Report) -> None:
    (other,) = [u for u in report.term_uses if u.problem == "other_concept"]
    assert (str(other.place), other.form, other.use_instead) == (
        "decision_trees/puu.yaml:30:15",
        "job coach",
        "work coach",
    )


def test_where_used_counts_inflected_forms(report: Report) -> None:
    palkkatuki = report.usage["palkkatuki"]
    assert palkkatuki.count == 4
    assert set(palkkatuki.forms) == {"palkkatuella", "palkkatukea", "pay subsidy"}
    assert palkkatuki.by_kind == {"page": 2, "tree": 2}
    assert report.unused == ["avotyotoiminta", "tyotoiminta"]


def test_entries_to_complete(report: Report) -> None:
    assert {(e.concept, e.issue) for e in report.entries} == {
        ("palkkatuki", "stale_review"),
        ("yksilovalmennus", "source_not_reviewed"),
    }


def test_differing_definitions_and_shared_terms(report: Report) -> None:
    assert [d.source for d in report.differing_definitions["yksilovalmennus"]] == ["lahde-a", "lahde-b"]
    assert [(s.lang, s.term, s.uses) for s in report.shared_terms] == [
        ("fi", "valmentaja", (("tyohonvalmentaja", "accepted"), ("tyovalmentaja", "accepted")))
    ]


def test_cli_exit_codes(fixture_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(fixture_root), "review"]) == 0
    assert main(["--root", str(fixture_root), "review", "--strict"]) == 1
    err = capsys.readouterr().err
    assert "docs/index.fi.md:4:17: 'työharjoittelussa' is a not-recommended term" in err
    assert main(["--root", str(fixture_root), "review", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["not_recommended"] == 2 and data["summary"]["allowed"] == 2


def test_cli_strict_passes_when_clean(tmp_path: Path, fixture_root: Path) -> None:
    root = tmp_path / "clean"
    shutil.copytree(fixture_root, root)
    for page in (root / "docs").glob("*.md"):
        page.write_text("# Sivu\n\nTyökokeilu ja palkkatuki.\n", encoding="utf-8")
    assert main(["--root", str(root), "review", "--strict"]) == 0


def test_malformed_exceptions_file_is_a_message(
    tmp_path: Path, fixture_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "bad"
    shutil.copytree(fixture_root, root)
    (root / "terminology_exceptions.yaml").write_text(
        "exceptions:\n  - file: docs/index.fi.md\n    term: työharjoittelu\n", encoding="utf-8"
    )
    assert main(["--root", str(root), "review"]) == 1
    err = capsys.readouterr().err
    assert "terminology_exceptions.yaml:2:" in err and "Traceback" not in err


def _check_skos_labels(turtle: str) -> Graph:
    graph = Graph().parse(data=turtle, format="turtle")
    concepts = set(graph.subjects(RDF.type, SKOS.Concept))
    assert concepts
    for concept in concepts:
        pref = list(graph.objects(concept, SKOS.prefLabel))
        langs = [label.language for label in pref]
        assert len(langs) == len(set(langs)), f"two prefLabels in one language: {concept}"
        alt = set(graph.objects(concept, SKOS.altLabel))
        hidden = set(graph.objects(concept, SKOS.hiddenLabel))
        assert not (set(pref) & alt) and not (set(pref) & hidden) and not (alt & hidden)
    return graph


def test_skos_export_parses_and_keeps_every_term(fixture_content: Content) -> None:
    base = "https://example.invalid/glossary/"
    graph = _check_skos_labels(to_skos(fixture_content, base))

    # The URIs are the concept pages' addresses, with their trailing slash.
    trial = URIRef(base + "tyokokeilu/")
    assert (trial, SKOS.prefLabel, Literal("työkokeilu", lang="fi")) in graph
    assert (trial, SKOS.hiddenLabel, Literal("job trial", lang="en")) in graph
    assert (URIRef(base + "yksilovalmennus/"), SKOS.broader, URIRef(base + "valmennus/")) in graph
    assert len(list(graph.objects(URIRef(base + "yksilovalmennus/"), SKOS.definition))) == 4
    assert (URIRef(base + "kuntouttava-tyotoiminta/"), SKOS.related, trial) in graph
    assert len(set(graph.subjects(RDF.type, SKOS.ConceptScheme))) == 1


def test_skos_export_of_the_real_content(content: Content) -> None:
    _check_skos_labels(to_skos(content))


def test_csv_one_row_per_concept_and_language(fixture_content: Content) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(fixture_content))))
    assert len(rows) == len(fixture_content.concepts) * 2
    trial = next(r for r in rows if r["id"] == "tyokokeilu" and r["language"] == "en")
    assert (trial["preferred"], trial["not_recommended"]) == ("work trial", "job trial")


def test_json_export(fixture_content: Content) -> None:
    data = json.loads(to_json(fixture_content))
    ids = [c["id"] for c in data["concepts"]]
    assert ids == sorted(fixture_content.concepts)


def test_real_content_uses_no_not_recommended_term(content: Content) -> None:
    """Zero not-recommended uses, or each allowed by a commented exception."""
    result = review(content)
    assert [u.message() for u in result.not_recommended] == []
    for use in result.term_uses:
        if use.problem == "not_recommended":
            assert use.allowed, use.message()
    assert result.unused_exceptions == []


def test_site_has_the_review_page_and_downloads(site_dir: Path) -> None:
    for prefix in ("", "en/"):
        page = (site_dir / prefix / "terminology" / "index.html").read_text("utf-8")
        for name in ("glossary.xlsx", "glossary.csv", "glossary.json", "glossary.ttl"):
            assert f'href="../downloads/{name}"' in page
            assert (site_dir / prefix / "downloads" / name).stat().st_size > 0
    _check_skos_labels((site_dir / "downloads" / "glossary.ttl").read_text("utf-8"))


def test_markdown_syntax_is_not_prose(index: TermIndex) -> None:
    from handbook.review import _prose

    page = (
        "---\ntitle: työharjoittelu\n---\n# Otsikko\n\nTeksti.\n\n---\n\n"
        "[työkokeilu](../x/työharjoittelu.md) `työharjoittelu` {{ työharjoittelu }}\n"
    )
    prose = _prose(page)
    assert len(prose) == len(page) and prose.count("\n") == page.count("\n")
    assert [m.form for m in index.find(prose, "fi")] == ["työkokeilu"]


def test_cli_export(fixture_root: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "glossary.ttl"
    assert main(["--root", str(fixture_root), "export", "--format", "skos", "-o", str(out)]) == 0
    _check_skos_labels(out.read_text("utf-8"))
    capsys.readouterr()
    assert main(["--root", str(fixture_root), "export", "--format", "csv"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header.startswith("id,language,preferred,accepted,not_recommended,definitions")
    csv_file = tmp_path / "glossary.csv"
    assert main(["--root", str(fixture_root), "export", "--format", "csv", "-o", str(csv_file)]) == 0
    assert csv_file.read_bytes().startswith(b"\xef\xbb\xbfid,")  # BOM: spreadsheets read UTF-8
