"""The terminology review: how the site's texts use the glossary's terms.

`review(content)` reads every hand-written page (docs/*.<lang>.md) and every text of the
content files in every language, finds the terms with the one term finder
(handbook.terminology), and returns a Report:
- uses of not-recommended terms, with file:line:column and the preferred term to use
  (allowed ones, listed in terminology_exceptions.yaml, are kept but marked);
- terms of another concept: in a text given in two languages, one language names a
  concept that the other does not, where a concept it is confused with (or that shares a
  term) is named instead — e.g. "job coach" translating "työvalmentaja";
- where each concept is used, and concepts used nowhere outside their own entry;
- entries lacking a translation, a source or a review, or with a stale review;
- concepts defined by several sources (side by side) and terms shared by concepts.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from handbook.loading import EXCEPTIONS_FILE, load_term_exceptions
from handbook.model import Concept, Content, Location, Question, SourcedText, TermException, Text
from handbook.terminology import Match, TermIndex

DOCS_DIR = "docs"
DEFAULT_MAX_AGE_DAYS = 365


@dataclass(frozen=True)
class TextItem:
    """One text to review: where it stands, its language, and what it belongs to."""

    file: str  # relative to the project folder
    line: int  # where the text (or the block holding it) starts
    lang: str
    text: str
    owner: str  # "concept:<id>", "tree:<id>", "page:<name>", "sources"
    raw: bool = False  # the text is the whole file (a page): offsets map to line:column directly


@dataclass(frozen=True)
class Place:
    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass
class TermUse:
    """A use of a term that should be another: not recommended, or another concept's."""

    problem: str  # "not_recommended" or "other_concept"
    place: Place
    lang: str
    form: str  # as written in the text
    term: str  # the glossary term found
    concept: str  # the concept whose term was found
    use_instead: str  # the preferred term to write
    intended: str  # the concept the text means
    allowed: Text | None = None  # the reason, when terminology_exceptions.yaml allows it

    def message(self) -> str:
        if self.problem == "not_recommended":
            what = f"'{self.form}' is a not-recommended term ({self.term})"
        else:
            what = (
                f"'{self.form}' is the term of another concept ({self.concept}) than the "
                "original text names"
            )
        text = f"{self.place}: {what}; use '{self.use_instead}' ({self.intended})."
        if self.allowed:
            # The command line speaks English; the site shows the reason in its page's language.
            text += f" Allowed: {self.allowed.get('en') or next(iter(self.allowed.values()), '')}"
        return text


@dataclass
class Usage:
    """Where one concept is used outside its own glossary entry."""

    concept: str
    count: int = 0
    forms: Counter = field(default_factory=Counter)
    places: list[str] = field(default_factory=list)  # file:line, one per use
    by_kind: Counter = field(default_factory=Counter)  # page / tree / glossary / sources
    # Each use as (language of the text, form as written, file, line): the review page
    # lists them per language.
    uses: list[tuple[str, str, str, int]] = field(default_factory=list)

    def where(self) -> dict[str, list[int]]:
        """The files it is used in, each with the lines, pages and trees first."""
        lines: dict[str, list[int]] = defaultdict(list)
        for place in self.places:
            file, _, line = place.rpartition(":")
            lines[file].append(int(line))
        order = ("docs/", "decision_trees/")
        return dict(
            sorted(lines.items(), key=lambda kv: (not kv[0].startswith(order), kv[0]))
        )


@dataclass(frozen=True)
class EntryIssue:
    concept: str
    loc: str
    issue: str  # missing_translation, untranslated, missing_source, missing_review, stale_review, ...
    message: str


@dataclass(frozen=True)
class SharedTerm:
    lang: str
    term: str
    uses: tuple[tuple[str, str], ...]  # (concept id, kind)


@dataclass
class Report:
    term_uses: list[TermUse]
    usage: dict[str, Usage]
    unused: list[str]
    entries: list[EntryIssue]
    differing_definitions: dict[str, list[SourcedText]]
    shared_terms: list[SharedTerm]
    unused_exceptions: list[TermException]
    checked: dict[str, int]

    @property
    def not_recommended(self) -> list[TermUse]:
        """Not-recommended uses that no exception allows: what --strict fails on."""
        return [u for u in self.term_uses if u.problem == "not_recommended" and not u.allowed]

    def to_json(self) -> dict:
        return {
            "summary": {
                **self.checked,
                "not_recommended": len(self.not_recommended),
                "allowed": sum(1 for u in self.term_uses if u.allowed),
                "other_concept": sum(1 for u in self.term_uses if u.problem == "other_concept"),
                "unused_concepts": len(self.unused),
                "entry_issues": len(self.entries),
            },
            "term_uses": [{**asdict(u), "place": str(u.place)} for u in self.term_uses],
            "usage": {
                cid: {
                    "count": u.count,
                    "by_kind": dict(u.by_kind),
                    "forms": dict(u.forms),
                    "places": u.places,
                }
                for cid, u in self.usage.items()
            },
            "unused": self.unused,
            "entries": [asdict(e) for e in self.entries],
            "differing_definitions": {
                cid: [{"source": d.source, "loc": str(d.loc), **d.text} for d in defs]
                for cid, defs in self.differing_definitions.items()
            },
            "shared_terms": [
                {"lang": s.lang, "term": s.term, "concepts": [{"concept": c, "kind": k} for c, k in s.uses]}
                for s in self.shared_terms
            ],
            "unused_exceptions": [
                {"loc": str(e.loc), "file": e.file, "term": e.term} for e in self.unused_exceptions
            ],
        }


# --- collecting the texts -------------------------------------------------------------


def page_texts(root: Path, langs: tuple[str, ...]) -> Iterator[TextItem]:
    """Hand-written pages, docs/<name>.<lang>.md; Markdown syntax blanked out."""
    for file in sorted((root / DOCS_DIR).rglob("*.md")):
        lang = file.suffixes[-2].lstrip(".") if len(file.suffixes) >= 2 else langs[0]
        if lang not in langs:
            continue
        rel = file.relative_to(root).as_posix()
        text = file.read_text("utf-8", errors="replace")  # a broken byte must not stop the review
        yield TextItem(rel, 1, lang, _prose(text), f"page:{rel}", raw=True)


# Markdown that is not prose: front matter, code, link targets, HTML tags, attribute
# lists and {{ blocks }}, URLs. Link texts stay: they are read.
_NOT_PROSE = re.compile(
    r"\A---\n.*?\n---\n|```.*?```|~~~.*?~~~|`[^`\n]*`|\]\([^)\n]*\)|<[^>\n]*>|\{[^}\n]*\}|https?://\S+",
    re.DOTALL | re.MULTILINE,
)


def _prose(markdown: str) -> str:
    """The page with its non-prose parts replaced by spaces, so offsets stay the same."""
    return _NOT_PROSE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), markdown)


def content_texts(content: Content) -> Iterator[TextItem]:
    """Every text in the content files, in every language."""
    langs = content.languages.codes

    def items(text: Text | None, loc: Location, owner: str) -> Iterator[TextItem]:
        if not text:
            return
        for lang in langs:
            if text.get(lang):
                yield TextItem(str(loc.path), loc.line, lang, text[lang], owner)

    def sourced(s: SourcedText, owner: str) -> Iterator[TextItem]:
        yield from items(s.text, s.loc, owner)
        yield from items(s.note, s.loc, owner)

    for concept in content.concepts.values():
        owner = f"concept:{concept.id}"
        for d in concept.definitions:
            yield from sourced(d, owner)
        yield from items(concept.note, concept.loc, owner)
        yield from items(concept.example, concept.loc, owner)
        for c in concept.confused_with:
            yield from items(c.difference, c.loc, owner)
        if concept.service:
            for name in concept.service.__dataclass_fields__:
                for s in concept.service.field(name):
                    yield from sourced(s, owner)
    for tree in content.trees.values():
        owner = f"tree:{tree.id}"
        yield from items(tree.title, tree.loc, owner)
        yield from items(tree.introduction, tree.loc, owner)
        for node in tree.nodes.values():
            # A question that asks a condition shows the condition's texts: they are read
            # once, from the conditions file, below.
            if isinstance(node, Question) and node.condition is None:
                yield from items(node.question, node.loc, owner)
                yield from items(node.help, node.loc, owner)
                for answer in node.answers[:-1]:  # the last is "not sure", an interface word
                    yield from items(answer.label, answer.loc, owner)
    for condition in content.conditions.values():
        if condition.same_as is None:  # a same_as condition shows the other one's question
            owner = f"concept:{condition.service}"
            yield from items(condition.question, condition.loc, owner)
            yield from items(condition.help, condition.loc, owner)
    for path in content.service_paths.values():
        owner = f"path:{path.id}"
        yield from items(path.title, path.loc, owner)
        yield from items(path.introduction, path.loc, owner)
        for phase in path.phases:
            yield from items(phase.title, phase.loc, owner)
            for point in phase.points:
                yield from sourced(point, owner)
    for source in content.sources.values():
        yield from items(source.note, source.loc, "sources")


# --- file:line:column of a match ------------------------------------------------------


class _Locator:
    """Finds where a text from a YAML file stands in the file, to give line:column.

    The model knows the line of the block holding a text; the text itself may be on a
    later line, quoted or folded. The raw file is searched (not parsed) for the text's
    first words from that line on, then for the matched form.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._files: dict[str, tuple[str, list[int]]] = {}

    def _file(self, rel: str) -> tuple[str, list[int]]:
        if rel not in self._files:
            try:
                raw = (self.root / rel).read_text("utf-8")
            except OSError:
                raw = ""
            starts = [0] + [m.end() for m in re.finditer("\n", raw)]
            self._files[rel] = (raw, starts)
        return self._files[rel]

    def place(self, item: TextItem, match: Match) -> Place:
        raw, starts = self._file(item.file)
        if item.raw:
            return _place(item.file, starts, match.start)
        begin = starts[min(item.line, len(starts)) - 1] if starts else 0
        head = item.text[:60].split()[:4]
        anchor = _words(tuple(head), r"[\s\"'>|-]*") if head else None
        found = anchor.search(raw, begin) if anchor else None
        origin = found.start() if found else begin
        # The match is the n-th occurrence of its form in the text; find the n-th in the file.
        form = _words(tuple(match.form.split()), r"\s+")
        nth = sum(1 for m in form.finditer(item.text) if m.start() < match.start)
        position = origin
        for occurrence in form.finditer(raw, origin):
            position = occurrence.start()
            if nth == 0:
                break
            nth -= 1
        return _place(item.file, starts, position)


@lru_cache(maxsize=1 << 14)  # the same first words and forms recur across thousands of texts
def _words(words: tuple[str, ...], between: str) -> re.Pattern[str]:
    return re.compile(between.join(re.escape(w) for w in words))


def _place(file: str, starts: list[int], offset: int) -> Place:
    line = bisect.bisect_right(starts, offset) - 1 if starts else 0  # the last start <= offset
    return Place(file, line + 1, offset - starts[line] + 1 if starts else 1)


# --- the review -----------------------------------------------------------------------


def review(
    content: Content,
    index: TermIndex | None = None,
    today: dt.date | None = None,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
) -> Report:
    root = content.root
    index = index or TermIndex.of(content)
    exceptions = load_term_exceptions(root, content.languages.codes)
    used_exceptions: set[int] = set()
    locator = _Locator(root)
    concepts = content.concepts
    usage = {cid: Usage(cid) for cid in concepts}
    term_uses: list[TermUse] = []
    checked: Counter = Counter()

    texts = list(content_texts(content)) + list(page_texts(root, content.languages.codes))
    # The versions of one YAML text in each language, compared for "other concept".
    groups: dict[tuple, list[tuple[TextItem, list[Match]]]] = defaultdict(list)
    seen: Counter = Counter()
    for item in texts:
        checked["pages" if item.raw else "texts"] += 1
        matches = index.find(item.text, item.lang)
        if not item.raw:
            # A block may hold several texts (text and note): the n-th of each language pair up.
            block = (item.file, item.line, item.owner)
            groups[(*block, seen[(*block, item.lang)])].append((item, matches))
            seen[(*block, item.lang)] += 1
        for span in _spans(matches):
            _count_use(item, span, usage, locator)
            use = _not_recommended(item, span, concepts, locator)
            if use:
                term_uses.append(use)
    for versions in groups.values():
        term_uses += _other_concepts(versions, content.languages.default, concepts, locator)

    for use in term_uses:
        for i, exception in enumerate(exceptions):
            if (
                exception.file == use.place.file
                and exception.term.lower() == use.term.lower()
                and exception.lang in (None, use.lang)
            ):
                use.allowed = exception.reason
                used_exceptions.add(i)
                break
    term_uses.sort(key=lambda u: (u.place.file, u.place.line, u.place.column))

    unused = sorted(cid for cid, u in usage.items() if u.count == 0)
    return Report(
        term_uses=term_uses,
        usage=usage,
        unused=unused,
        entries=entry_issues(content, today or dt.date.today(), max_age_days),
        differing_definitions={
            cid: list(c.definitions)
            for cid, c in sorted(concepts.items())
            if len({d.source for d in c.definitions}) > 1
        },
        shared_terms=shared_terms(content),
        unused_exceptions=[e for i, e in enumerate(exceptions) if i not in used_exceptions],
        checked={"pages": checked["pages"], "texts": checked["texts"], "concepts": len(concepts)},
    )


def _spans(matches: list[Match]) -> list[list[Match]]:
    """Matches grouped by span: one span holds several when a term has several concepts."""
    spans: dict[tuple[int, int], list[Match]] = {}
    for m in matches:
        spans.setdefault((m.start, m.end), []).append(m)
    return list(spans.values())


def _count_use(item: TextItem, span: list[Match], usage: dict[str, Usage], locator: _Locator) -> None:
    place = None
    for m in span:
        if item.owner == f"concept:{m.concept}" or m.concept not in usage:
            continue  # a concept's own entry does not count as a use
        place = place or locator.place(item, m)
        u = usage[m.concept]
        u.count += 1
        u.forms[m.form.lower()] += 1
        u.places.append(f"{place.file}:{place.line}")
        u.uses.append((item.lang, m.form, place.file, place.line))
        u.by_kind[item.owner.split(":", 1)[0].replace("concept", "glossary")] += 1


def _not_recommended(
    item: TextItem, span: list[Match], concepts: dict[str, Concept], locator: _Locator
) -> TermUse | None:
    """A span is a wrong use only if no concept has the found term as a valid term."""
    if any(m.kind != "not_recommended" for m in span):
        return None
    m = span[0]
    return TermUse(
        problem="not_recommended",
        place=locator.place(item, m),
        lang=item.lang,
        form=m.form,
        term=m.term,
        concept=m.concept,
        use_instead=concepts[m.concept].term(item.lang),
        intended=m.concept,
    )


def _linked(a: Concept, b: Concept) -> bool:
    """Concepts easily mixed up: marked as confused, or sharing a term in some language."""
    if any(c.concept == b.id for c in a.confused_with) or any(c.concept == a.id for c in b.confused_with):
        return True
    for lang, terms in a.terms.items():
        other = b.terms.get(lang)
        if other is None:
            continue
        mine = {t.lower() for t in (terms.preferred, *terms.accepted, *terms.not_recommended)}
        theirs = {t.lower() for t in (other.preferred, *other.accepted, *other.not_recommended)}
        if mine & theirs:
            return True
    return False


def _other_concepts(
    versions: list[tuple[TextItem, list[Match]]],
    original: str,
    concepts: dict[str, Concept],
    locator: _Locator,
) -> list[TermUse]:
    """In a translation of a text, a term naming a concept that the original does not
    name, where the original names a linked concept instead ("job coach" in the English
    of a text that says "työvalmentaja"). The original (the default language) is taken
    as right: translations follow it."""
    found: list[TermUse] = []
    by_lang = {item.lang: (item, matches) for item, matches in versions}
    if original not in by_lang:
        return found
    named_original = {m.concept for m in by_lang[original][1]}
    for lang, (item, matches) in by_lang.items():
        if lang == original:
            continue
        named = {m.concept for m in matches}
        missing = named_original - named
        for span in _spans(matches):
            if any(m.concept in named_original for m in span):
                continue  # the original names (one of) this span's concepts too
            intended = [
                c
                for c in sorted(missing)
                if any(_linked(concepts[c], concepts[m.concept]) for m in span if m.concept in concepts)
            ]
            if intended:
                m = span[0]
                found.append(
                    TermUse(
                        problem="other_concept",
                        place=locator.place(item, m),
                        lang=lang,
                        form=m.form,
                        term=m.term,
                        concept=m.concept,
                        use_instead=concepts[intended[0]].term(lang),
                        intended=intended[0],
                    )
                )
    return found


def entry_issues(content: Content, today: dt.date, max_age_days: int) -> list[EntryIssue]:
    """Entries lacking a translation, a source or a review, or reviewed too long ago."""
    issues: list[EntryIssue] = []
    langs = content.languages.codes
    for cid, concept in sorted(content.concepts.items()):
        loc = str(concept.loc)

        def add(issue: str, message: str, cid: str = cid, loc: str = loc) -> None:
            issues.append(EntryIssue(cid, loc, issue, message))

        for lang in langs:
            if lang not in concept.terms or not concept.terms[lang].preferred:
                add("missing_translation", f"no preferred term in '{lang}'")
        texts = [d.text for d in concept.definitions] + [t for t in (concept.note, concept.example) if t]
        for text in texts:
            for lang in langs:
                if not text.get(lang):
                    add("missing_translation", f"a text has no '{lang}' version")
            values = [text.get(lang, "") for lang in langs]
            if len(values) > 1 and len(set(values)) == 1 and len(values[0]) > 25:
                add("untranslated", f"a text is the same in every language: '{values[0][:50]}…'")
        if not concept.definitions:
            add("missing_source", "no definition with a source")
        for d in concept.definitions:
            if not d.source or d.source not in content.sources:
                add("missing_source", f"the definition at {d.loc} has no known source")
            elif d.source not in concept.reviewed.against:
                add(
                    "source_not_reviewed",
                    f"the definition from '{d.source}' is not among the sources of the review",
                )
        if not concept.reviewed.date:
            add("missing_review", "no review date")
        else:
            try:
                age = (today - dt.date.fromisoformat(concept.reviewed.date)).days
            except ValueError:
                add("missing_review", f"the review date '{concept.reviewed.date}' is not a date")
            else:
                if age > max_age_days:
                    add("stale_review", f"reviewed {concept.reviewed.date}, {age} days ago")
        if concept.status == "draft":
            add("draft", "the entry is still a draft")
    return issues


def shared_terms(content: Content) -> list[SharedTerm]:
    """The same term given to more than one concept (as any kind of term)."""
    owners: dict[tuple[str, str], list[tuple[str, str, str]]] = defaultdict(list)
    for cid, concept in sorted(content.concepts.items()):
        for lang, terms in concept.terms.items():
            for kind, listed in (
                ("preferred", (terms.preferred,)),
                ("accepted", terms.accepted),
                ("not_recommended", terms.not_recommended),
            ):
                for term in listed:
                    owners[(lang, term.lower())].append((cid, kind, term))
    return [
        SharedTerm(lang, uses[0][2], tuple((cid, kind) for cid, kind, _ in uses))
        for (lang, _), uses in sorted(owners.items())
        if len({cid for cid, _, _ in uses}) > 1
    ]


def format_text(report: Report, content: Content) -> str:
    """The report for a terminal: problems first, then the overview."""
    out: list[str] = []
    term = content.concepts

    def title(cid: str) -> str:
        return f"{term[cid].term(content.languages.default)} ({cid})" if cid in term else cid

    wrong = [u for u in report.term_uses if not u.allowed]
    out.append(f"== Terms to change ({len(wrong)}) ==")
    out += [u.message() for u in wrong] or ["none"]
    allowed = [u for u in report.term_uses if u.allowed]
    if allowed:
        out.append(f"\n== Allowed by terminology_exceptions.yaml ({len(allowed)}) ==")
        out += [u.message() for u in allowed]
    if report.unused_exceptions:
        out.append(f"\n== Exceptions that match nothing ({len(report.unused_exceptions)}) ==")
        out += [f"{e.loc}: '{e.term}' in {e.file}: remove the entry" for e in report.unused_exceptions]
    out.append(f"\n== Entries to complete ({len(report.entries)}) ==")
    out += [f"{e.loc}: {e.concept}: {e.message}" for e in report.entries] or ["none"]
    out.append(f"\n== Same term for different concepts ({len(report.shared_terms)}) ==")
    for s in report.shared_terms:
        owners = ", ".join(f"{cid} ({kind.replace('_', ' ')})" for cid, kind in s.uses)
        out.append(f"[{s.lang}] {s.term}: {owners}")
    if not report.shared_terms:
        out.append("none")
    out.append(f"\n== Defined differently by different sources ({len(report.differing_definitions)}) ==")
    for cid, defs in report.differing_definitions.items():
        out.append(f"{title(cid)}:")
        for d in defs:
            out.append(f"  [{d.source}] {d.text.get(content.languages.default, '')}")
    if not report.differing_definitions:
        out.append("none")
    out.append("\n== Where each concept is used (outside its own entry) ==")
    for cid, u in sorted(report.usage.items(), key=lambda kv: (-kv[1].count, kv[0])):
        if u.count:
            kinds = ", ".join(f"{k} {n}" for k, n in sorted(u.by_kind.items()))
            forms = ", ".join(f for f, _ in u.forms.most_common(6))
            uses = f"{u.count} use{'s' if u.count != 1 else ''}"
            out.append(f"{title(cid)}: {uses} ({kinds}); forms: {forms}")
            where = "; ".join(f"{f}:{','.join(map(str, ls))}" for f, ls in u.where().items())
            out.append(f"    {where}")
    out.append(f"\n== Concepts used nowhere ({len(report.unused)}) ==")
    out += [title(cid) for cid in report.unused] or ["none"]
    c = report.checked
    out.append(
        f"\nChecked {c['pages']} pages and {c['texts']} texts against {c['concepts']} concepts: "
        f"{len(report.not_recommended)} not-recommended uses, "
        f"{sum(1 for u in report.term_uses if u.problem == 'other_concept')} terms of another concept."
    )
    return "\n".join(out)


_last: list = []  # [content, pages fingerprint, report]: the hook renders each language


def cached_review(content: Content) -> Report:
    """The review of this content object, computed once for all languages of a build."""
    docs = sorted((content.root / DOCS_DIR).rglob("*.md"))
    exceptions = content.root / EXCEPTIONS_FILE
    key = tuple((str(f), f.stat().st_mtime_ns) for f in [*docs, exceptions] if f.exists())
    if not _last or _last[0] is not content or _last[1] != key:
        _last[:] = [content, key, review(content)]
    return _last[2]
