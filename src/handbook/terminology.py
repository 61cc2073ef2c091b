"""The one term finder: where glossary terms occur in running text, in any inflected form.

    index = TermIndex.build(content)               # every concept's terms, every language
    for m in index.find("Työkokeiluun hakeudutaan ...", "fi"):
        m.start, m.end, m.form, m.concept, m.term, m.kind, m.partial

Tooltips, search synonyms and the terminology review all use this module, so that a term
is found the same way everywhere.

How it matches: text and terms are cut into words, and every word is turned into a set
of *keys* by the analyser of its language. A term of n words is found where n
consecutive words (separated by white space, at most with a hanging hyphen as in "työ- ja
päivätoiminta") share a key, word by word, with the term's words.
- Finnish keys are the word's lemmas from Voikko (libvoikko, or the pure-Python pyvoikko
  where the C library is missing: handbook.morphology): "palkkatuella" → palkkatuki,
  "valmennuksen" → valmennus,
  "kuntouttavassa työtoiminnassa" → kuntouttava työtoiminta. Voikko handles consonant
  gradation, which a stemmer does not (snowball maps "palkkatuki" and "palkkatuella" to
  different stems). Words Voikko does not know ("työhönvalmentajana") are split into a
  known first part and an analysable rest.
- English keys are the lowercase word and its singular ("coaches" → coach). Snowball's
  English stemmer is not used: it maps "coach" and "coaching" to one stem, which would
  confuse job coach (a person) with job coaching (a service).
- Words in capitals only (SHL, also "SHL:n") must be written in capitals: "shl" is not
  the abbreviation.
- A Finnish term that is itself a compound (työ+kokeilu) is also found inside a longer
  compound at a part boundary ("työkokeilupaikka"); such a match has `partial=True` and
  spans the whole word. A one-part term ("valmennus") is never found inside a compound.
- Where matches overlap, the longest wins: "palkkatuettu työ" is not also "tuettu työ",
  and "avotyötoimintaan" is avotyötoiminta, not työtoiminta. When one term belongs to
  several concepts, each concept gets its own Match with the same span.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, Protocol

from handbook.model import Content
from handbook.morphology import Analyses, Morphology

TermKind = Literal["preferred", "accepted", "not_recommended"]
KINDS: tuple[TermKind, ...] = ("preferred", "accepted", "not_recommended")

# A word: letters/digits joined by inner hyphens ("B-lausunto"), with an optional case
# ending after a colon, as Finnish inflects abbreviations ("SHL:n", "TE-toimiston").
_WORD = re.compile(r"[^\W_]+(?:[-‐][^\W_]+)*(?::[^\W\d_]+)?")
# Between the words of a multi-word term: white space, with at most a hyphen that joins
# it to a shared compound part ("työ- ja päivätoiminta", "Työkykyisempi Stadi -hanke").
_GAP = re.compile(r"\s+[-‐]?|[-‐]\s+")


@dataclass(frozen=True)
class Term:
    """One term of one concept in one language, as written in the glossary."""

    concept: str
    lang: str
    text: str
    kind: TermKind


@dataclass(frozen=True)
class Match:
    """One place where a term occurs in a text. `form` is text[start:end] as written."""

    start: int
    end: int
    form: str
    concept: str
    term: str
    kind: TermKind
    lang: str
    partial: bool = False  # the term is a part of a longer compound word


@dataclass(frozen=True)
class WordKeys:
    """What a word can stand for: its keys, and for compounds the lemmas of its parts."""

    keys: frozenset[str]
    parts: tuple[tuple[str, ...], ...] = ()  # one tuple of part lemmas per analysis


class Analyser(Protocol):
    def analyse(self, word: str) -> WordKeys: ...


def _caps_key(word: str) -> str | None:
    """An abbreviation written in capitals is matched case-sensitively."""
    bare = word.split(":", 1)[0]
    letters = [ch for ch in bare if ch.isalpha()]
    if len(letters) > 1 and all(ch.isupper() for ch in letters):
        return "=" + bare
    return None


class FinnishAnalyser:
    """Lemmas from Voikko; results are cached per word form."""

    def analyse(self, word: str) -> WordKeys:
        return _finnish_keys(word)


def _voikko(word: str) -> Analyses:
    """(lemma, compound part lemmas) for each analysis of a lowercase word."""
    return morphology().analyses(word)


def morphology() -> Morphology:
    """The Finnish morphology of this process, chosen once (see handbook.morphology)."""
    if not _morphology:
        _morphology.append(Morphology.choose())
    return _morphology[0]


_morphology: list[Morphology] = []


def _split_unknown(word: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Analyses of a compound Voikko does not know: a known first word plus a known rest.

    "työhönvalmentajana" → työhön + valmentajana (valmentaja) → työhönvalmentaja. The
    longest analysable rest wins; the first part is kept as written, as in such compounds
    it does not inflect.
    """
    if len(word) < 8 or not word.isalpha():
        return ()
    for cut in range(2, len(word) - 2):
        head, rest = word[:cut], word[cut:]
        rest_analyses = _voikko(rest)
        if rest_analyses and _voikko(head):
            return tuple((head + lemma, (head, *parts)) for lemma, parts in rest_analyses)
    return ()


@lru_cache(maxsize=1 << 16)  # bounded: `mkdocs serve` runs for hours
def _finnish_keys(word: str) -> WordKeys:
    bare, _, _ending = word.partition(":")  # "SHL:n" → SHL
    lower = bare.lower()
    *heads, last = lower.replace("‐", "-").split("-")
    prefix = "".join(h + "-" for h in heads)  # "b-lausunnon": keep "b-", analyse "lausunnon"
    analyses = _voikko(last) or _split_unknown(last)
    keys = {lower} | {prefix + lemma for lemma, _ in analyses}
    if prefix:  # "työ-toiminta" written with a hyphen is still työtoiminta
        keys |= {prefix.replace("-", "") + lemma for lemma, _ in analyses}
    caps = _caps_key(word)
    if caps:
        keys = {caps}
    parts = tuple(parts for _, parts in analyses if len(parts) > 1) if not prefix else ()
    return WordKeys(frozenset(keys), parts)


class EnglishAnalyser:
    """Lowercase word and its singular; possessive 's dropped."""

    def analyse(self, word: str) -> WordKeys:
        return _english_keys(word)


@lru_cache(maxsize=1 << 16)  # bounded: `mkdocs serve` runs for hours
def _english_keys(word: str) -> WordKeys:
    caps = _caps_key(word)
    if caps:
        return WordKeys(frozenset({caps}))
    lower = word.lower().replace("’", "'")
    lower = re.sub(r"'s?$", "", lower)
    return WordKeys(frozenset({lower, _singular(lower)}))


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if re.search(r"(ch|sh|x|ss|z)es$", word):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


class PlainAnalyser:
    """For a language with no analyser: the lowercase word only."""

    def analyse(self, word: str) -> WordKeys:
        return WordKeys(frozenset({_caps_key(word) or word.lower()}))


# The morphology used for each language of languages.yaml; others get PlainAnalyser.
ANALYSERS: dict[str, Analyser] = {"fi": FinnishAnalyser(), "en": EnglishAnalyser()}


def analyser(lang: str) -> Analyser:
    return ANALYSERS.get(lang, PlainAnalyser())


def lemmas(word: str, lang: str) -> frozenset[str]:
    """The keys of one word form: e.g. lemmas("palkkatuella", "fi") ⊇ {"palkkatuki"}."""
    return analyser(lang).analyse(word).keys


def words(text: str) -> list[str]:
    """The words of a text as the term finder cuts them ("SHL:n", "B-lausunto" are one word)."""
    return _WORD.findall(text)


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    keys: WordKeys


def _tokens(text: str, lang: str) -> list[_Token]:
    morph = analyser(lang)
    return [_Token(m.start(), m.end(), morph.analyse(m.group())) for m in _WORD.finditer(text)]


@dataclass(frozen=True)
class _Pattern:
    term: Term
    words: tuple[frozenset[str], ...]  # keys of each word of the term
    parts: tuple[tuple[str, ...], ...]  # compound parts of a one-word term (may be empty)


_built: list = []  # [content, its TermIndex]: the last content object indexed
_found: dict[str, object] = {}  # the terms' key, and (text, lang) → matches
_FOUND_LIMIT = 500_000  # texts remembered; bounded for a `mkdocs serve` that runs for hours


class TermIndex:
    """All terms of a glossary, ready to be found in text of any language of the site."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self._terms: list[Term] = list(terms)
        self._key = hash(tuple(self._terms))
        # lang → first-word key → patterns; lang → first compound part → patterns
        self._by_key: dict[str, dict[str, list[_Pattern]]] = defaultdict(lambda: defaultdict(list))
        self._by_part: dict[str, dict[str, list[_Pattern]]] = defaultdict(lambda: defaultdict(list))
        for term in self._terms:
            tokens = _tokens(term.text, term.lang)
            if not tokens:
                continue
            words = tuple(t.keys.keys for t in tokens)
            parts = tokens[0].keys.parts if len(words) == 1 else ()
            pattern = _Pattern(term, words, parts)
            for key in words[0]:
                self._by_key[term.lang][key].append(pattern)
            for part_list in parts:
                self._by_part[term.lang][part_list[0]].append(pattern)

    @classmethod
    def build(cls, content: Content) -> TermIndex:
        """Index every concept's preferred, accepted and not-recommended terms."""
        # Lemmas found by earlier builds of this project are read from its .cache/.
        morphology().attach(Path(content.root) / ".cache")
        return cls(terms_of(content))

    @classmethod
    def of(cls, content: Content) -> TermIndex:
        """The index of this content object, built once for all its users in a build
        (tooltips, the review page): building analyses every term with Voikko."""
        if not _built or _built[0] is not content:
            _built[:] = [content, cls.build(content)]
        return _built[1]

    def terms(self, lang: str | None = None) -> list[Term]:
        return [t for t in self._terms if lang is None or t.lang == lang]

    def find(self, text: str, lang: str) -> list[Match]:
        """Every term of `lang` in `text`, left to right, overlaps resolved (longest wins)."""
        # The same text with the same terms has the same matches: `mkdocs serve` finds the
        # terms again only in the texts an edit changed (the review, the tooltips).
        if _found.get("terms") != self._key:
            _found.clear()
            _found["terms"] = self._key
        memo: dict = _found.setdefault("matches", {})  # type: ignore[assignment]
        known = memo.get((text, lang))
        if known is None:
            if len(memo) > _FOUND_LIMIT:
                memo.clear()
            known = memo[(text, lang)] = tuple(self._find(text, lang))
        return list(known)

    def _find(self, text: str, lang: str) -> list[Match]:
        tokens = _tokens(text, lang)
        candidates = list(self._candidates(text, tokens, lang))
        # Longest span first, then whole words before compound parts, then longer terms.
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[3], -len(c[2].term.text)))
        chosen: list[tuple[int, int, _Pattern, bool]] = []
        taken_until = -1
        best: tuple | None = None
        for cand in candidates:
            first, last, pattern, partial = cand
            rank = (first, last, partial, len(pattern.term.text))
            if best is not None and rank == best:
                chosen.append(cand)  # the same term of another concept: same span
                continue
            if first <= taken_until:
                continue
            chosen.append(cand)
            best = rank
            taken_until = last
        matches = [
            Match(
                start=tokens[first].start,
                end=tokens[last].end,
                form=text[tokens[first].start : tokens[last].end],
                concept=pattern.term.concept,
                term=pattern.term.text,
                kind=pattern.term.kind,
                lang=lang,
                partial=partial,
            )
            for first, last, pattern, partial in chosen
        ]
        return sorted(matches, key=lambda m: (m.start, KINDS.index(m.kind), m.concept))

    def _candidates(
        self, text: str, tokens: list[_Token], lang: str
    ) -> Iterator[tuple[int, int, _Pattern, bool]]:
        by_key, by_part = self._by_key.get(lang, {}), self._by_part.get(lang, {})
        for i, token in enumerate(tokens):
            seen: set[int] = set()
            for key in token.keys.keys:
                for pattern in by_key.get(key, ()):
                    if id(pattern) in seen:
                        continue
                    seen.add(id(pattern))
                    last = i + len(pattern.words) - 1
                    if last < len(tokens) and _words_match(text, tokens, i, pattern):
                        yield i, last, pattern, False
            for part_list in token.keys.parts:
                for part in set(part_list):
                    for pattern in by_part.get(part, ()):
                        if _contains_parts(part_list, pattern.parts):
                            yield i, i, pattern, True



def _words_match(text: str, tokens: list[_Token], i: int, pattern: _Pattern) -> bool:
    for offset, keys in enumerate(pattern.words):
        token = tokens[i + offset]
        if not token.keys.keys & keys:
            return False
        if offset and not _GAP.fullmatch(text[tokens[i + offset - 1].end : token.start]):
            return False
    return True


def _contains_parts(word_parts: tuple[str, ...], term_parts: tuple[tuple[str, ...], ...]) -> bool:
    """Whether a term's compound parts stand, in order, inside a longer compound."""
    for parts in term_parts:
        n = len(parts)
        if n >= len(word_parts):
            continue
        if any(word_parts[j : j + n] == parts for j in range(len(word_parts) - n + 1)):
            return True
    return False


def terms_of(content: Content) -> list[Term]:
    """Every term of every concept in every language of the site."""
    found = []
    for concept in content.concepts.values():
        for lang, terms in concept.terms.items():
            found.append(Term(concept.id, lang, terms.preferred, "preferred"))
            found += [Term(concept.id, lang, t, "accepted") for t in terms.accepted]
            found += [Term(concept.id, lang, t, "not_recommended") for t in terms.not_recommended]
    return found
