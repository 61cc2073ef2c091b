"""Glossary terms get a tooltip with the short definition and a link to the entry, in any
inflected or capitalised Finnish form, on the first occurrence only, never in headings,
links or code; and the tooltip shows up in a real browser on keyboard focus."""

from __future__ import annotations

import re

import pytest
from sitecrawl import page_paths

from handbook.terminology import TermIndex
from handbook.tooltips import add_tooltips, short_definition

_indexes: dict[int, TermIndex] = {}


def _index(content) -> TermIndex:
    if id(content) not in _indexes:
        _indexes[id(content)] = TermIndex.build(content)
    return _indexes[id(content)]


def tooltips(content, html: str, lang: str = "fi") -> list[tuple[str, str]]:
    """(concept id, linked text) of every tooltip link added to `html`."""
    out = add_tooltips(html, content, _index(content), lang, link=lambda path: path)
    return re.findall(r'<a class="hb-term" href="glossary/([^"]+)\.md" title="[^"]+">([^<]+)</a>', out)


def test_an_inflected_finnish_form_gets_the_tooltip_of_its_term(content):
    assert tooltips(content, "<p>Hänet ohjataan työkokeiluun.</p>") == [("tyokokeilu", "työkokeiluun")]


def test_a_capitalised_inflected_form_gets_the_tooltip(content):
    assert tooltips(content, "<p>Palkkatuella palkattu työntekijä.</p>") == [("palkkatuki", "Palkkatuella")]


def test_the_tooltip_is_the_short_definition_and_links_to_the_entry(content):
    out = add_tooltips("<p>työkokeilu</p>", content, _index(content), "fi", link=lambda p: "../" + p)
    definition = short_definition(content, "tyokokeilu", "fi")
    assert definition.startswith("työkokeilu: ")
    assert 'href="../glossary/tyokokeilu.md"' in out
    assert 'title="' + definition.replace('"', "&quot;") + '"' in out


def test_only_the_first_occurrence_on_a_page(content):
    html = "<p>Työkokeilu on tuettua työtä.</p><p>Työkokeilusta tehdään sopimus, työkokeiluun haetaan.</p>"
    found = tooltips(content, html)
    assert [text for concept, text in found if concept == "tyokokeilu"] == ["Työkokeilu"]


def test_never_inside_headings_links_code_or_other_language_text(content):
    html = (
        '<h2 id="x">Työkokeilu</h2><p><a href="#x">työkokeilu</a> <code>työkokeilu</code> '
        '<span lang="en">work trial</span></p><pre>palkkatuki</pre>'
    )
    assert tooltips(content, html) == []
    assert tooltips(content, '<p><span lang="fi">työkokeilu</span> and a work trial</p>', "en") == [
        ("tyokokeilu", "work trial")
    ]


def test_markup_around_terms_is_kept(content):
    html = '<p class="a">Ennen <em>työkokeilua</em> &amp; jälkeen.</p>'
    out = add_tooltips(html, content, _index(content), "fi", link=lambda p: p)
    assert out.startswith('<p class="a">Ennen <em><a class="hb-term"')
    assert out.endswith("</a></em> &amp; jälkeen.</p>")


TOOLTIP_LINK = re.compile(r'<a class="hb-term" href="[^"]*glossary/([^/"]+)/"[^>]*>([^<]+)</a>')
# Put a focusable element just before the link, so that Tab arrives at the link.
FOCUS_BEFORE = "e => { const s = document.createElement('span'); s.tabIndex = 0; e.before(s); s.focus(); }"


@pytest.mark.browser
def test_tooltips_for_inflected_and_capitalised_forms_show_on_keyboard_focus(
    page, base_url, site_dir, content
):
    """Finds, on the built Finnish pages, a tooltip on an inflected form and one on a
    capitalised form of a lower-case term, then tabs to each and sees the tooltip."""
    wanted = {"inflected": None, "capitalised": None}
    for path in page_paths(site_dir):
        if path.startswith("en/") or not path or "glossary/" in path or path.endswith(".html"):
            continue
        html = (site_dir / path / "index.html").read_text("utf-8")
        for concept_id, text in TOOLTIP_LINK.findall(html):
            term = content.concepts[concept_id].term("fi")
            if wanted["inflected"] is None and text.lower() != term.lower() and text[0].islower():
                wanted["inflected"] = (path, text, term)
            if wanted["capitalised"] is None and term[0].islower() and text[0].isupper():
                wanted["capitalised"] = (path, text, term)
    assert all(wanted.values()), wanted
    for kind, (path, text, term) in wanted.items():
        page.goto(base_url + path)
        link = page.locator("a.hb-term", has_text=text).first
        link.evaluate(FOCUS_BEFORE)
        page.keyboard.press("Tab")
        assert link.evaluate("e => e === document.activeElement"), kind
        tooltip = page.locator(".md-tooltip2--active")
        tooltip.wait_for(state="visible", timeout=5000)
        assert tooltip.inner_text().startswith(f"{term}: "), (kind, text, tooltip.inner_text())
