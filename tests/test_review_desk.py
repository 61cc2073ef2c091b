"""The terminology review as the content owner's desk (terminology/): one language per
page, counts first and the findings to decide before the statistics, each place a link
to its page and its file:line, reasons in the page's language, and no page that grows
with the content (the one page was 1.6 MB at N=2,000 concepts)."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import markdown
import pytest

import handbook.review as review_module
from handbook.loading import load_content
from handbook.model import Content
from handbook.rendering import Renderer
from handbook.rendering import md as md_text
from handbook.review import EntryIssue, Place, Report, SharedTerm, TermUse, Usage, review

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "terminology"


def _code(place: Place) -> str:
    """A place as the desk writes it: the file escaped for Markdown, then line and column."""
    column = f":{place.column}" if place.column else ""
    return f"<code>{md_text(place.file)}:{place.line}{column}</code>"


def desk_pages(content: Content, lang: str, report: Report, monkeypatch) -> dict[str, str]:
    monkeypatch.setattr(review_module, "cached_review", lambda _content: report)
    return Renderer(content, lang).terminology_pages()


@pytest.fixture(scope="module")
def fixture_content(tmp_path_factory: pytest.TempPathFactory) -> Content:
    root = tmp_path_factory.mktemp("terminology") / "project"
    shutil.copytree(FIXTURE, root)
    shutil.copy(ROOT / "languages.yaml", root / "languages.yaml")
    shutil.copytree(ROOT / "schemas", root / "schemas")
    return load_content(root)


@pytest.fixture(scope="module")
def real_report(content: Content) -> Report:
    return review(content)


@pytest.mark.parametrize("lang,other", [("fi", "en"), ("en", "fi")])
def test_each_language_has_its_own_findings_and_reasons(fixture_content, monkeypatch, lang, other):
    report = review(fixture_content)
    pages = desk_pages(fixture_content, lang, report, monkeypatch)
    terms = pages["terminology/terms.md"]
    mine = [u for u in report.term_uses if u.lang == lang]
    theirs = [u for u in report.term_uses if u.lang == other]
    assert mine and theirs, "the fixture has findings in both languages"
    for use in mine:
        assert _code(use.place) in terms, use
    for use in theirs:
        assert _code(use.place) not in terms, use
    allowed = [u for u in mine if u.allowed]
    assert allowed
    for use in allowed:
        assert use.allowed[lang].replace(".", "") in terms.replace("&#46;", "")
        assert use.allowed[other] not in terms
    # Each place links to the page that shows the text, and says its file:line:column.
    first = mine[0]
    assert re.search(rf"\]\(\.\./[^)]+\.md\) {re.escape(_code(first.place))}", terms)


def test_counts_first_and_decisions_before_the_statistics(content, real_report, monkeypatch):
    report = real_report
    summary = desk_pages(content, "fi", report, monkeypatch)["terminology/index.md"]
    words = content.languages
    decide = summary.index("## " + words.word("review_to_decide", "fi"))
    statistics = summary.index("## " + words.word("review_statistics", "fi"))
    where = summary.index(words.word("where_used", "fi"))
    assert decide < statistics < where
    table = summary[decide:statistics]
    for key in ("not_recommended_term", "other_concept_term", "differing_definitions", "shared_terms",
                "entries_to_complete"):
        assert words.word(key, "fi") in table, key
    assert f"| {len(report.differing_definitions)} |" in table


def test_a_form_is_listed_once_per_language(content, real_report, monkeypatch):
    report = real_report
    for lang in content.languages.codes:
        pages = desk_pages(content, lang, report, monkeypatch)
        for path, page in pages.items():
            for forms in re.findall(r"\. [^.\n]*?: (.+ \(\d+\))\.\n", page):
                listed = re.findall(r"([^,(]+) \(\d+\)", forms)
                names = [" ".join(f.split()) for f in listed]
                assert len(names) == len(set(names)), (path, forms)


# --- no page grows with the content -------------------------------------------------------

HTML_BUDGET = 450_000  # characters of a page's content as HTML, leaving 50 KB for Material's page


def _huge_report(content: Content) -> Report:
    """Far more findings than the real content has, with long paths and long texts."""
    concepts = sorted(content.concepts)
    long_file = "docs/" + "/".join(["a-very-long-folder-name"] * 4) + "/page.fi.md"
    term_uses = [
        TermUse("not_recommended", Place(f"glossary/{concepts[i % len(concepts)]}.yaml", i, 3), "fi",
                "työharjoittelu", "työharjoittelu", concepts[0], "työkokeilu", concepts[0])
        for i in range(4_000)
    ]
    usage = {cid: Usage(cid) for cid in concepts}
    for n, cid in enumerate(concepts):
        files = 3_000 if n == 0 else 60
        for i in range(files):
            for line in (1, 10, 100):
                usage[cid].uses.append(("fi", f"muoto{i % 7}", f"{long_file}{i}", line))
                usage[cid].count += 1
    text = "Pitkä määritelmä, jossa on välimerkkejä: (sulkeita), pisteitä. " * 30
    definitions = {
        cid: [dataclasses.replace(d, text={"fi": text, "en": text}) for d in c.definitions] * 20
        for cid, c in sorted(content.concepts.items())
        if c.definitions
    }
    entries = [EntryIssue(concepts[i % len(concepts)], f"glossary/{concepts[i % len(concepts)]}.yaml:1",
                          "stale_review", "old") for i in range(5_000)]
    five = tuple((cid, "accepted") for cid in concepts[:5])
    shared = [SharedTerm("fi", f"termi {i}", five) for i in range(3_000)]
    return Report(term_uses, usage, concepts * 20, entries, definitions, shared, [],
                  {"pages": 1, "texts": 1, "concepts": len(concepts)})


def test_no_review_page_passes_the_budget_however_large_the_report(content, monkeypatch):
    report = _huge_report(content)
    pages = desk_pages(content, "fi", report, monkeypatch)
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables", "toc"])
    sizes = {}
    for path, page in pages.items():
        sizes[path] = len(md.reset().convert(page))
    too_big = {path: size for path, size in sizes.items() if size > HTML_BUDGET}
    assert max(sizes.values()) > HTML_BUDGET / 4, "the report is too small to test the cutting"
    assert too_big == {}
    assert len(pages) > 20, "the huge report must have been cut into many pages"
    everything = "".join(pages.values())
    # Nothing is lost by cutting: every finding is on some page.
    assert everything.count("työharjoittelu**") == len(report.term_uses)
    assert everything.count("a-very-long-folder-name/page.fi.md") == 3_000 + 60 * (len(content.concepts) - 1)
    # (Places are escaped for Markdown: ':' is written as its character reference.)
    assert everything.count(f"{md_text(':1')}</code>") >= len(report.entries)
    # The concept used in 3,000 files continues over several pages of its letter.
    first = content.concepts[sorted(content.concepts)[0]].term("fi")
    assert sum(1 for page in pages.values() if f"\n## {first}" in page) > 1
