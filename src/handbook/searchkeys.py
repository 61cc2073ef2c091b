"""What the search index reads beside a page's own words, and what the search box knows
of a page: hidden text added at the end of every page's body before Pagefind indexes it.

- The base forms (Voikko lemmas, from the one term finder) of the page's words and the
  parts of its compound words, weighted below the words as written: "tuettu
  työllistyminen" finds *Tuetun työllistymisen palvelu*, "raha" finds työosuusraha, and a
  page that uses the word itself still ranks first.
- For the search box (overrides/assets/handbook/search.js): the kind of page (concept,
  service, flowchart, ...) and its terms with their base forms, so that the page whose
  own term was typed comes first.

Knows nothing of MkDocs; hooks/search.py calls `search_annotations` for every page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from typing import Literal

from jinja2 import Environment, PackageLoader

from handbook.model import Content
from handbook.rendering import FLOWCHARTS, GLOSSARY, SERVICE_PATHS, SERVICES, TERMINOLOGY
from handbook.terminology import analyser, terms_of, words

PageKind = Literal["concept", "service", "flowchart", "path", "guide", "list", "review"]
KINDS: tuple[PageKind, ...] = ("concept", "service", "flowchart", "path", "guide", "list", "review")

# Pagefind's weights are quadratic (0.5 counts a quarter of a word as written, 0.3 a tenth):
# a base form or a compound part found only through this text ranks below the words a
# page really uses.
LEMMA_WEIGHT = 0.5
PART_WEIGHT = 0.3
# The first word of the hidden text: the search box cuts the page's own text there, so
# that an excerpt never shows the list of base forms.
KEYS_MARK = "⁂"
# A compound part shorter than this ("työ", "yö") finds too much to be worth indexing.
_MIN_PART = 4


def page_kind(src_path: str, content: Content) -> PageKind:
    """What a page is, from its path without the language suffix ("glossary/palkkatuki.md")."""
    folder, _, name = src_path.removesuffix(".md").rpartition("/")
    if folder == TERMINOLOGY:
        return "review"
    if folder in (GLOSSARY, SERVICES, FLOWCHARTS, SERVICE_PATHS) and name in ("index", "terms"):
        return "list"
    if folder == GLOSSARY and name in content.concepts:
        return "service" if content.concepts[name].is_service else "concept"
    if folder == FLOWCHARTS and name in content.trees:
        return "flowchart"
    if folder == SERVICE_PATHS and name in content.service_paths:
        return "path"
    return "guide"


@dataclass(frozen=True)
class SearchKeys:
    """What a text can also be found by: base forms not written in it as such, and the
    parts of its compound words (both sorted, each once)."""

    lemmas: tuple[str, ...]
    parts: tuple[str, ...]


def search_keys(text: str, lang: str) -> SearchKeys:
    """search_keys("Tuetun työllistymisen palvelussa", "fi") has the lemmas tuettu,
    työllistyminen and palvelu; "työosuusrahaa" gives the parts osuus and raha."""
    morph = analyser(lang)
    written: set[str] = set()
    lemmas: set[str] = set()
    parts: set[str] = set()
    for word in set(words(text)):
        written.add(word.lower())
        keys = morph.analyse(word)
        lemmas |= {key for key in keys.keys if not key.startswith("=")}  # "=SHL": capitals
        for part_list in keys.parts:
            # Each part, and each run of parts inside a longer compound: työ+osuus+raha
            # gives osuus, raha and osuusraha ("työosuus" is a prefix, found anyway).
            n = len(part_list)
            runs = ("".join(part_list[i:j]) for i in range(n) for j in range(i + 1, n + 1) if j - i < n)
            parts |= {run for run in runs if len(run) >= _MIN_PART}
    lemmas -= written
    parts -= written | lemmas
    return SearchKeys(tuple(sorted(lemmas)), tuple(sorted(parts)))


def term_keys(term: str, lang: str) -> str:
    """A term as the search box compares it with a query, each word with its base forms:
    "Tuetun työllistymisen palvelu" → "tuetun/tuettu työllistymisen/työllistyminen palvelu"."""
    morph = analyser(lang)
    found = []
    for word in words(term):
        keys = sorted(key for key in morph.analyse(word).keys if not key.startswith("="))
        found.append("/".join(dict.fromkeys([word.lower(), *keys])))
    return " ".join(found)


class _Text(HTMLParser):
    """The text of an HTML fragment, without scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join(parser.parts)


def page_terms(src_path: str, title: str, content: Content, lang: str) -> list[str]:
    """The terms a page stands for, its title first: a concept's preferred, other and
    not-recommended terms; any other page's title."""
    folder, _, name = src_path.removesuffix(".md").rpartition("/")
    title = unescape(re.sub(r"<[^>]+>", "", title or "")).strip()
    terms = [title] if title else []
    if folder == GLOSSARY and name in content.concepts:
        terms += [t.text for t in _terms(content) if t.concept == name and t.lang == lang]
    return list(dict.fromkeys(terms))


_cached: list = []  # [content, its terms]: terms_of once per content load, not per page


def _terms(content: Content):
    if not _cached or _cached[0] is not content:
        _cached[:] = [content, terms_of(content)]
    return _cached[1]


_templates = Environment(
    loader=PackageLoader("handbook", "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True
)


def search_annotations(html: str, src_path: str, title: str, content: Content, lang: str) -> str:
    """The hidden HTML added at the end of a page's body for the search index and box."""
    terms = [term_keys(term, lang) for term in page_terms(src_path, title, content, lang)]
    # A concept page also shows its preferred terms in the other languages (the
    # equivalents under its title): typed in full, they answer with this page.
    _folder, _, name = src_path.removesuffix(".md").rpartition("/")
    if _folder == GLOSSARY and name in content.concepts:
        for other, other_terms in content.concepts[name].terms.items():
            if other != lang:
                terms.append(term_keys(other_terms.preferred, other))
    return _templates.get_template("search_keys.html.j2").render(
        kind=page_kind(src_path, content),
        terms="|".join(t for t in terms if t),
        keys=search_keys(html_text(html), lang),
        mark=KEYS_MARK,
        lemma_weight=LEMMA_WEIGHT,
        part_weight=PART_WEIGHT,
    )
