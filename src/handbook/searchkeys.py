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

import hashlib
import os
import pickle
import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

from jinja2 import Environment, PackageLoader

from handbook.contentcache import fingerprint, package_fingerprint
from handbook.model import Content
from handbook.morphology import caches_enabled
from handbook.rendering import FLOWCHARTS, GLOSSARY, SERVICE_PATHS, SERVICES, TERMINOLOGY
from handbook.terminology import analyser, morphology, terms_of, words

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
    if folder == f"{GLOSSARY}/terms":  # the term table's further parts
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
        terms += _terms(content).get((name, lang), [])
    return list(dict.fromkeys(terms))


_cached: list = []  # [content, {(concept, lang): its terms}]: once per content load, not per page


def _terms(content: Content) -> dict[tuple[str, str], list[str]]:
    if not _cached or _cached[0] is not content:
        by_concept: dict[tuple[str, str], list[str]] = {}
        for term in terms_of(content):
            by_concept.setdefault((term.concept, term.lang), []).append(term.text)
        _cached[:] = [content, by_concept]
    return _cached[1]


class _PageKeys:
    """The search keys of each page's HTML, kept in `.cache/search-keys/` between builds:
    reading a page and asking the analyser for each of its words is most of the search
    hook's time, and an unchanged page has the same keys. Keyed by the package's code
    and the analyser's version (a file of another is never read) and by the page's
    HTML; `HANDBOOK_CACHE=off` turns it off."""

    def __init__(self) -> None:
        self.file: Path | None = None
        self.entries: dict[str, SearchKeys] = {}
        self.used: set[str] = set()
        self.unsaved = False

    def keys(self, html: str, lang: str, root: Path) -> SearchKeys:
        if not caches_enabled():
            return search_keys(html_text(html), lang)
        self._open(root)
        key = f"{lang}:{hashlib.sha256(html.encode('utf-8')).hexdigest()}"
        self.used.add(key)
        found = self.entries.get(key)
        if found is None:
            found = self.entries[key] = search_keys(html_text(html), lang)
            self.unsaved = True
        return found

    def _open(self, root: Path) -> None:
        name = fingerprint([package_fingerprint(), morphology().backend.version])
        file = Path(root) / ".cache" / "search-keys" / f"{name}.pickle"
        if file == self.file:
            return
        self.file, self.entries, self.used, self.unsaved = file, {}, set(), False
        try:
            with file.open("rb") as stream:
                data = pickle.load(stream)
            if isinstance(data, dict):
                self.entries = data
        except Exception:  # none yet, or damaged: made again
            pass

    def save(self) -> None:
        """Write the keys of the pages of this process's builds (those of pages gone are dropped)."""
        if self.file is None or not (self.unsaved or set(self.entries) - self.used):
            return
        kept = {k: v for k, v in self.entries.items() if k in self.used}
        self.file.parent.mkdir(parents=True, exist_ok=True)
        for old in self.file.parent.glob("*.pickle"):
            if old != self.file:
                old.unlink(missing_ok=True)
        temporary = self.file.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as stream:
            pickle.dump(kept, stream, pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.file)  # never a half-written cache for another build
        self.entries, self.unsaved = kept, False


page_keys = _PageKeys()


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
        keys=page_keys.keys(html, lang, content.root),
        mark=KEYS_MARK,
        lemma_weight=LEMMA_WEIGHT,
        part_weight=PART_WEIGHT,
    )
