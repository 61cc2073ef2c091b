"""The terminology review as pages a content owner works through, one set per language.

`desk(report, content, lang)` arranges a handbook.review.Report for the review pages of
one language: only the findings in that language's texts (the other languages have their
own pages), grouped and sorted, each place with the page it is shown on and its
file:line, and counts first. The findings that need a decision come before the
statistics. Every list is cut into parts of at most PAGE_BUDGET characters, and the uses
of the concepts into one part per initial letter (or more), so that no page grows with
the content: at N=2,000 concepts the single page was 1.6 MB. Knows nothing of MkDocs: pages are
named by their Markdown path ("terminology/usage-3.md"), links are to Markdown paths.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

from handbook.collation import initial, sort_key
from handbook.model import Content
from handbook.review import EntryIssue, Report, SharedTerm, TermUse

FOLDER = "terminology"
# Characters of Markdown a page holds at most (estimated per row, a little generously).
# The HTML is about as long, plus ~50 KB of Material's page around it: well under 500 KB.
PAGE_BUDGET = 200_000

_CONTENT_PAGES = {"glossary": "glossary", "decision_trees": "flowcharts", "service_paths": "service-paths"}


@dataclass(frozen=True)
class Place:
    """Where a text stands: its file and line, and the page that shows it (a Markdown path
    of the site, or None for a file without a page of its own, such as sources.yaml)."""

    file: str
    line: int
    page: str | None
    title: str  # what to call the page in a link
    column: int = 0  # 0: the line only


@dataclass
class FileUses:
    """The uses of one concept in one file."""

    place: Place  # the file, its first use's line
    lines: list[int]


@dataclass
class ConceptUsage:
    concept: str
    count: int
    forms: list[tuple[str, int]]  # as written (lower case), most used first
    files: list[FileUses]
    continued: bool = False  # the rest of a concept whose files fill more than one page


@dataclass
class Part:
    """One page of the review: its path, its kind, and its rows."""

    path: str  # "terminology/terms.md"
    kind: str  # "terms", "entries", "definitions", "shared", "usage", "unused"
    title: str  # the page's heading (an interface word, with the letter or part number)
    rows: list = field(default_factory=list)
    number: int = 1  # which part of its kind
    siblings: tuple[str, ...] = ()  # the paths of all parts of its kind (of its letter)

    @property
    def of(self) -> int:
        return len(self.siblings) or 1


@dataclass
class Count:
    """A line of the summary: what was found, how many, and where it is listed."""

    key: str  # the interface word naming it
    count: int
    link: str | None  # the first part listing it
    decision: bool  # needs a decision (listed before the statistics)


@dataclass
class Desk:
    lang: str
    counts: list[Count]
    parts: list[Part]
    letters: list[tuple[str, str, int]]  # (letter, first part's path, uses): the usage index
    checked: dict[str, int]


def page_of(file: str, lang: str, content: Content) -> Place:
    """The page showing a text of `file`, with the line left to the caller."""
    path = Path(file)
    folder = path.parts[0] if path.parts else ""
    if folder == "docs" and path.suffix == ".md":
        stem = Path(*path.parts[1:]).with_suffix("")  # onboarding/network.fi
        if stem.suffix.lstrip(".") in content.languages.codes:
            stem = stem.with_suffix("")
        return Place(file, 0, f"{stem.as_posix()}.md", _page_title(content.root / file) or stem.as_posix())
    if folder in _CONTENT_PAGES and path.suffix == ".yaml":
        page_id = path.stem
        title = page_id
        if folder == "glossary" and page_id in content.concepts:
            title = content.concepts[page_id].term(lang)
        elif folder == "decision_trees" and page_id in content.trees:
            title = content.trees[page_id].title[lang]
        elif folder == "service_paths" and page_id in content.service_paths:
            title = content.service_paths[page_id].title[lang]
        return Place(file, 0, f"{_CONTENT_PAGES[folder]}/{page_id}.md", title)
    return Place(file, 0, None, file)


_HEADING = re.compile(r"^# (.+)$", re.MULTILINE)
_titles: dict[Path, str | None] = {}


def _page_title(file: Path) -> str | None:
    """A hand-written page's heading (its first "# " line)."""
    if file not in _titles:
        try:
            found = _HEADING.search(file.read_text("utf-8"))
        except OSError:
            found = None
        _titles[file] = found.group(1).strip() if found else None
    return _titles[file]


def _at(place: Place, line: int, column: int = 0) -> Place:
    return Place(place.file, line, place.page, place.title, column)


def _file_order(file: str) -> tuple[int, str]:
    """Hand-written pages first, then trees, service paths, the glossary, the rest."""
    order = ("docs/", "decision_trees/", "service_paths/", "glossary/")
    for i, prefix in enumerate(order):
        if file.startswith(prefix):
            return (i, file)
    return (len(order), file)


def _chunks(rows: list, size: Callable[[Any], int]) -> list[list]:
    """`rows` in order, cut where a page would pass PAGE_BUDGET characters (a row larger
    than that has a page to itself)."""
    chunks: list[list] = [[]]
    used = 0
    for row in rows:
        weight = size(row)
        if chunks[-1] and used + weight > PAGE_BUDGET:
            chunks.append([])
            used = 0
        chunks[-1].append(row)
        used += weight
    return chunks


def _parts(kind: str, title: str, rows: list, size: Callable[[Any], int]) -> list[Part]:
    """`rows` as pages <base>.md, <base>-2.md, ... of at most PAGE_BUDGET characters."""
    return _numbered(kind, title, _chunks(rows, size), kind)


def _numbered(kind: str, title: str, chunks: list[list], base: str) -> list[Part]:
    paths = tuple(f"{FOLDER}/{base}{'' if n == 1 else f'-{n}'}.md" for n in range(1, len(chunks) + 1))
    return [Part(paths[n - 1], kind, title, chunk, n, paths) for n, chunk in enumerate(chunks, start=1)]


def desk(report: Report, content: Content, lang: str) -> Desk:
    language = content.languages.get(lang)

    def by_term(cid: str) -> tuple:
        return sort_key(content.concepts[cid].term(lang), language)

    def place(file: str, line: int, column: int = 0) -> Place:
        return _at(page_of(file, lang, content), line, column)

    mine = [u for u in report.term_uses if u.lang == lang]
    def in_file_order(u: TermUse) -> tuple:
        return (_file_order(u.place.file), u.place.line, u.place.column)

    to_change = sorted((u for u in mine if not u.allowed), key=in_file_order)
    allowed = sorted((u for u in mine if u.allowed), key=in_file_order)
    terms_rows: list[tuple[str, Place, TermUse]] = [
        ("change", place(u.place.file, u.place.line, u.place.column), u) for u in to_change
    ] + [("allowed", place(u.place.file, u.place.line, u.place.column), u) for u in allowed]

    entries: list[tuple[EntryIssue, Place]] = sorted(
        ((e, place(e.loc.rpartition(":")[0], _line(e.loc))) for e in report.entries),
        key=lambda row: (row[0].issue, by_term(row[0].concept) if row[0].concept in content.concepts else ()),
    )
    shared: list[SharedTerm] = sorted(
        (s for s in report.shared_terms if s.lang == lang), key=lambda s: sort_key(s.term, language)
    )
    definitions = sorted(report.differing_definitions.items(), key=lambda kv: by_term(kv[0]))
    unused = sorted(report.unused, key=by_term)

    parts: list[Part] = []
    def definitions_size(row: tuple[str, list]) -> int:
        _, defs = row
        return 200 + sum(
            2 * (len(d.text.get(lang, "")) + len(_citation(content, d.source))) + 120 for d in defs
        )

    terms = _parts("terms", "terms_to_change", terms_rows,
                   lambda r: 400 + 2 * (len(r[1].file) + len(r[1].title) + len(r[2].form)
                                        + len((r[2].allowed or {}).get(lang, ""))))
    entry_parts = _parts("entries", "entries_to_complete", entries,
                         lambda r: 200 + 2 * (len(r[0].loc) + len(r[0].concept) + len(r[1].title)))
    definition_parts = _parts("definitions", "differing_definitions", definitions, definitions_size)
    shared_parts = _parts("shared", "shared_terms", shared, lambda r: 100 + 200 * len(r.uses))
    unused_parts = _parts("unused", "unused_concepts", unused, lambda cid: 200 + 4 * len(cid))

    # The uses of each concept in this language's texts, per initial letter of its term.
    usages = _usages(report, content, lang, place)
    letters: list[tuple[str, str, int]] = []
    usage_parts: list[Part] = []
    grouped = groupby(sorted(usages, key=lambda u: by_term(u.concept)), key=lambda u: initial(
        content.concepts[u.concept].term(lang), language))
    for number, (letter, group) in enumerate(grouped, start=1):
        rows = list(group)
        # A concept used in more files than a page holds continues on the next page.
        pieces = [
            ConceptUsage(u.concept, u.count, u.forms, files, continued=n > 0)
            for u in rows
            for n, files in enumerate(_chunks(u.files, _file_size) if u.files else [[]])
        ]
        chunks = _chunks(pieces, _usage_size)
        usage_parts += _numbered("usage", letter, chunks, f"usage-{number}")
        letters.append((letter, f"{FOLDER}/usage-{number}.md", sum(u.count for u in rows)))

    problems = Counter(u.problem for u in to_change)
    parts = terms + entry_parts + definition_parts + shared_parts + usage_parts + unused_parts
    counts = [
        Count("not_recommended_term", problems["not_recommended"], terms[0].path, True),
        Count("other_concept_term", problems["other_concept"], terms[0].path, True),
        Count("differing_definitions", len(definitions), definition_parts[0].path, True),
        Count("shared_terms", len(shared), shared_parts[0].path, True),
        Count("entries_to_complete", len(entries), entry_parts[0].path, True),
        Count("allowed_exceptions", len(allowed), terms[-1].path, False),
        Count("unused_concepts", len(unused), unused_parts[0].path, False),
        Count("review_unused_exceptions", len(report.unused_exceptions), None, False),
    ]
    checked = {**report.checked, "uses": sum(u.count for u in usages)}
    return Desk(lang, counts, parts, letters, checked)


def _usage_size(usage: ConceptUsage) -> int:
    return 300 + 2 * sum(len(form) + 6 for form, _ in usage.forms) + sum(map(_file_size, usage.files))


def _file_size(uses: FileUses) -> int:
    return 200 + 2 * (len(uses.place.file) + len(uses.place.title)) + 8 * len(uses.lines)


def _citation(content: Content, source_id: str) -> str:
    source = content.sources.get(source_id)
    return source.citation if source else source_id


def _line(loc: str) -> int:
    tail = loc.rpartition(":")[2]
    return int(tail) if tail.isdigit() else 0


def _usages(report: Report, content: Content, lang: str, place) -> list[ConceptUsage]:
    found = []
    for cid, usage in report.usage.items():
        uses = [(form, file, line) for use_lang, form, file, line in usage.uses if use_lang == lang]
        if not uses or cid not in content.concepts:
            continue
        lines: dict[str, list[int]] = defaultdict(list)
        for _, file, line in uses:
            lines[file].append(line)
        files = [
            FileUses(place(file, min(ls)), sorted(set(ls)))
            for file, ls in sorted(lines.items(), key=lambda kv: _file_order(kv[0]))
        ]
        forms = Counter(" ".join(form.lower().split()) for form, _, _ in uses)  # one form, however wrapped
        most_used = sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))
        found.append(ConceptUsage(cid, len(uses), most_used, files))
    return found
