"""Where glossary tooltips may appear: never inside citations and source lists (a source's
title is its author's wording), quotations, boxes holding another region's practice, the
whole-tree diagram, or on a concept's own definition or page. Checked on snippets and on
every page of the built site with the standard library's HTML parser (not the tooltip
code's own tag tracking)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sitecrawl import page_paths

from handbook.terminology import TermIndex
from handbook.tooltips import add_tooltips

_indexes: dict[int, TermIndex] = {}


def tooltips(content, html: str, lang: str = "en") -> list[str]:
    if id(content) not in _indexes:
        _indexes[id(content)] = TermIndex.build(content)
    out = add_tooltips(html, content, _indexes[id(content)], lang, link=lambda path: path)
    return re.findall(r'<a class="hb-term" href="glossary/([^"]+)\.md"', out)


# "work coaching" is a glossary term and no other word is ("client" is one since issue 13).
PROSE = "Work coaching helps at work."


@pytest.mark.parametrize(
    "wrapper",
    [
        '<ol class="hb-sources"><li>{}</li></ol>',
        '<ol class="hb-quickref-sources"><li>{}</li></ol>',
        '<ul class="hb-card-sources"><li>{}</li></ul>',
        '<p>Text <span class="hb-source-note">({})</span></p>',
        "<blockquote><p>{}</p></blockquote>",
        '<div class="hb-quotes"><figure><p>{}</p></figure></div>',
        "<p><q>{}</q></p>",
        "<p><cite>{}</cite></p>",
        "<figure><figcaption>{}</figcaption></figure>",
        '<div class="admonition note"><p class="admonition-title">Another region</p><p>{}</p></div>',
        '<div class="hb-flow-extra hb-whole-tree"><ul><li>{}</li></ul></div>',
        '<dl><dt><a href="x">work coaching</a></dt><dd data-hb-concept="tyovalmennus">{}</dd></dl>',
        '<ul><li data-hb-concept="other tyovalmennus">{}</li></ul>',
    ],
)
def test_no_tooltip_in_sources_quotations_boxes_or_a_concepts_own_text(content, wrapper):
    assert tooltips(content, "<p>" + PROSE + "</p>") == ["tyovalmennus"]  # the control
    assert tooltips(content, wrapper.format(PROSE)) == []


def test_after_a_skipped_part_the_first_use_in_prose_gets_the_tooltip(content):
    html = f'<ol class="hb-sources"><li>{PROSE}</li></ol><p>{PROSE}</p>'
    assert tooltips(content, html) == ["tyovalmennus"]
    # A concept's own definition skips only that concept, not the others it names.
    own = '<dd data-hb-concept="tyovalmennus">Work coaching and a work trial.</dd>'
    assert tooltips(content, own) == ["tyokokeilu"]


# --- the built site --------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
FORBIDDEN_TAGS = {"blockquote", "q", "cite", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "nav", "code"}
FORBIDDEN_CLASSES = {
    "hb-sources", "hb-quickref-sources", "hb-page-sources", "hb-card-sources", "hb-source-note",
    "hb-quotes", "admonition", "hb-whole-tree",
}


class _Checker(HTMLParser):
    """Lists every tooltip link (class hb-term) whose ancestors forbid one."""

    def __init__(self, own_page: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, set[str], set[str]]] = []  # tag, classes, own concepts
        self.own_page = own_page
        self.found = 0
        self.problems: list[str] = []
        self.sources_text = ""  # text of the source lists, to show the check is not vacuous

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        own = set((a.get("data-hb-concept") or "").split())
        if tag == "a" and "hb-term" in classes:
            self.found += 1
            concept = (a.get("href") or "").rstrip("/").rsplit("/", 1)[-1]
            for parent, parent_classes, parent_own in self.stack:
                if parent in FORBIDDEN_TAGS or parent_classes & FORBIDDEN_CLASSES:
                    where = f"<{parent} class={sorted(parent_classes)}>"
                    self.problems.append(f"tooltip for {concept} inside {where}")
                if concept in parent_own:
                    self.problems.append(f"tooltip for {concept} inside its own definition")
            if concept == self.own_page:
                self.problems.append(f"tooltip for {concept} on its own page")
        if tag not in VOID:
            self.stack.append((tag, classes, own))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if any(classes & {"hb-sources", "hb-quickref-sources"} for _, classes, _ in self.stack):
            self.sources_text += data


def test_no_tooltip_link_in_citations_source_lists_quotations_or_own_concept_on_the_site(site_dir: Path):
    problems, found, sources = [], 0, ""
    for path in page_paths(site_dir):
        file = site_dir / (path if path.endswith(".html") else path + "index.html")
        own = path.rstrip("/").rsplit("/", 1)[-1] if "glossary/" in path else None
        checker = _Checker(own)
        checker.feed(file.read_text("utf-8"))
        found += checker.found
        sources += checker.sources_text
        problems += [f"{path}: {p}" for p in checker.problems]
    assert problems == []
    assert found > 20, "the site has hardly any tooltips: the check would prove nothing"
    # The source title that used to link to *work coaching* is still on the quick reference.
    assert "Work coaching by the service of supported employment" in sources
