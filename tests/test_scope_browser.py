"""In the built site, in Chromium: every statement whose source describes one region's
practice shows that region's label on every page that shows the statement, in both
languages, on screen, in tooltips and in the printed quick reference."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from test_print import pdf_text, print_pdf
from test_tooltips import FOCUS_BEFORE

from handbook.model import Content, Question, SourcedText
from handbook.rendering import scope_label

pytestmark = pytest.mark.browser

PREFIX = {"fi": "", "en": "en/"}


def every_statement(content: Content) -> list[SourcedText]:
    """Every sourced text a page can show: the glossary, service paths and every service
    field (Content.statements()), each service's conditions (Condition.rule), and the rule
    each tree question asks. A tree outcome has no text of its own: its result shows the
    service's statements, which are already here. (Conditions and tree rules are never
    regional, the validator refuses it; they are listed so that a page showing one is
    still checked should that rule ever break.)"""
    found = list(content.statements())
    for concept in content.services.values():
        found += [condition.rule for condition in concept.service.conditions]
    for tree in content.trees.values():
        for node in tree.nodes.values():
            if isinstance(node, Question) and node.rule is not None:
                found.append(node.rule)
    return found


def norm(text: str) -> str:
    return " ".join(text.split())


def plain(page_html: str) -> str:
    """The text of a page, roughly as a reader sees it (for choosing pages to open)."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page_html, flags=re.DOTALL)
    return norm(html.unescape(re.sub(r"<[^>]+>", "", body)))


def regional(content: Content, lang: str) -> dict[str, str]:
    """text → label of every regional statement, in one language."""
    found = [s for s in every_statement(content) if content.region(s)]
    return {norm(s.text[lang]): scope_label(content, s, lang) for s in found}


def pages_showing(site_dir: Path, lang: str, texts: dict[str, str]) -> dict[str, list[str]]:
    root = site_dir / "en" if lang == "en" else site_dir
    found: dict[str, list[str]] = {}
    for file in sorted(root.rglob("index.html")):
        rel = file.relative_to(site_dir).as_posix()
        if lang == "fi" and rel.startswith("en/"):
            continue
        text = plain(file.read_text("utf-8"))
        shown = [t for t in texts if t in text]
        if shown:
            found[rel[: -len("index.html")]] = shown
    return found


# For every block (paragraph, list item, table cell, definition) that holds the statement
# and no smaller such block does: does what the reader sees there hold the label?
CHECK = """
([items]) => {
  const norm = (s) => s.split(/\\s+/).filter(Boolean).join(" ");
  const blocks = [...document.querySelectorAll("p, li, td, dd")];
  return items.map(([text, label]) => {
    const holding = blocks.filter((b) => norm(b.textContent).includes(text));
    const inner = holding.filter((b) => !holding.some((o) => o !== b && b.contains(o)));
    return [text, inner.length, inner.filter((b) => norm(b.innerText).includes(label)).length];
  });
}
"""

# Material writes a link's title into its tooltip as HTML (innerHTML), so the title holds
# HTML (tooltips.py escapes it twice). What the reader sees is that HTML's text: decoded
# here in an inert document, as Material's tooltip would show it.
TOOLTIPS = """
() => [...document.querySelectorAll("a.hb-term")].map((a) => [
  a.getAttribute("href"),
  new DOMParser().parseFromString(a.title, "text/html").body.textContent,
  a.title,
])
"""


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_every_page_showing_a_regional_statement_shows_its_label(page, base_url, site_dir, content, lang):
    texts = regional(content, lang)
    assert len(texts) >= 50
    shown_on = pages_showing(site_dir, lang, texts)
    # Glossary, service paths, services table, quick reference, benefits page's blocks ...
    assert len(shown_on) >= 30
    missing = []
    for url, shown in shown_on.items():
        page.goto(base_url + url)
        for text, blocks, labelled in page.evaluate(CHECK, [[[t, texts[t]] for t in shown]]):
            if blocks == 0 or labelled < blocks:
                missing.append(f"{url}: '{text[:60]}…' shown {blocks}× , labelled {labelled}×")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_tooltips_of_regional_definitions_carry_the_label(page, base_url, content, lang):
    checked = 0
    shown_once = False
    for url in [f"{PREFIX[lang]}onboarding/benefits/", f"{PREFIX[lang]}onboarding/service-path/",
                f"{PREFIX[lang]}onboarding/key-concepts/", f"{PREFIX[lang]}onboarding/network/"]:
        page.goto(base_url + url)
        for href, shown, title in page.evaluate(TOOLTIPS):
            concept_id = href.rstrip("/").split("/")[-1].removesuffix(".html")
            concept = content.concepts.get(concept_id)
            if concept is None:
                continue
            label = scope_label(content, concept.definitions[0], lang)
            if label:
                assert norm(label) in norm(shown), f"{url}: the tooltip of {concept_id} lacks its label"
                checked += 1
                if not shown_once:
                    # The tooltip Material draws on keyboard focus shows the label as text.
                    link = page.locator(f'a.hb-term[href="{href}"]').first
                    link.evaluate(FOCUS_BEFORE)
                    page.keyboard.press("Tab")
                    tooltip = page.locator(".md-tooltip2--active")
                    tooltip.wait_for(state="visible", timeout=5000)
                    assert norm(label) in norm(tooltip.inner_text()), (url, concept_id, tooltip.inner_text())
                    shown_once = True
            else:
                assert "hb-scope" not in title
    assert checked >= 1 and shown_once


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_printed_quick_reference_shows_every_regional_label(page, base_url, tmp_path, content, lang):
    expected = [
        scope_label(content, s, lang)
        for service in content.services.values()
        for s in (
            service.service.for_whom[:1]
            + tuple(c.rule for c in service.service.conditions[:1])
            + service.service.access[:1]
        )
        if content.region(s)
    ]
    assert len(expected) >= 3
    pdf = print_pdf(page, f"{base_url}{PREFIX[lang]}quick-reference/", tmp_path / f"qr-{lang}.pdf")
    # In print, every label is shown (not hidden by the print style sheet) ...
    labels = page.locator(".hb-quickref .hb-scope")
    assert labels.count() == len(expected)
    for i in range(labels.count()):
        assert labels.nth(i).is_visible()
    # ... and is in the printed text, once for each regional cell.
    # (Table columns interleave in the PDF's text, so count the label's first word, which
    # nothing else on the page uses.)
    printed = pdf_text(pdf).split()
    head = expected[0].split()[0]  # "Alueellinen", "Regional"
    assert printed.count(head) == len(expected)
