"""Glossary tooltips in page HTML: the first occurrence of each glossary term on a page,
in any inflected or capitalised form, becomes a link to its entry whose title is the
short definition (Material shows the title as a tooltip on hover and keyboard focus).

Terms are found by the one term finder, handbook.terminology. Where a tooltip would
mislead or is not prose, the text is left alone:
- headings, links, code, SVG, form controls and elements in another language;
- citations and source lists (the title of a source is its author's wording, not the
  glossary's: "Work coaching by the service of supported employment" names another
  concept than *work coaching*), quotations (a client's words), figure captions;
- boxes (admonitions): on these pages they hold another region's practice, where the
  Helsinki concept's definition would pass for that region's;
- the whole-tree diagram of a flowchart (it repeats the questions above it);
- inside an element with `data-hb-concept="<id> ..."`, the concepts named there: a
  concept's own definition never links to itself.
Knows nothing of MkDocs: `link` turns "glossary/<id>.md" into a URL relative to the page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from handbook.model import Content
from handbook.rendering import concept_path, scope_label
from handbook.terminology import Match, TermIndex

# Inside these the text is not running prose, or already a link.
SKIP = frozenset({
    "h1", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "kbd", "samp", "abbr", "dfn",
    "script", "style", "svg", "button", "label", "select", "textarea", "title", "nav", "summary",
    "blockquote", "q", "cite", "figcaption",
})
# Elements with one of these classes: source lists, quotations, boxes, the whole tree.
SKIP_CLASSES = frozenset({
    "hb-sources", "hb-quickref-sources", "hb-quickref-sources-title", "hb-page-sources",
    "hb-card-sources", "hb-source-note", "hb-quotes", "hb-quote", "admonition", "hb-whole-tree",
})
VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
})
_TAG = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
_NAME = re.compile(r"^</?\s*([a-zA-Z][a-zA-Z0-9-]*)")
_LANG = re.compile(r"""\slang\s*=\s*["']?([a-zA-Z-]+)""")
_CLASS = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_OWN = re.compile(r"""\sdata-hb-concept\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
SHORT = 220  # characters of definition in a tooltip


def short_definition(content: Content, concept_id: str, lang: str) -> str:
    """The concept's preferred term and first definition, cut at a word near SHORT."""
    concept = content.concepts[concept_id]
    text = " ".join(concept.definitions[0].text[lang].split()) if concept.definitions else ""
    if len(text) > SHORT:
        text = text[:SHORT].rsplit(" ", 1)[0].rstrip(" ,.;:") + "…"
    # Never cut: a regional definition must not read as Helsinki's in a tooltip either.
    label = scope_label(content, concept.definitions[0], lang) if concept.definitions else ""
    if text and label:
        text = f"{text} ({label})"
    return f"{concept.term(lang)}: {text}" if text else concept.term(lang)


def add_tooltips(
    page_html: str,
    content: Content,
    index: TermIndex,
    lang: str,
    link: Callable[[str], str],
    skip_concepts: frozenset[str] = frozenset(),
) -> str:
    """`page_html` with the first occurrence of each glossary term turned into a tooltip link."""
    seen: set[str] = set(skip_concepts)
    # Open elements: name, whether text inside is skipped, and the concepts it is about.
    stack: list[tuple[str, bool, frozenset[str]]] = []
    out: list[str] = []
    for piece in _TAG.split(page_html):
        if not piece:
            continue
        if piece.startswith("<"):
            out.append(piece)
            _track(piece, stack, lang)
            continue
        if stack and stack[-1][1]:
            out.append(piece)
            continue
        own = stack[-1][2] if stack else frozenset()
        out.append(_mark(piece, content, index, lang, link, seen, own))
    return "".join(out)


def _attribute(pattern: re.Pattern[str], tag: str) -> list[str]:
    found = pattern.search(tag)
    return "".join(v for v in found.groups() if v).split() if found else []


def _track(tag: str, stack: list[tuple[str, bool, frozenset[str]]], lang: str) -> None:
    if tag.startswith(("<!", "<?")):
        return
    found = _NAME.match(tag)
    if not found:
        return
    name = found.group(1).lower()
    if tag.startswith("</"):
        for i in range(len(stack) - 1, -1, -1):
            if stack[i][0] == name:
                del stack[i:]
                break
        return
    if name in VOID or tag.endswith("/>"):
        return
    other_lang = _LANG.search(tag)
    skip = (
        (bool(stack) and stack[-1][1])
        or name in SKIP
        or (other_lang is not None and other_lang.group(1).split("-")[0].lower() != lang)
        or not SKIP_CLASSES.isdisjoint(_attribute(_CLASS, tag))
    )
    own = (stack[-1][2] if stack else frozenset()) | frozenset(_attribute(_OWN, tag))
    stack.append((name, skip, own))


def _mark(
    text: str,
    content: Content,
    index: TermIndex,
    lang: str,
    link: Callable[[str], str],
    seen: set[str],
    own: frozenset[str] = frozenset(),
) -> str:
    if not text.strip():
        return text
    chosen: list[Match] = []
    by_span: dict[tuple[int, int], list[Match]] = {}
    for match in index.find(text, lang):
        by_span.setdefault((match.start, match.end), []).append(match)
    for span_matches in by_span.values():
        concepts = {m.concept for m in span_matches}
        match = span_matches[0]
        # A term shared by several concepts is ambiguous, and a term inside a longer
        # compound is another word: neither gets a tooltip.
        if len(concepts) != 1 or match.partial or match.concept in seen or match.concept in own:
            continue
        seen.add(match.concept)
        chosen.append(match)
    if not chosen:
        return text
    parts, at = [], 0
    for match in sorted(chosen, key=lambda m: m.start):
        href = link(concept_path(match.concept))
        # Escaped twice: Material's tooltip writes the title as HTML (innerHTML).
        title = html.escape(html.escape(short_definition(content, match.concept, lang), quote=True))
        parts.append(text[at : match.start])
        parts.append(f'<a class="hb-term" href="{html.escape(href, quote=True)}" title="{title}">'
                     f"{text[match.start : match.end]}</a>")
        at = match.end
    parts.append(text[at:])
    return "".join(parts)
