"""The search index step of the build: law-section keys and readable failures."""

from pathlib import Path

import pytest

from handbook.search import SearchIndexError, build_search_index, law_keys
from handbook.searchkeys import KEYS_MARK, page_kind, search_annotations, search_keys, term_keys


@pytest.mark.parametrize(
    ("section", "keys"),
    [
        ("27 d §", ["27d"]),
        ("27 e § (30.12.2015/1648)", ["27e"]),
        ("27 d ja 27 e §", ["27d", "27e"]),
        ("35 § 2 mom.", []),
        ("1 luku 1 §, 2 luku 7 §, 7 luku", []),
    ],
)
def test_law_keys_are_the_compact_sections_the_search_box_asks_for(section, keys):
    assert law_keys(section) == keys


def test_an_empty_site_is_a_readable_error_not_a_traceback(tmp_path: Path):
    with pytest.raises(SearchIndexError, match=r"Pagefind could not index .*: Error"):
        build_search_index(tmp_path, "article")


def test_the_built_site_has_one_index_per_language(site_dir: Path, content):
    entry = (site_dir / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")
    for lang in content.languages.codes:
        assert f'"{lang}"' in entry
    assert not (site_dir / "pagefind" / "pagefind-ui.js").exists(), "Pagefind's own UI is not used"


# --- Base forms, compound parts and kinds of page (handbook.searchkeys) ---------------


def test_base_forms_of_inflected_words_and_parts_of_compounds():
    keys = search_keys("Tuetun työllistymisen palvelussa maksetaan työosuusrahaa ja palkkatuella.", "fi")
    assert {"tuettu", "palvelu", "työosuusraha", "palkkatuki"} <= set(keys.lemmas)
    # Parts of compounds, and runs of parts inside a longer compound (työ+osuus+raha).
    assert {"raha", "osuus", "osuusraha", "tuki", "palkka"} <= set(keys.parts)
    # Words written as such are not repeated: the page's own words are indexed already.
    assert "palvelussa" not in keys.lemmas and "maksetaan" not in keys.parts
    assert len(keys.lemmas) == len(set(keys.lemmas)) and list(keys.lemmas) == sorted(keys.lemmas)


def test_short_parts_and_abbreviations_are_left_out():
    keys = search_keys("SHL:n mukainen työpaja", "fi")
    assert not any(key.startswith("=") for key in keys.lemmas), keys
    assert "työ" not in keys.parts  # three letters find too much
    assert "paja" in keys.parts


def test_english_keys_are_singulars():
    keys = search_keys("Work trials and job coaches", "en")
    assert {"trial", "coach"} <= set(keys.lemmas)
    assert keys.parts == ()


def test_term_keys_give_each_word_its_base_forms():
    assert term_keys("Tuetun työllistymisen palvelu", "fi").split() == [
        "tuetun/tuettu",
        "työllistymisen/työllistyä",
        "palvelu",
    ]
    assert term_keys("work trials", "en") == "work trials/trial"


def test_kind_of_each_page(content):
    service = next(cid for cid, c in content.concepts.items() if c.is_service)
    concept = next(cid for cid, c in content.concepts.items() if not c.is_service)
    tree = next(iter(content.trees))
    assert page_kind(f"glossary/{service}.md", content) == "service"
    assert page_kind(f"glossary/{concept}.md", content) == "concept"
    assert page_kind(f"flowcharts/{tree}.md", content) == "flowchart"
    assert page_kind("glossary/index.md", content) == "list"
    assert page_kind("glossary/terms.md", content) == "list"
    assert page_kind("terminology/index.md", content) == "review"
    assert page_kind("onboarding/benefits.md", content) == "guide"
    assert page_kind("glossary/no-such-concept.md", content) == "guide"


def test_annotations_escape_what_the_content_holds(content):
    html = search_annotations(
        "<p>Työkokeilussa &lt;script&gt;</p>", "onboarding/x.md", '"><script>alert(1)</script>', content, "fi"
    )
    assert "<script" not in html
    assert 'data-pagefind-meta="hb_kind:guide"' in html
    assert "hidden" in html and KEYS_MARK in html


def test_every_built_page_carries_its_kind_and_hidden_keys(site_dir: Path, content):
    service = site_dir / "glossary" / "tuetun-tyollistymisen-palvelu" / "index.html"
    page = service.read_text(encoding="utf-8")
    body = page[page.index('<article class="md-content__inner'):]
    body = body[: body.index("</article>")]
    assert 'data-pagefind-meta="hb_kind:service"' in body
    keys_at = body.index(KEYS_MARK)
    assert body.rfind("<h2", 0) < keys_at, "the hidden keys come after the page's own text"
    hidden = body[body.rindex("<div", 0, keys_at) : body.index("</div>", keys_at)]
    assert "hidden" in hidden and 'data-pagefind-weight="0.5"' in hidden and "tuettu" in hidden
    english = (site_dir / "en" / "glossary" / "tyokokeilu" / "index.html").read_text(encoding="utf-8")
    assert 'data-pagefind-meta="hb_kind:service"' in english


def test_stop_words_come_from_languages_yaml(site_dir: Path, content):
    """The search box's stop words are the language's list in languages.yaml, not code."""
    import html as html_module
    import re

    for lang in content.languages.codes:
        home = site_dir if lang == content.languages.default else site_dir / lang
        page = (home / "index.html").read_text(encoding="utf-8")
        words = re.search(r'data-stop-words="([^"]*)"', page)
        assert words, lang
        stop_words = content.languages.get(lang).stop_words
        assert set(html_module.unescape(words.group(1)).split()) == set(stop_words)
        assert content.languages.get(lang).stop_words, f"{lang} has no search_stop_words in languages.yaml"
