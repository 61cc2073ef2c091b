"""In a real browser: the glossary, a concept page and a service page open in both
languages, and Material's language selector leads to the same entry in the other language."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

CONCEPT = "tyohonvalmennus"
SERVICE = "vammaisten-tyotoiminta"


def switch_language(page, hreflang: str) -> None:
    """Open the header's language menu and choose a language, as a worker does."""
    page.locator(".md-header__option .md-select > button").hover()
    link = page.locator(f".md-select__link[hreflang='{hreflang}']")
    link.click()
    page.wait_for_load_state("load")


def script_errors(page) -> list[str]:
    """Console errors other than failed loads: Material fetches sitemap.xml next to each
    <link rel=alternate> that static-i18n writes per page, which 404s harmlessly (its
    handler falls back to an empty map); that belongs to the theme set-up, not this page."""
    return [e for e in page.console_errors if not e.startswith("Failed to load resource")]


def heading(page) -> str:
    return page.locator("article h1").first.inner_text().strip()


def test_glossary_index_opens_in_both_languages_and_links_to_entries(page, base_url, content):
    page.goto(base_url + "glossary/")
    assert page.locator("html").get_attribute("lang") == "fi"
    assert heading(page) == "Sanasto"
    page.get_by_role("link", name=content.concepts["tyokokeilu"].term("fi"), exact=True).click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/glossary/tyokokeilu/")
    assert heading(page) == "työkokeilu"

    page.goto(base_url + "en/glossary/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert heading(page) == "Glossary"
    page.get_by_role("link", name="work trial", exact=True).click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/en/glossary/tyokokeilu/")
    assert script_errors(page) == []


def test_letter_links_jump_to_their_letter(page, base_url):
    page.goto(base_url + "glossary/")
    letters = page.locator("nav.hb-letters a")
    assert letters.count() > 5
    last = letters.last
    target = last.get_attribute("href")
    last.click()
    assert page.url.endswith(target)
    assert page.locator(f"h2{target}").inner_text().strip() == last.inner_text().strip()


@pytest.mark.parametrize("concept_id", [CONCEPT, SERVICE])
def test_language_switcher_leads_to_the_twin_page_and_back(page, base_url, content, concept_id):
    concept = content.concepts[concept_id]
    page.goto(base_url + f"glossary/{concept_id}/")
    assert heading(page) == concept.term("fi")

    switch_language(page, "en")
    assert page.url.endswith(f"/en/glossary/{concept_id}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert heading(page) == concept.term("en")

    switch_language(page, "fi")
    assert page.url == base_url + f"glossary/{concept_id}/"
    assert page.locator("html").get_attribute("lang") == "fi"
    assert heading(page) == concept.term("fi")
    assert script_errors(page) == []
    assert page.external_requests == []


def test_service_page_shows_its_sections_in_the_fixed_order(page, base_url, content):
    words = content.languages
    for lang, prefix in (("fi", ""), ("en", "en/")):
        page.goto(base_url + prefix + f"glossary/{SERVICE}/")
        shown = [h.strip() for h in page.locator("article h2").all_inner_texts()]
        keys = ["for_whom", "conditions", "access", "includes", "duration", "cost",
                "service_languages", "provider", "legal_basis", "follows"]
        expected = [words.word(key, lang) for key in keys]
        # Fields the sources do not state have no section (they are named once, together).
        present = [h for h in expected if h in shown]
        assert [h for h in shown if h in expected] == present, (lang, shown)
        assert len(present) >= 6, (lang, shown)
        law = page.get_by_role("link", name="27 e §")
        assert law.first.get_attribute("href").startswith("https://www.finlex.fi/")
