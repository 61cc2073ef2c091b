"""What every page has around its content: its sources and review date, the right
`lang`, headings in order, a favicon, a 404 page per language, and a layout that
reflows on a phone and at 200 % and 400 % zoom."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from conftest import ROOT

DOCS = ROOT / "docs"
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)
HEADING = re.compile(r"<h([1-6])\b")


def built_file(site: Path, source: Path) -> Path:
    """The HTML file built from docs/<path>.<lang>.md."""
    rel = source.relative_to(DOCS).as_posix()
    stem, lang, _ = rel.rsplit(".", 2)
    prefix = "" if lang == "fi" else f"{lang}/"
    page = stem.removesuffix("index").rstrip("/")
    return site / prefix / page / "index.html" if page else site / prefix / "index.html"


def hand_written() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


@pytest.mark.parametrize("source", hand_written(), ids=lambda p: p.relative_to(DOCS).as_posix())
def test_every_hand_written_page_shows_its_sources_and_review_date(site_dir, source):
    html = built_file(site_dir, source).read_text("utf-8")
    block = html.split('class="hb-page-sources"', 1)
    assert len(block) == 2, "no sources section"
    assert re.search(r'<li>[^<]{10,}', block[1]), "the sources list is empty"
    assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}">', block[1]), "no review date"


def test_every_page_has_its_language_and_headings_in_order(site_dir):
    for file in site_dir.rglob("*.html"):
        rel = file.relative_to(site_dir).as_posix()
        html = file.read_text("utf-8")
        lang = "en" if rel.startswith("en/") else "fi"
        assert f'<html lang="{lang}"' in html, rel
        article = ARTICLE.search(html)
        if article is None:
            continue
        levels = [int(level) for level in HEADING.findall(article.group(1))]
        assert levels and levels[0] == 1 and levels.count(1) == 1, f"{rel}: one h1 first: {levels}"
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, f"{rel}: h{before} followed by h{after}"


def test_favicon_and_a_404_page_in_both_languages(site_dir, content):
    assert (site_dir / "assets" / "favicon.svg").is_file()
    for lang, path in [("fi", "404.html"), ("en", "en/404.html")]:
        html = (site_dir / path).read_text("utf-8")
        assert f'<html lang="{lang}"' in html
        assert content.languages.word("page_not_found", lang) in html
        assert 'rel="icon" href="/tyollistymisen-kasikirja/assets/favicon.svg"' in html


REFLOW_PAGES = ["", "onboarding/service-path/", "en/onboarding/tyokykyisempi-stadi/", "quick-reference/",
                "en/glossary/", "services/"]


@pytest.mark.browser
@pytest.mark.parametrize("width", [320, 640], ids=["phone-or-400pc-zoom", "200pc-zoom"])
def test_pages_reflow_without_sideways_scrolling(browser, base_url, width):
    """320 CSS px is a phone, and a 1280 px window at 400 % zoom; 640 px is 200 %.
    Only diagrams and wide tables may scroll sideways inside their own box (WCAG 1.4.10)."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        for path in REFLOW_PAGES:
            page.goto(base_url + path)
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} at {width}px scrolls sideways by {overflow}px"
    finally:
        context.close()


SKIP_LINK = re.compile(r'<a href="#([^"]+)" class="md-skip">')


def test_every_content_page_starts_with_a_skip_link_to_its_heading(site_dir):
    for file in site_dir.rglob("index.html"):
        html = file.read_text("utf-8")
        found = SKIP_LINK.search(html)
        assert found, file.relative_to(site_dir)
        assert f'id="{found.group(1)}"' in html, file.relative_to(site_dir)


@pytest.mark.browser
def test_keyboard_focus_is_visible(page, base_url):
    """The first Tab shows the skip link; links in the text get a clear outline."""
    page.goto(base_url + "onboarding/network/")
    page.keyboard.press("Tab")
    skip = page.locator("a.md-skip")
    assert skip.evaluate("e => e === document.activeElement")
    assert skip.is_visible()
    link = page.locator(".md-content a.hb-term").first
    link.focus()
    outline = link.evaluate("e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth")
    style, width = outline.split()
    assert style != "none" and float(width.removesuffix("px")) >= 2
