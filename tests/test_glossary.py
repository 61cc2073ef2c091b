"""The glossary and service catalogue: complete, sourced, bilingual, linked, and filed in
each language's alphabetical order."""

from __future__ import annotations

import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from handbook.collation import initial, sort_key
from handbook.loading import ContentError, load_content
from handbook.model import SERVICE_FIELDS, Content
from handbook.rendering import site_pages

ROOT = Path(__file__).resolve().parent.parent

# Ids that decision trees and other pages name; they must stay.
REQUIRED_SERVICES = [
    "tuetun-tyollistymisen-palvelu",
    "tyokyvyn-tuen-palvelut",
    "kuntouttava-tyotoiminta",
    "tyokokeilu",
    "palkkatuettu-tyo",
    "vammaisten-tyollistymista-tukeva-toiminta",
    "vammaisten-tyotoiminta",
    "kehitysvammaisten-tyo-ja-paivatoiminta",
    "ohjauspalvelut",
    "yksilovalmennus",
    "ryhmavalmennus",
    "tyohonvalmennus-muussa-palveluyksikossa",
    "mielenterveyskuntoutujien-tyohonvalmennus",
    "palvelutarpeen-arviointi",
    "tuetun-tyollistymisen-tyohonvalmennus",
]

# The renderings agreed for the whole site (brief): Finnish preferred term → English.
AGREED = {
    "työhönvalmennus": "job coaching",
    "työhönvalmentaja": "job coach",
    "työvalmennus": "work coaching",
    "työvalmentaja": "work coach",
    "tuetun työllistymisen työhönvalmennus": "supported employment job coaching",
    "Tuetun työllistymisen palvelu": "service of supported employment",
    "Työkyvyn tuen palvelut": "Work Ability Support Services",
    "kuntouttava työtoiminta": "rehabilitative work activity",
    "työkokeilu": "work trial",
    "palkkatuettu työ": "pay-subsidised work",
    "palkkatuki": "pay subsidy",
    "tuettu työ": "supported work",
    "työtoiminta": "work activity",
    "avotyötoiminta": "open work activity",
    "työosuusraha": "work allowance",
    "yksilövalmennus": "individual coaching",
    "ryhmävalmennus": "group coaching",
    "valmennuspalvelut": "coaching services",
    "ohjauspalvelut": "guidance services",
    "palvelutarpeen arviointi": "service needs assessment",
    "asiakassuunnitelma": "client plan",
    "palvelusuunnitelma": "service plan",
    "työllistymissuunnitelma": "employment plan",
    "aktivointisuunnitelma": "activation plan",
    "vastuutyöntekijä": "responsible worker",
    "saattaen vaihto": "accompanied transition",
    "B-lausunto": "B statement",
    "työkykykoordinaattori": "work ability coordinator",
    "erityistyöllistämisen yksikkö": "special employment unit",
}

# Places of the region outside Helsinki that source 003 describes.
REGION_WORDS = re.compile(
    r"Seinäjo|Kauhajo|Kuussote|LLKY|Ilmajo|euroa|matkakulu|bussi|palveluliikenne", re.IGNORECASE
)
REGION_LABEL = re.compile(r"Helsingin ulkopuol|lähteen alue", re.IGNORECASE)


def text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


# --- completeness -----------------------------------------------------------------------


def test_glossary_is_well_over_forty_concepts(content: Content):
    assert len(content.concepts) >= 50
    assert len(content.services) >= len(REQUIRED_SERVICES)


@pytest.mark.parametrize("service_id", REQUIRED_SERVICES)
def test_required_service_exists(content: Content, service_id: str):
    assert content.concepts[service_id].is_service


def test_every_entry_has_both_languages_and_a_sourced_definition(content: Content):
    for concept in content.concepts.values():
        for lang in ("fi", "en"):
            assert concept.terms[lang].preferred.strip(), (concept.id, lang)
        assert concept.definitions, concept.id
        for definition in concept.definitions:
            assert definition.source in content.sources, (concept.id, definition.source)
            assert definition.text["fi"].strip() and definition.text["en"].strip(), concept.id


def test_agreed_renderings_are_used(content: Content):
    by_finnish = {c.terms["fi"].preferred: c for c in content.concepts.values()}
    for finnish, english in AGREED.items():
        assert finnish in by_finnish, f"no glossary entry for {finnish}"
        assert by_finnish[finnish].terms["en"].preferred == english, finnish


def test_one_finnish_term_has_one_english_rendering(content: Content):
    seen: dict[str, str] = {}
    for concept in content.concepts.values():
        for lang in ("fi", "en"):
            term = concept.terms[lang].preferred.casefold()
            key = f"{lang}:{term}"
            assert key not in seen, f"{concept.id} and {seen[key]} share the {lang} term {term}"
            seen[key] = concept.id


def test_terms_defined_differently_keep_both_sources(content: Content):
    for concept_id in ("yksilovalmennus", "ryhmavalmennus", "tyohonvalmennus"):
        sources = {d.source for d in content.concepts[concept_id].definitions}
        assert len(sources) >= 2, concept_id


def test_definitions_cite_the_original_sources_that_003_names(content: Content):
    cited = {d.source for c in content.concepts.values() for d in c.definitions}
    for original in ("thl-2019d", "ylipaavalniemi-ym", "puolanne-ym-2000", "tyoministerio-2004",
                     "veijalainen-2004", "palvelusanasto-2020"):
        assert original in cited, original


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("tyovalmennus", "tyohonvalmennus"),
        ("tyovalmentaja", "tyohonvalmentaja"),
        ("tyokokeilu", "palkkatuettu-tyo"),
        ("vammaisten-tyollistymista-tukeva-toiminta", "vammaisten-tyotoiminta"),
    ],
)
def test_confusable_pairs_point_at_each_other_and_say_how_they_differ(content: Content, one, other):
    for a, b in ((one, other), (other, one)):
        entries = [cw for cw in content.concepts[a].confused_with if cw.concept == b]
        assert entries, f"{a} does not warn about {b}"
        assert entries[0].difference and all(entries[0].difference[lang] for lang in ("fi", "en"))


def test_statutory_services_carry_their_section_and_finlex_link(content: Content):
    expected = {
        "vammaisten-tyollistymista-tukeva-toiminta": "27 d §",
        "vammaisten-tyotoiminta": "27 e §",
        "kehitysvammaisten-tyo-ja-paivatoiminta": "35 §",
    }
    for concept_id, section in expected.items():
        sections = [lb.section for lb in content.concepts[concept_id].legal_basis]
        assert any(s.startswith(section) for s in sections), (concept_id, sections)
    for concept_id in ("vammaisten-tyotoiminta", "kehitysvammaisten-tyo-ja-paivatoiminta"):
        assert content.concepts[concept_id].legal_basis[0].url.startswith("https://www.finlex.fi/")


def test_local_practices_of_the_other_region_are_labelled_as_such(content: Content):
    """Fees and transport from 003 are one region's examples, never Helsinki's rules."""
    for concept in content.concepts.values():
        statements = list(concept.definitions)
        if concept.service:
            statements += [s for name in SERVICE_FIELDS for s in concept.service.field(name)]
        for statement in statements:
            if REGION_WORDS.search(statement.text["fi"]):
                label = (statement.note or {}).get("fi", "") + statement.text["fi"]
                # Labelled by its scope (every page shows the region next to it) or in words.
                assert content.region(statement) or REGION_LABEL.search(label), (concept.id, statement.loc)
        remarks = ((concept.example, concept.example_statement), (concept.note, concept.note_statement))
        for text, statement in remarks:
            if text and REGION_WORDS.search(text["fi"]):
                scoped = statement is not None and content.region(statement)
                worded = REGION_LABEL.search(text["fi"]) or "esimerk" in text["fi"].casefold()
                assert scoped or worded, concept.id


# --- services ---------------------------------------------------------------------------


def test_every_service_page_shows_every_field_in_the_fixed_order(content: Content):
    for lang in content.languages.codes:
        words = content.languages
        labels = [
            words.word("service_languages" if f == "languages" else f, lang) for f in SERVICE_FIELDS
        ]
        # The fixed order: fields up to the provider, then the legal basis, then what follows.
        labels.insert(labels.index(words.word("follows", lang)), words.word("legal_basis", lang))
        labels += [words.word("sources", lang)]
        pages = site_pages(content, lang)
        for service_id in content.services:
            page = pages[f"glossary/{service_id}.md"]
            headings = re.findall(r"^## (.+)$", page, re.MULTILINE)
            positions = [headings.index(label) for label in labels if label in headings]
            assert positions == sorted(positions), (service_id, lang, headings)
            # A field the sources do not state has no section: it is named once, compactly.
            missing = [label for label in labels if label not in headings]
            if missing:
                line = re.search(r'<p class="hb-not-covered">(.*?)</p>', page).group(1)
                assert all(label in line for label in missing), (service_id, lang, missing)
            assert words.word("not_stated", lang) not in page.split("## " + words.word("sources", lang))[0]


def test_a_service_missing_a_field_is_reported_with_file_and_line(tmp_path: Path):
    root = copy_content(tmp_path)
    path = root / "glossary" / "tyokokeilu.yaml"
    path.write_text(path.read_text("utf-8").replace("  duration: not_stated\n", ""), "utf-8")
    with pytest.raises(ContentError) as error:
        load_content(root)
    message = str(error.value)
    assert re.search(r"glossary/tyokokeilu\.yaml:\d+: .*'duration'", message), message


def test_services_overview_links_every_service(content: Content):
    for lang in content.languages.codes:
        overview = site_pages(content, lang)["services/index.md"]
        for service_id in content.services:
            assert f"(../glossary/{service_id}.md)" in overview


# --- relations --------------------------------------------------------------------------


def test_every_relation_resolves(content: Content):
    for concept in content.concepts.values():
        targets = [*concept.broader, *concept.related, *(cw.concept for cw in concept.confused_with)]
        for target in targets:
            assert target in content.concepts, (concept.id, target)
            assert target != concept.id, concept.id


def test_an_unknown_relation_is_reported_with_file_and_line(tmp_path: Path):
    root = copy_content(tmp_path)
    path = root / "glossary" / "tyokokeilu.yaml"
    path.write_text(path.read_text("utf-8").replace("broader: [tuettu-tyo]", "broader: [tuetu-tyo]"), "utf-8")
    with pytest.raises(ContentError) as error:
        load_content(root)
    # The wording belongs to the validator; here: the right file and line, naming the id.
    assert re.search(r"glossary/tyokokeilu\.yaml:12: .*'tuetu-tyo'", str(error.value))


def test_relations_are_links_on_the_built_page(site_dir: Path):
    page = (site_dir / "glossary" / "tyokokeilu" / "index.html").read_text("utf-8")
    assert 'href="../tuettu-tyo/"' in page
    assert 'href="../palkkatuettu-tyo/"' in page


# --- alphabetical order -----------------------------------------------------------------


def test_finnish_collation_files_a_with_rings_and_umlauts_after_z(content: Content):
    fi = content.languages.get("fi")
    words = ["öljy", "ääni", "åland", "zeta", "wc", "vaaka", "aamu", "Ärsyke", "Öhman", "abc"]
    ordered = sorted(words, key=lambda w: sort_key(w, fi))
    assert ordered == ["aamu", "abc", "vaaka", "wc", "zeta", "åland", "Ärsyke", "ääni", "Öhman", "öljy"]
    assert [initial(w, fi) for w in ("ääni", "åland", "öljy", "wc", "vaaka")] == ["Ä", "Å", "Ö", "W", "V"]


def test_english_collation_files_umlauts_with_their_base_letter(content: Content):
    en = content.languages.get("en")
    assert sorted(["zeta", "ärsyke", "apple"], key=lambda w: sort_key(w, en)) == ["apple", "ärsyke", "zeta"]
    assert initial("ärsyke", en) == "A"


def test_shorter_word_and_spaces_sort_first(content: Content):
    fi = content.languages.get("fi")
    words = ["työkokeilu", "työ", "työ kokeilu"]
    assert sorted(words, key=lambda w: sort_key(w, fi)) == ["työ", "työ kokeilu", "työkokeilu"]


def test_rendered_finnish_index_is_in_finnish_order_with_letter_links(tmp_path: Path):
    root = copy_content(tmp_path, glossary=False)
    for term in ["öljy", "äiti", "åland", "zeta", "wok", "vaaka", "aamu", "Ärsyke"]:
        write_concept(root, term)
    content = load_content(root)
    index = site_pages(content, "fi")["glossary/index.md"]
    letters = re.findall(r"^## (\S+) \{: #(letter-\d+) \}$", index, re.MULTILINE)
    assert [letter for letter, _ in letters] == ["A", "V", "W", "Z", "Å", "Ä", "Ö"]
    for _, anchor in letters:
        assert f'href="#{anchor}"' in index
    entries = re.findall(r"^- \[([^\]]+)\]", index, re.MULTILINE)
    assert entries == ["aamu", "vaaka", "wok", "zeta", "åland", "äiti", "Ärsyke", "öljy"]


def test_real_glossary_index_is_in_order_and_lists_other_terms(content: Content):
    fi = content.languages.get("fi")
    index = site_pages(content, "fi")["glossary/index.md"]
    items = [line[2:] for line in index.splitlines() if line.startswith("- ")]
    # "[term](page.md) ..." for a preferred term, "term (status) → see ..." for the others.
    shown = [re.split(r"\]\(| \(| →", item.lstrip("["))[0].replace("\\", "") for item in items]
    assert shown == sorted(shown, key=lambda w: sort_key(w, fi))
    # An accepted term points to the preferred one.
    assert "- vireilletulo → katso [palveluun ohjautuminen](palveluun-ohjautuminen.md)" in index


def test_terms_page_pairs_every_term_with_its_equivalent(content: Content):
    page = site_pages(content, "fi")["glossary/terms.md"]
    row = '| [työhönvalmennus](tyohonvalmennus.md) | suositettava | <span lang="en">job coaching</span>'
    assert row in page
    assert "| [palkkatukityö](palkkatuettu-tyo.md) | hyväksyttävä |" in page
    rows = [line for line in page.splitlines() if line.startswith("| [")]
    terms = [c.terms["fi"] for c in content.concepts.values()]
    total = sum(1 + len(t.accepted) + len(t.not_recommended) for t in terms)
    assert len(rows) == total


def test_a_long_term_table_is_cut_into_parts_with_the_same_pages_in_every_language(content, monkeypatch):
    """No page grows with the glossary: past TERMS_PER_PAGE rows the table continues on
    glossary/terms/2.md, ... (a folder no concept can take); every language has the same
    parts, each row appears once, in order, and every link leads to a page of the site."""
    import posixpath

    from handbook import rendering

    monkeypatch.setattr(rendering, "TERMS_PER_PAGE", 40)
    pages = {lang: site_pages(content, lang) for lang in content.languages.codes}
    parts = {lang: [p for p in made if p == "glossary/terms.md" or p.startswith("glossary/terms/")]
             for lang, made in pages.items()}
    assert len(parts["fi"]) >= 3 and all(found == parts["fi"] for found in parts.values())
    for lang, made in pages.items():
        shown = []
        for number, path in enumerate(parts[lang], start=1):
            page = made[path]
            assert page.startswith("# ") and f" {number}/{len(parts[lang])})" in page.splitlines()[0]
            assert len([line for line in page.splitlines() if line.startswith("| [")]) <= 40
            shown += [line for line in page.splitlines() if line.startswith("| [")]
            for link in re.findall(r"\]\(([^)#]+\.md)\)", page):
                target = posixpath.normpath(posixpath.join(posixpath.dirname(path), link))
                assert target in made, (path, link)
        assert len(shown) == len(rendering.Renderer(content, lang).term_entries())


# --- the built site ---------------------------------------------------------------------


def test_every_concept_has_a_page_in_both_languages(site_dir: Path, content: Content):
    for concept in content.concepts.values():
        fi = site_dir / "glossary" / concept.id / "index.html"
        en = site_dir / "en" / "glossary" / concept.id / "index.html"
        assert fi.exists() and en.exists(), concept.id
    for page in ("glossary/terms", "services"):
        assert (site_dir / page / "index.html").exists()
        assert (site_dir / "en" / page / "index.html").exists()


def test_two_definitions_are_shown_each_with_its_source(site_dir: Path):
    page = text_of((site_dir / "glossary" / "yksilovalmennus" / "index.html").read_text("utf-8"))
    assert "Työllistymisen palvelukäsitteitä:" in page
    assert "Sosiaalisen työllistämisen toimialan käsitteet:" in page


# --- helpers ----------------------------------------------------------------------------


def copy_content(tmp_path: Path, glossary: bool = True) -> Path:
    """A copy of the project's content to break on purpose."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("languages.yaml", "sources.yaml"):
        shutil.copy(ROOT / name, root / name)
    shutil.copytree(ROOT / "schemas", root / "schemas")
    (root / "decision_trees").mkdir()
    if glossary:
        shutil.copytree(ROOT / "glossary", root / "glossary")
    else:
        (root / "glossary").mkdir()
    return root


def write_concept(root: Path, term: str) -> None:
    concept_id = "x" + str(abs(hash(term)))
    (root / "glossary" / f"{concept_id}.yaml").write_text(
        f"""id: {concept_id}
terms:
  fi: {{preferred: "{term}"}}
  en: {{preferred: "{term}"}}
definitions:
  - {{fi: Testi., en: Test., source: thl-2019d}}
reviewed: {{date: 2026-11-24, against: [thl-2019d]}}
""",
        "utf-8",
    )
