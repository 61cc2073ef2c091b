"""A corpus of hostile and broken input (issue 12): every case is one file of a small,
valid project rewritten (or replaced by a link, a folder, bytes), and `handbook validate`
must exit 1 with `file:line: message` lines only (no Python traceback), one of them at
the expected place and naming the fix in the expected words.

The table is (name, file, new content, expected "file:line", words the message holds).
New content is text, bytes, a function of the file's valid text, or one of the
special actions below (SYMLINK_OUT, ...).
"""
# ruff: noqa: E501  (one case per line reads best)

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from projects import BASE, fixture_project

from handbook.cli import main
from handbook.validation import MAX_TREE_DEPTH, MAX_TREE_PATHS
from handbook.yamlsource import MAX_ALIASES, MAX_DEPTH, MAX_FILE_BYTES

CONCEPT = "glossary/kasite.yaml"
SERVICE = "glossary/palvelu.yaml"
TREE = "decision_trees/puu.yaml"
CONDITIONS = "conditions/palvelu.yaml"
SOURCES = "sources.yaml"
LANGUAGES = "languages.yaml"
PATH = "service_paths/polku.yaml"
DATASET = "datasets/tulokset.yaml"
EXCEPTIONS = "terminology_exceptions.yaml"
PAGE_FI = "docs/sivu.fi.md"
PAGE_EN = "docs/sivu.en.md"
MKDOCS = "mkdocs.yml"

# Files the base fixture lacks, so that every kind of file has a valid original here.
EXTRA = {
    PATH: """id: polku
title: {fi: Testipolku, en: Test path}
introduction: {fi: Polun johdanto., en: Introduction of the path.}
sources: [lahde-a]
concepts: [kasite]
phases:
  - id: alku
    title: {fi: Alku, en: Start}
    concepts: [kasite]
    points:
      - {fi: Ensimmäinen vaihe., en: The first phase., source: lahde-a}
  - id: loppu
    title: {fi: Loppu, en: End}
    concepts: []
    points: []
""",
    DATASET: """id: tulokset
title: {fi: Tuloksia, en: Results}
source: lahde-a
as_of: 2022-10-12
measures:
  - id: asiakkaat
    label: {fi: asiakasta, en: clients}
    value: 42
    unit: count
  - id: osuus
    label: {fi: työllistyi, en: found work}
    value: 65
    unit: percent
""",
    EXCEPTIONS: """exceptions:
  - file: glossary/kasite.yaml
    term: käsite
    lang: fi
    reason: {fi: Testi., en: Test.}
""",
    PAGE_FI: """---
sources: [lahde-a]
reviewed: 2026-11-24
---

# Sivu

Teksti. [Sanasto](glossary/index.md), [käsite](glossary/kasite.md#määritelmä).

[[handbook:concepts kasite]]
""",
    PAGE_EN: """---
sources: [lahde-a]
reviewed: 2026-11-24
---

# Page

Text.

[[handbook:concepts kasite]]
""",
    MKDOCS: """site_name: Test
plugins:
  - search
  - i18n:
      docs_structure: suffix
      languages:
        - locale: fi
          default: true
          name: Suomi
          build: true
        - locale: en
          name: English
          build: true
  - offline:
      enabled: !ENV [OFFLINE, false]
""",
}

# Special actions instead of new content.
SYMLINK_OUT = "symlink out of the project"
SYMLINK_BROKEN = "broken symlink"
FOLDER = "a folder with the file's name"
LOCK_FILE = "an editor lock file beside it"


def _original(file: str) -> str:
    if file in EXTRA:
        return EXTRA[file]
    if not file.endswith((".yaml", ".md")) or not file.startswith(("glossary/kasite", "glossary/palvelu", "decision_trees/puu", "conditions/palvelu", "sources", "languages")):
        return ""
    base = BASE / file
    return base.read_text("utf-8") if base.exists() else (Path(__file__).parent.parent / file).read_text("utf-8")


def swap(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return change


def append(more: str) -> Callable[[str], str]:
    return lambda text: text + more


def _chain(questions: int, options: int = 2) -> str:
    """A tree of `questions` choice nodes in a chain, each option leading to the next, and
    "not sure" to the consult outcome (choices ask no condition, so only the graph limits
    apply)."""
    lines = [
        "id: puu",
        "title: {fi: Testipuu, en: Test tree}",
        "introduction: {fi: Johdanto., en: Introduction.}",
        "sources: [lahde-a]",
        "root: q0",
        "nodes:",
    ]
    for i in range(questions):
        nxt = f"q{i + 1}" if i + 1 < questions else "palvelu"
        lines += [f"  q{i}:", f'    question: {{fi: "Kysymys {i}?", en: "Question {i}?"}}', "    options:"]
        for a in range(options):
            lines += [f"      - id: a{a}", f"        label: {{fi: Vastaus {a}, en: Answer {a}}}", f"        next: {nxt}"]
        lines.append("    if_not_sure: arviointi")
    lines += ["  palvelu:", "    outcome: palvelu", "  arviointi:", "    outcome: arviointi", "    consult: true"]
    return "\n".join(lines) + "\n"


def _ask_chain(questions: int) -> str:
    """A tree of `questions` questions that ask conditions, each 'yes' and 'no' leading to
    the next (the graph's depth limit is checked before the conditions are proved)."""
    lines = [
        "id: puu",
        "title: {fi: Testipuu, en: Test tree}",
        "introduction: {fi: Johdanto., en: Introduction.}",
        "sources: [lahde-a]",
        "root: q0",
        "nodes:",
    ]
    for i in range(questions):
        nxt = f"q{i + 1}" if i + 1 < questions else "arviointi"
        lines += [f"  q{i}:", f"    ask: {('ehto-a', 'ehto-b', 'ehto-c')[i % 3]}", f"    if_yes: {nxt}", f"    if_no: {nxt}", "    if_not_sure: arviointi"]
    lines += ["  arviointi:", "    outcome: arviointi", "    consult: true"]
    return "\n".join(lines) + "\n"


def _alias_bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return _original(CONCEPT) + "\n".join(lines) + "\n"


def _many_aliases() -> str:
    return _original(CONCEPT) + "x: &x [a]\nys:\n" + "".join("  - *x\n" for _ in range(MAX_ALIASES + 5))


def _deep(kind: str) -> str:
    depth = MAX_DEPTH + 10
    if kind == "flow":
        return _original(CONCEPT) + "deep: " + "[" * depth + "]" * depth + "\n"
    return _original(CONCEPT) + "deep:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(depth)) + "  " * (depth + 1) + "v: 1\n"


# The line of `needle` in the valid original of `file` (1-based), for readable cases.
def line(file: str, needle: str) -> int:
    for number, text in enumerate(_original(file).splitlines(), start=1):
        if needle in text:
            return number
    raise AssertionError(f"{needle!r} not in {file}")


def line_in(text: str, needle: str) -> int:
    """The line of `needle` in a generated file (1-based)."""
    return next(n for n, t in enumerate(text.splitlines(), start=1) if needle in t)


FI_DATE = f"{LANGUAGES}:{line(LANGUAGES, 'date_format: ' + chr(34) + '{day}.')}"

CASES: list[tuple[str, str, object, str, tuple[str, ...]]] = [
    # --- bytes and characters ------------------------------------------------------------
    ("BEL in a text", CONCEPT, swap("Test definition.", "Test\x07 definition."), f"{CONCEPT}:10", ("invisible character", "U+0007", "delete")),
    ("NUL in a comment", CONCEPT, append("# comment \x00\n"), f"{CONCEPT}:16", ("U+0000", "NUL", "delete")),
    ("ESC in a tree", TREE, swap("Testipuu", "Testi\x1bpuu"), f"{TREE}:3", ("U+001B", "delete")),
    ("form feed in sources", SOURCES, swap("Testilähde A", "Testi\x0clähde A"), f"{SOURCES}:4", ("U+000C", "delete")),
    ("DEL in languages.yaml", LANGUAGES, swap("name: Suomi", "name: Suo\x7fmi"), f"{LANGUAGES}:{line(LANGUAGES, 'name: Suomi')}", ("U+007F", "delete")),
    ("C1 control in a path", PATH, swap("Testipolku", "Testi\x85polku" if False else "Testi\x9bpolku"), f"{PATH}:2", ("U+009B", "delete")),
    ("control in a page", PAGE_FI, swap("Teksti. ", "Teks\x07ti. "), f"{PAGE_FI}:8", ("U+0007", "delete")),
    ("right-to-left override in a term", CONCEPT, swap("preferred: käsite", "preferred: käs\u202eetis"), f"{CONCEPT}:5", ("U+202E", "text direction", "delete")),
    ("isolate control in a page", PAGE_EN, swap("Text.", "Te\u2066xt."), f"{PAGE_EN}:8", ("U+2066",)),
    ("bad UTF-8 byte on line 9", CONCEPT, lambda t: t.replace("Test definition.", "Test d\udcffefinition.").encode("utf-8", "surrogateescape"), f"{CONCEPT}:10", ("not UTF-8", "save the file as UTF-8")),
    ("Latin-1 file", SOURCES, lambda t: t.encode("latin-1"), f"{SOURCES}:4", ("not UTF-8",)),
    ("bad byte in a page", PAGE_EN, lambda t: t.replace("Text.", "Te\udcfext.").encode("utf-8", "surrogateescape"), f"{PAGE_EN}:8", ("not UTF-8",)),
    ("file too big", CONCEPT, lambda t: t + "# " + "x" * MAX_FILE_BYTES + "\n", f"{CONCEPT}:1", ("limit", f"{MAX_FILE_BYTES:,}", "split")),
    # --- YAML syntax -----------------------------------------------------------------------
    ("unclosed [ on line 11", CONCEPT, swap("related: [palvelu]", "related: [palvelu"), f"{CONCEPT}:12", ("'[' on this line is not closed", "']'")),
    ("unclosed { in a tree", TREE, swap('title: {fi: Testipuu, en: Test tree}', 'title: {fi: Testipuu, en: Test tree'), f"{TREE}:3", ("'{' on this line is not closed", "'}'")),
    ("unclosed { at the end", DATASET, swap("unit: percent\n", "unit: percent\nextra: {a: b\n"), f"{DATASET}:14", ("not closed",)),
    ("colon in a flow text", TREE, swap('{fi: "Mitä asiakas tarvitsee?"', '{fi: Huom: mitä asiakas tarvitsee?'), f"{TREE}:{line(TREE, 'Mitä asiakas')}", ("double quotes",)),
    ("tab indentation", CONCEPT, swap("  fi:\n    preferred", "  fi:\n\tpreferred"), f"{CONCEPT}:5", ("tab", "spaces")),
    ("unclosed quote", CONCEPT, swap("en: Test definition.", 'en: "Test definition.'), f"{CONCEPT}:10", ("quote",)),
    ("bad indentation", CONCEPT, swap("  against: [lahde-a]", " against: [lahde-a]"), f"{CONCEPT}:15", ("indent",)),
    ("second document", CONCEPT, append("---\nid: toinen\n"), f"{CONCEPT}:16", ("'---'", "delete")),
    ("duplicate key", CONCEPT, append("related: [palvelu]\n"), f"{CONCEPT}:16", ("appears twice", "first on line 12")),
    ("empty file", CONCEPT, "", f"{CONCEPT}:1", ("empty", "write the entry or delete")),
    ("only a comment", SERVICE, "# nothing here\n", f"{SERVICE}:1", ("empty",)),
    ("file is a list", CONCEPT, "- a\n- b\n", f"{CONCEPT}:1", ("should be a block",)),
    ("file is one word", TREE, "hello\n", f"{TREE}:1", ("should be a block",)),
    ("python tag", CONCEPT, append("x: !!python/object/apply:os.system [echo hi]\n"), f"{CONCEPT}:16", ("YAML cannot be read",)),
    ("unknown local tag", CONCEPT, append("x: !ENV [HOME]\n"), f"{CONCEPT}:16", ("YAML cannot be read",)),
    ("undefined alias", CONCEPT, append("x: *nothing\n"), f"{CONCEPT}:16", ("YAML cannot be read",)),
    ("list as a key", CONCEPT, append("? [a, b]\n: x\n"), f"{CONCEPT}:16", ("key must be a plain word",)),
    # --- limits ----------------------------------------------------------------------------
    ("alias bomb", CONCEPT, lambda t: _alias_bomb(), f"{CONCEPT}:21", ("aliases", "limit", "100,000")),
    ("many aliases", CONCEPT, lambda t: _many_aliases(), f"{CONCEPT}:{18 + MAX_ALIASES}", ("aliases", f"{MAX_ALIASES}", "limit")),
    ("recursive alias", CONCEPT, append("x: &x [*x]\n"), f"{CONCEPT}:16", ("contain itself", "write the value out")),
    ("recursive alias in a mapping", TREE, append("  x: &n {a: *n}\n"), f"{TREE}:{len(_original(TREE).splitlines()) + 1}", ("contain itself",)),
    ("deep flow nesting", CONCEPT, lambda t: _deep("flow"), f"{CONCEPT}:16", ("nested more than", f"{MAX_DEPTH}", "limit")),
    ("deep block nesting", CONCEPT, lambda t: _deep("block"), f"{CONCEPT}:{16 + MAX_DEPTH}", ("nested more than", "limit")),
    ("very long chain of questions", TREE, lambda t: _chain(1500), f"{TREE}:{line_in(_chain(1500), f'  q{MAX_TREE_DEPTH}:')}", (f"at most {MAX_TREE_DEPTH} questions", "split the tree")),
    ("very long chain of conditions asked", TREE, lambda t: _ask_chain(1500), f"{TREE}:{line_in(_ask_chain(1500), f'  q{MAX_TREE_DEPTH}:')}", (f"at most {MAX_TREE_DEPTH} questions", "split the tree")),
    ("wide tree: 8 choices x 6 options", TREE, lambda t: _chain(8, 6), f"{TREE}:5", (f"more than {MAX_TREE_PATHS} paths", "limit", "split")),
    ("long id", CONCEPT, swap("id: kasite", "id: " + "k" * 300), f"{CONCEPT}:2", ("longer than 80", "shorten")),
    ("long Finlex URL", SERVICE, swap("reviewed:", "legal_basis:\n  - law: {fi: Laki, en: Act}\n    section: 1 §\n    url: https://finlex.fi/" + "a" * 600 + "\n    source: lahde-a\nreviewed:"), f"{SERVICE}:15", ("longer than 500", "shorten")),
    # --- keys and values YAML reads as something else ---------------------------------------
    ("no: as a key in a text", CONCEPT, swap("en: Test definition.", "en: Test definition.\n    no: Norsk."), f"{CONCEPT}:11", ("'no'", "true or false", "quotes")),
    ("yes: as a key", TREE, swap("label: {fi: Työtä, en: Work}", "label: {fi: Työtä, yes: Work}"), f"{TREE}:{line(TREE, 'Työtä')}", ("'yes'", "quotes")),
    ("on: as a key", SOURCES, swap("citation: Testilähde A", "citation: Testilähde A\n    on: x"), f"{SOURCES}:5", ("'on'", "true or false")),
    ("number as a key", TREE, swap("  palvelu:\n    outcome", "  1:\n    outcome"), f"{TREE}:{line(TREE, '  palvelu:')}", ("'1'", "a number", "quotes")),
    ("null key", CONCEPT, append("~: x\n"), f"{CONCEPT}:16", ("'~'", "quotes")),
    ("bare No as a text", TREE, swap("label: {fi: Muuta tukea, en: Other support}", "label: {fi: Ei, en: No}"), f"{TREE}:{line(TREE, 'Muuta tukea')}", ("yes, no, on or off", 'en: "No"')),
    ("number as a text", CONCEPT, swap("en: Test definition.", "en: 12"), f"{CONCEPT}:10", ("should be a text", "quotes")),
    ("empty text", CONCEPT, swap("en: Test definition.", "en:"), f"{CONCEPT}:10", ("empty",)),
    ("spaces as a text", CONCEPT, swap("en: Test definition.", 'en: "   "'), f"{CONCEPT}:10", ("English text", "missing or empty")),
    ("date as a bare date in sources", SOURCES, swap("citation: Testilähde B", "citation: Testilähde B\n    date: 2020-01-01"), None, ()),
    ("list for a text", CONCEPT, swap("en: Test definition.", "en: [a, b]"), f"{CONCEPT}:10", ("should be a text",)),
    ("block for a list", CONCEPT, swap("related: [palvelu]", "related: {a: palvelu}"), f"{CONCEPT}:12", ("should be a list",)),
    ("text for a block", CONCEPT, swap("reviewed:\n  date: 2026-11-24\n  against: [lahde-a]", "reviewed: yesterday"), f"{CONCEPT}:13", ("should be a block",)),
    # --- glossary ------------------------------------------------------------------------
    ("id index", CONCEPT, swap("id: kasite", "id: index"), f"{CONCEPT}:2", ("'index' cannot be an id", "choose another id")),
    ("id terms", CONCEPT, swap("id: kasite", "id: terms"), f"{CONCEPT}:2", ("'terms' cannot be an id",)),
    ("id differs from file name", CONCEPT, swap("id: kasite", "id: toinen-kasite"), f"{CONCEPT}:2", ("differs from the file name", "rename the file to toinen-kasite.yaml")),
    ("id with capitals", CONCEPT, swap("id: kasite", "id: Kasite"), f"{CONCEPT}:2", ("not a valid id", "lower-case")),
    ("id with markup", CONCEPT, swap("id: kasite", 'id: "<b>x</b>"'), f"{CONCEPT}:2", ("not a valid id",)),
    ("whitespace-only preferred term", CONCEPT, swap("preferred: concept", 'preferred: "   "'), f"{CONCEPT}:7", ("only spaces", "write the term")),
    ("whitespace-only accepted term", CONCEPT, swap("preferred: concept", 'preferred: concept\n    accepted: ["  "]'), f"{CONCEPT}:8", ("only spaces",)),
    ("empty preferred term", CONCEPT, swap("preferred: concept", 'preferred: ""'), f"{CONCEPT}:7", ("empty",)),
    ("missing language block", CONCEPT, swap("  en:\n    preferred: concept\n", ""), f"{CONCEPT}:3", ("no 'en' block", "preferred")),
    ("unknown language", CONCEPT, swap("  en:\n    preferred: concept\n", "  en:\n    preferred: concept\n  sv:\n    preferred: begrepp\n"), f"{CONCEPT}:8", ("'sv' is not a language",)),
    ("review date in the future", CONCEPT, swap("date: 2026-11-24", "date: 2999-01-01"), f"{CONCEPT}:14", ("in the future", "today or earlier")),
    ("impossible review date", CONCEPT, swap("date: 2026-11-24", "date: 2026-02-30"), f"{CONCEPT}:14", ("not a valid date", "YYYY-MM-DD")),
    ("review date as text", CONCEPT, swap("date: 2026-11-24", "date: 24.11.2026"), f"{CONCEPT}:14", ("not a valid date",)),
    ("unknown source", CONCEPT, swap("source: lahde-a", "source: lahde-x"), f"{CONCEPT}:11", ("no source with id 'lahde-x'", "sources.yaml")),
    ("unknown related concept", CONCEPT, swap("related: [palvelu]", "related: [puuttuva]"), f"{CONCEPT}:12", ("no glossary entry with id 'puuttuva'",)),
    ("unknown field", CONCEPT, append("colour: blue\n"), f"{CONCEPT}:16", ("'colour' is not a known field", "spelling")),
    ("missing definitions", CONCEPT, swap("definitions:\n  - fi: Testimääritelmä.\n    en: Test definition.\n    source: lahde-a\n", ""), f"{CONCEPT}:2", ("missing 'definitions'",)),
    ("definition without source", CONCEPT, swap("    source: lahde-a\nrelated", "related"), f"{CONCEPT}:9", ("missing 'source'",)),
    ("bad status", CONCEPT, append("status: maybe\n"), f"{CONCEPT}:16", ("not allowed", "use one of")),
    ("http Finlex URL", SERVICE, swap("reviewed:", "legal_basis:\n  - law: {fi: Laki, en: Act}\n    section: 1 §\n    url: http://www.finlex.fi/fi/laki/\n    source: lahde-a\nreviewed:"), f"{SERVICE}:15", ("not a whole Finlex address", "https://finlex.fi/")),
    ("javascript URL", SERVICE, swap("reviewed:", "legal_basis:\n  - law: {fi: Laki, en: Act}\n    section: 1 §\n    url: javascript:alert(1)\n    source: lahde-a\nreviewed:"), f"{SERVICE}:15", ("not a whole Finlex address",)),
    ("Finlex URL with markup after it", SERVICE, swap("reviewed:", "legal_basis:\n  - law: {fi: Laki, en: Act}\n    section: 1 §\n    url: 'https://finlex.fi/x\"><img src=x onerror=alert(1)>'\n    source: lahde-a\nreviewed:"), f"{SERVICE}:15", ("not a whole Finlex address",)),
    ("Finlex URL with a space", SERVICE, swap("reviewed:", "legal_basis:\n  - law: {fi: Laki, en: Act}\n    section: 1 §\n    url: https://finlex.fi/a b\n    source: lahde-a\nreviewed:"), f"{SERVICE}:15", ("not a whole Finlex address",)),
    ("Finlex look-alike host", SERVICE, swap("reviewed:", "legal_basis:\n  - law: {fi: Laki, en: Act}\n    section: 1 §\n    url: https://finlex.fi.evil.example/\n    source: lahde-a\nreviewed:"), f"{SERVICE}:15", ("not a whole Finlex address",)),
    ("Finlex URL with a user part", SERVICE, swap("reviewed:", "legal_basis:\n  - law: {fi: Laki, en: Act}\n    section: 1 §\n    url: https://finlex.fi@evil.example/\n    source: lahde-a\nreviewed:"), f"{SERVICE}:15", ("not a whole Finlex address",)),
    ("Finlex URL with parentheses", SERVICE, swap("reviewed:", "legal_basis:\n  - law: {fi: Laki, en: Act}\n    section: 1 §\n    url: https://finlex.fi/a)(b\n    source: lahde-a\nreviewed:"), f"{SERVICE}:15", ("not a whole Finlex address",)),
    ("service field as a word", SERVICE, swap("  cost: not_stated", "  cost: free"), f"{SERVICE}:{line(SERVICE, 'cost:')}", ("list of statements", "not_stated")),
    ("service field missing", SERVICE, swap("  cost: not_stated\n", ""), f"{SERVICE}:15", ("missing 'cost'",)),
    # --- sources ---------------------------------------------------------------------------
    ("source URL over http", SOURCES, swap("citation: Testilähde A", "citation: Testilähde A\n    url: http://example.org/"), f"{SOURCES}:5", ("not a whole https:// address",)),
    ("source URL javascript", SOURCES, swap("citation: Testilähde A", "citation: Testilähde A\n    url: javascript:alert(1)"), f"{SOURCES}:5", ("not a whole https:// address",)),
    ("source URL with a quote", SOURCES, swap("citation: Testilähde A", "citation: Testilähde A\n    url: 'https://example.org/\"onmouseover=alert(1)'"), f"{SOURCES}:5", ("not a whole https:// address",)),
    ("source URL with a tag after it", SOURCES, swap("citation: Testilähde A", "citation: Testilähde A\n    url: 'https://example.org/<script>'"), f"{SOURCES}:5", ("not a whole https:// address",)),
    ("source URL data:", SOURCES, swap("citation: Testilähde A", "citation: Testilähde A\n    url: 'data:text/html,<script>alert(1)</script>'"), f"{SOURCES}:5", ("not a whole https:// address",)),
    ("source URL without host", SOURCES, swap("citation: Testilähde A", "citation: Testilähde A\n    url: https:///x"), f"{SOURCES}:5", ("not a whole https:// address",)),
    ("duplicate source id", SOURCES, append("  - id: lahde-a\n    citation: Again\n"), f"{SOURCES}:7", ("already used", "rename one")),
    ("empty citation", SOURCES, swap("citation: Testilähde A", 'citation: ""'), f"{SOURCES}:4", ("empty",)),
    ("sources is a block", SOURCES, "sources: {}\n", f"{SOURCES}:1", ("should be a list",)),
    ("sources.yaml missing id", SOURCES, swap("  - id: lahde-b\n", "  - "), f"{SOURCES}:5", ("missing 'id'",)),
    # --- decision trees ----------------------------------------------------------------------
    # The base tree: a choice (valinta) of two options, then three questions that ask the
    # conditions ehto-a, ehto-b (palvelu) and ehto-c (toinen-palvelu), and a consult outcome.
    ("cycle through if_yes", TREE, swap("if_yes: toinen-palvelu", "if_yes: kysymys-1"), f"{TREE}:{line(TREE, 'if_yes: toinen-palvelu')}", ("'if_yes' of 'kysymys-3' leads back to 'kysymys-1'", "goes round in a circle", "kysymys-1 → kysymys-2 → kysymys-3 → kysymys-1", "lead it to a later question")),
    ("cycle through if_no", TREE, swap("if_no: arviointi", "if_no: kysymys-2"), f"{TREE}:{line(TREE, 'if_no: arviointi')}", ("'if_no' of 'kysymys-3' leads back to 'kysymys-2'", "kysymys-2 → kysymys-3 → kysymys-2")),
    ("answer leads to its own question", TREE, swap("if_yes: kysymys-2", "if_yes: kysymys-1"), f"{TREE}:{line(TREE, 'if_yes: kysymys-2')}", ("'if_yes' of 'kysymys-1' leads back to 'kysymys-1'", "goes round in a circle")),
    ("option leads back to its choice", TREE, swap("next: kysymys-1", "next: valinta"), f"{TREE}:{line(TREE, '- id: tyo')}", ("option 'tyo' of 'valinta' leads back to 'valinta'", "goes round in a circle")),
    ("if_yes to an unknown node", TREE, swap("if_yes: kysymys-2", "if_yes: kysymys-9"), f"{TREE}:{line(TREE, 'if_yes: kysymys-2')}", ("'if_yes' of 'kysymys-1' leads to 'kysymys-9'", "not a node of this tree", "fix the id after 'if_yes:'")),
    ("option to an unknown node", TREE, swap("next: kysymys-1", "next: kysymys-9"), f"{TREE}:{line(TREE, '- id: tyo')}", ("option 'tyo' of 'valinta' leads to 'kysymys-9'", "fix the id after 'next:'")),
    ("if_not_sure to an unknown node", TREE, swap("    if_no: kysymys-3\n    if_not_sure: arviointi", "    if_no: kysymys-3\n    if_not_sure: arvio"), f"{TREE}:{line(TREE, 'if_no: kysymys-3') + 1}", ("'if_not_sure' of 'kysymys-1' leads to 'arvio'", "fix the id after 'if_not_sure:'")),
    ("unknown root", TREE, swap("root: valinta", "root: kysymys-9"), f"{TREE}:{line(TREE, 'root:')}", ("root 'kysymys-9' is not a node", "after 'root:'")),
    ("root is an outcome", TREE, swap("root: valinta", "root: palvelu"), f"{TREE}:{line(TREE, 'root:')}", ("root must be a question",)),
    ("unreachable node", TREE, append("  irrallinen:\n    outcome: palvelu\n"), f"{TREE}:{len(_original(TREE).splitlines()) + 1}", ("cannot be reached", "delete it")),
    # A yes/no question's answers are generated now: a choice of one option is the mistake left.
    ("choice of one option", TREE, swap("      - id: muu\n        label: {fi: Muuta tukea, en: Other support}\n        next: kysymys-3\n", ""), f"{TREE}:{line(TREE, 'options:')}", ("'options' has only 1 item", "at least 2")),
    ("duplicate option id", TREE, swap("- id: muu", "- id: tyo"), f"{TREE}:{line(TREE, '- id: muu')}", ("two options with id 'tyo'", "the other on line 11", "own id")),
    ("duplicate option label", TREE, swap("label: {fi: Muuta tukea, en: Other support}", "label: {fi: työtä, en: Other support}"), f"{TREE}:{line(TREE, '- id: muu')}", ("two answers labelled 'työtä'", "make the labels differ")),
    ("an option labelled not sure", TREE, swap("label: {fi: Muuta tukea, en: Other support}", "label: {fi: En tiedä, en: Not sure}"), f"{TREE}:{line(TREE, 'if_not_sure: arviointi')}", ("two answers labelled", "'not sure' is always an answer")),
    ("yes: for if_yes (YAML reads true)", TREE, swap("if_yes: kysymys-2", "yes: kysymys-2"), f"{TREE}:{line(TREE, 'if_yes: kysymys-2')}", ("'yes'", "true or false")),
    ("no: for if_no leaves if_no missing", TREE, swap("    if_no: kysymys-3\n", "    no: kysymys-3\n"), f"{TREE}:{line(TREE, '  kysymys-1:')}", ("missing 'if_no'", "add a line 'if_no: ...'")),
    ("question without if_not_sure", TREE, swap("    if_no: kysymys-3\n    if_not_sure: arviointi\n", "    if_no: kysymys-3\n"), f"{TREE}:{line(TREE, '  kysymys-1:')}", ("missing 'if_not_sure'",)),
    ("choice without if_not_sure", TREE, swap("        next: kysymys-3\n    if_not_sure: arviointi\n", "        next: kysymys-3\n"), f"{TREE}:{line(TREE, '  valinta:')}", ("missing 'if_not_sure'",)),
    ("ask of an unknown condition", TREE, swap("ask: ehto-a", "ask: ehto-x"), f"{TREE}:{line(TREE, '  kysymys-1:')}", ("asks 'ehto-x', which is not a condition", "fix the id after 'ask:'")),
    ("ask of a weighed condition", TREE, swap("ask: ehto-a", "ask: harkinta"), f"{TREE}:{line(TREE, '  kysymys-1:')}", ("a weighed condition", "conditions/palvelu.yaml:12", "remove this question")),
    ("ask of an access condition", TREE, swap("ask: ehto-a", "ask: lahete"), f"{TREE}:{line(TREE, '  kysymys-1:')}", ("an access condition", "only required conditions")),
    ("ask is a list", TREE, swap("ask: ehto-a", "ask: [ehto-a, ehto-b]"), f"{TREE}:{line(TREE, 'ask: ehto-a')}", ("should be a text",)),
    ("condition asked twice on a path", TREE, swap("ask: ehto-b", "ask: ehto-a"), f"{TREE}:{line(TREE, '  kysymys-2:')}", ("asks 'ehto-a' again", "ask each condition once")),
    ("not sure to a service", TREE, swap("    if_no: arviointi\n    if_not_sure: arviointi", "    if_no: arviointi\n    if_not_sure: toinen-palvelu"), f"{TREE}:{line(TREE, 'if_no: arviointi') + 1}", ("'not sure' of question 'kysymys-3' leads to 'toinen-palvelu'", "consult: true")),
    ("a no leads to the service", TREE, swap("    if_yes: palvelu\n    if_no: kysymys-3", "    if_yes: palvelu\n    if_no: palvelu"), f"{TREE}:{line(TREE, '  palvelu:')}", ("the answer was 'no' to 'ehto-b'", "lead that 'no' to another outcome")),
    ("a path skips a required condition", TREE, swap("        next: kysymys-3\n", "        next: kysymys-2\n"), f"{TREE}:{line(TREE, '  palvelu:')}", ("valinta:muu,kysymys-2:kylla without asking 'ehto-a'", "add a question 'ask: ehto-a'")),
    ("node in the old form (answers)", TREE, swap("    ask: ehto-a\n    if_yes: kysymys-2\n    if_no: kysymys-3\n    if_not_sure: arviointi\n", "    question: {fi: Kysymys, en: Question}\n    answers:\n      - {id: kylla, label: {fi: Kyllä, en: Yes}, next: kysymys-2}\n      - {id: ei, label: {fi: Ei, en: Nope}, next: kysymys-3}\n"), f"{TREE}:{line(TREE, 'ask: ehto-a') + 1}", ("'answers' is the old form", "'ask: <condition id>'")),
    ("outcome with a hand-written why", TREE, swap("    outcome: palvelu\n", "    outcome: palvelu\n    why: {fi: Peruste., en: Reason., source: lahde-a}\n"), f"{TREE}:{line(TREE, 'outcome: palvelu') + 1}", ("no longer has a hand-written 'why'", "Delete 'why'")),
    ("outcome not a service", TREE, swap("outcome: palvelu", "outcome: kasite"), f"{TREE}:{line(TREE, 'outcome: palvelu')}", ("not a service",)),
    ("outcome unknown", TREE, swap("outcome: palvelu", "outcome: ei-ole"), f"{TREE}:{line(TREE, 'outcome: palvelu')}", ("no service with id 'ei-ole'",)),
    ("tree id index", TREE, swap("id: puu", "id: index"), f"{TREE}:2", ("'index' cannot be an id",)),
    ("tree id differs", TREE, swap("id: puu", "id: toinen-puu"), f"{TREE}:2", ("differs from the file name",)),
    ("node id with markup", TREE, swap("  palvelu:\n    outcome", '  "<script>":\n    outcome'), f"{TREE}:{line(TREE, '  palvelu:')}", ("not a valid id",)),
    ("nine choices deep", TREE, lambda t: _chain(MAX_TREE_DEPTH + 1), f"{TREE}:{line_in(_chain(MAX_TREE_DEPTH + 1), f'  q{MAX_TREE_DEPTH}:')}", (f"at most {MAX_TREE_DEPTH} questions",)),
    ("nine conditions deep", TREE, lambda t: _ask_chain(MAX_TREE_DEPTH + 1), f"{TREE}:{line_in(_ask_chain(MAX_TREE_DEPTH + 1), f'  q{MAX_TREE_DEPTH}:')}", (f"at most {MAX_TREE_DEPTH} questions", "q0 → q1")),
    ("nodes is a list", TREE, lambda t: t.split("nodes:")[0] + "nodes:\n  - a\n", f"{TREE}:7", ("should be a block",)),
    ("a service's conditions left in its glossary entry", SERVICE, append("  conditions:\n    - {fi: Ehto., en: Condition., source: lahde-a}\n"), f"{SERVICE}:{len(_original(SERVICE).splitlines()) + 1}", ("conditions/palvelu.yaml", "delete 'conditions' here")),
    # --- conditions files ------------------------------------------------------------------
    ("control character in a conditions file", CONDITIONS, swap("Is the client in test group A?", "Is the client\x07 in test group A?"), f"{CONDITIONS}:{line(CONDITIONS, 'test group A?')}", ("U+0007", "delete")),
    ("bad UTF-8 byte in a conditions file", CONDITIONS, lambda t: t.replace("group B?", "group \udcffB?").encode("utf-8", "surrogateescape"), f"{CONDITIONS}:{line(CONDITIONS, 'test group B?')}", ("not UTF-8", "save the file as UTF-8")),
    ("markup in a condition question is text", CONDITIONS, swap('en: "Is the client in test group A?"', 'en: "Is the client <img src=x onerror=alert(1)> in test group A?"'), None, ()),
    ("condition question in the second person", CONDITIONS, swap('en: "Is the client in test group A?"', 'en: "Are you in test group A?"'), f"{CONDITIONS}:{line(CONDITIONS, '- id: ehto-a')}", ("question of condition 'ehto-a' (en) speaks to the client ('you')", "third person")),
    ("condition question with oletko", CONDITIONS, swap('fi: "Kuuluuko asiakas testiryhmään A?"', 'fi: "Oletko testiryhmässä A?"'), f"{CONDITIONS}:{line(CONDITIONS, '- id: ehto-a')}", ("('Oletko')", "Onko asiakas")),
    ("condition rule in the second person", CONDITIONS, swap("en: The service is for test group A.", "en: You must be in test group A."), f"{CONDITIONS}:{line(CONDITIONS, 'test group A.')}", ("rule of condition 'ehto-a'", "third person")),
    ("alias bomb in a conditions file", CONDITIONS, lambda t: t + _alias_bomb()[len(_original(CONCEPT)):], f"{CONDITIONS}:{len(_original(CONDITIONS).splitlines()) + 6}", ("aliases", "limit", "100,000")),
    ("yes: as a key in a condition question", CONDITIONS, swap('en: "Is the client in test group A?"', 'yes: "Is the client in test group A?"'), f"{CONDITIONS}:{line(CONDITIONS, 'test group A?')}", ("'yes'", "true or false")),
    ("unclosed { in a condition rule", CONDITIONS, swap("source: lahde-a}\n  - id: ehto-b", "source: lahde-a\n  - id: ehto-b"), f"{CONDITIONS}:{line(CONDITIONS, 'test group A.')}", ("'{' on this line is not closed", "'}'")),
    ("conditions file is a list", CONDITIONS, "- a\n- b\n", f"{CONDITIONS}:1", ("should be a block",)),
    ("conditions file empty", CONDITIONS, "", f"{CONDITIONS}:1", ("empty",)),
    ("duplicate condition id", CONDITIONS, swap("- id: ehto-b", "- id: ehto-a"), f"{CONDITIONS}:{line(CONDITIONS, '- id: ehto-b')}", ("condition id 'ehto-a' is already used at conditions/palvelu.yaml:4", "rename one")),
    ("conditions of an unknown service", CONDITIONS, swap("service: palvelu", "service: ei-ole"), f"{CONDITIONS}:{line(CONDITIONS, 'service:')}", ("no service with id 'ei-ole'",)),
    ("conditions of a concept that is no service", CONDITIONS, swap("service: palvelu", "service: kasite"), f"{CONDITIONS}:{line(CONDITIONS, 'service:')}", ("'kasite' is a glossary entry but not a service", "add a 'service:' block")),
    ("one service's conditions in two files", CONDITIONS, swap("service: palvelu", "service: toinen-palvelu"), "conditions/toinen-palvelu.yaml:2", ("in two files", "move them all there")),
    ("unknown condition kind", CONDITIONS, swap("kind: weighed", "kind: maybe"), f"{CONDITIONS}:{line(CONDITIONS, 'kind: weighed')}", ("'maybe' is not allowed", "required, weighed, access")),
    ("condition rule of an unknown source", CONDITIONS, swap("source: lahde-a}", "source: lahde-x}"), f"{CONDITIONS}:{line(CONDITIONS, 'source: lahde-a}')}", ("no source with id 'lahde-x'", "sources.yaml")),
    ("required condition without a question", CONDITIONS, swap('    question: {fi: "Kuuluuko asiakas testiryhmään B?", en: "Is the client in test group B?"}\n', ""), f"{CONDITIONS}:{line(CONDITIONS, '- id: ehto-b')}", ("required but has no 'question'", "add 'question:'")),
    ("same_as an unknown condition", CONDITIONS, swap("  - id: harkinta\n    kind: weighed\n", "  - id: harkinta\n    kind: weighed\n    same_as: ei-ole\n"), f"{CONDITIONS}:{line(CONDITIONS, '- id: harkinta')}", ("'same_as: ei-ole'", "fix the id after 'same_as:'")),
    ("conditions file a link out of the project", CONDITIONS, SYMLINK_OUT, f"{CONDITIONS}:1", ("outside the project", "copy")),
    ("folder named conditions/x.yaml", "conditions/kansio.yaml", FOLDER, "conditions/kansio.yaml:1", ("folder, not a file", "rename the folder")),
    (".YAML in conditions", "conditions/kolmas.YAML", "service: palvelu\nconditions: []\n", "conditions/kolmas.YAML:1", ("not read", "rename it to kolmas.yaml")),
    # --- service paths and datasets -------------------------------------------------------
    ("path id index", PATH, swap("id: polku", "id: index"), f"{PATH}:1", ("'index' cannot be an id",)),
    ("path id differs", PATH, swap("id: polku", "id: muu"), f"{PATH}:1", ("differs from the file name",)),
    ("path duplicate phase id", PATH, swap("  - id: loppu", "  - id: alku"), f"{PATH}:12", ("phase id 'alku' is already used",)),
    ("path unknown concept", PATH, swap("concepts: [kasite]\nphases", "concepts: [ei-ole]\nphases"), f"{PATH}:5", ("no glossary entry with id 'ei-ole'",)),
    ("path one phase", PATH, lambda t: t.split("  - id: loppu")[0], f"{PATH}:6", ("at least 2",)),
    ("path missing English title", PATH, swap("title: {fi: Testipolku, en: Test path}", "title: {fi: Testipolku}"), f"{PATH}:2", ("English text", "missing")),
    ("dataset percent over 100", DATASET, swap("value: 65", "value: 650"), f"{DATASET}:12", ("percentage cannot be 650",)),
    ("dataset unknown unit", DATASET, swap("unit: count", "unit: euros"), f"{DATASET}:9", ("not allowed", "percent, count")),
    ("dataset duplicate measure", DATASET, swap("  - id: osuus", "  - id: asiakkaat"), f"{DATASET}:10", ("used twice",)),
    ("dataset negative value", DATASET, swap("value: 42", "value: -1"), f"{DATASET}:8", ("value",)),
    ("dataset value as text", DATASET, swap("value: 42", "value: many"), f"{DATASET}:8", ("should be a number",)),
    ("dataset impossible as_of", DATASET, swap("as_of: 2022-10-12", "as_of: 2022-13-12"), f"{DATASET}:4", ("not a valid date",)),
    ("dataset value .nan", DATASET, swap("value: 65", "value: .nan"), f"{DATASET}:12", ("not a figure",)),
    ("dataset value .inf", DATASET, swap("value: 42", "value: .inf"), f"{DATASET}:8", ("not a figure",)),
    ("dataset id index", DATASET, swap("id: tulokset", "id: index"), f"{DATASET}:1", ("'index' cannot be an id",)),
    # --- languages.yaml ----------------------------------------------------------------------
    ("interface word missing", LANGUAGES, lambda t: re.sub(r"\n  sources: \{[^}]*\}", "", t, count=1), f"{LANGUAGES}:{line(LANGUAGES, 'interface:')}", ("interface words sources are missing", "add each")),
    ("interface word missing its English", LANGUAGES, swap("glossary: {fi: Sanasto, en: Glossary}", "glossary: {fi: Sanasto}"), f"{LANGUAGES}:{line(LANGUAGES, 'glossary: {fi')}", ("English text", "missing")),
    ("unknown date_format placeholder", LANGUAGES, swap('date_format: "{day}.{month}.{year}"', 'date_format: "{day}.{kuukausi}.{year}"'), FI_DATE, ("placeholder '{kuukausi}'", "use only {day}")),
    ("date_format attribute access", LANGUAGES, swap('date_format: "{day}.{month}.{year}"', 'date_format: "{day.__class__}"'), FI_DATE, ("not known",)),
    ("date_format unmatched brace", LANGUAGES, swap('date_format: "{day}.{month}.{year}"', 'date_format: "{day.{month}"'), FI_DATE, ("date_format",)),
    ("date_format positional", LANGUAGES, swap('date_format: "{day}.{month}.{year}"', 'date_format: "{0}"'), FI_DATE, ("not known",)),
    ("month_name without month_names", LANGUAGES, swap('date_format: "{day}.{month}.{year}"', 'date_format: "{day} {month_name}"'), FI_DATE, ("month_names",)),
    ("eleven month names", LANGUAGES, swap("December]", "]"), f"{LANGUAGES}:{line(LANGUAGES, '    month_names:')}", ("month_names", "has only 11 items", "at least 12")),
    ("duplicate language code", LANGUAGES, swap("  - code: en", "  - code: fi"), f"{LANGUAGES}:{line(LANGUAGES, '- code: en')}", ("listed twice", "keep one")),
    ("language code with capitals", LANGUAGES, swap("  - code: en", "  - code: EN"), f"{LANGUAGES}:{line(LANGUAGES, '- code: en')}", ("not a language code",)),
    ("languages.yaml broken", LANGUAGES, "languages: [\n", f"{LANGUAGES}:1", ("not closed",)),
    ("languages.yaml control character", LANGUAGES, swap("Sanasto", "Sana\x00sto"), f"{LANGUAGES}:{line(LANGUAGES, 'Sanasto')}", ("U+0000",)),
    # --- terminology_exceptions.yaml ---------------------------------------------------------
    ("exceptions not a list", EXCEPTIONS, "exceptions: {}\n", f"{EXCEPTIONS}:1", ("should be a list",)),
    ("exception without reason", EXCEPTIONS, swap("    reason: {fi: Testi., en: Test.}\n", ""), f"{EXCEPTIONS}:2", ("missing 'reason'",)),
    ("exception unknown language", EXCEPTIONS, swap("lang: fi", "lang: sv"), f"{EXCEPTIONS}:2", ("'sv' is not a language",)),
    ("exception YAML error", EXCEPTIONS, swap("term: käsite", "term: [käsite"), f"{EXCEPTIONS}:3", ("not closed",)),
    ("exception control character", EXCEPTIONS, swap("Testi.", "Tes\x07ti."), f"{EXCEPTIONS}:5", ("U+0007",)),
    ("exception reason only in Finnish", EXCEPTIONS, swap("reason: {fi: Testi., en: Test.}", "reason: Testi."), f"{EXCEPTIONS}:5", ("'reason'", "name: value")),
    ("exception unknown field", EXCEPTIONS, swap("reason: {fi: Testi., en: Test.}", "reason: {fi: Testi., en: Test.}\n    colour: x"), f"{EXCEPTIONS}:6", ("not a known field",)),
    # --- file discovery ------------------------------------------------------------------------
    (".YAML in capitals", "glossary/kolmas.YAML", lambda t: _original(CONCEPT).replace("id: kasite", "id: kolmas"), "glossary/kolmas.YAML:1", ("not read", "rename it to kolmas.yaml")),
    (".yml", "glossary/kolmas.yml", lambda t: _original(CONCEPT), "glossary/kolmas.yml:1", ("not read", "kolmas.yaml")),
    ("symlink out of the project", "glossary/ulkoa.yaml", SYMLINK_OUT, "glossary/ulkoa.yaml:1", ("outside the project", "copy")),
    ("sources.yaml a link out of the project", SOURCES, SYMLINK_OUT, f"{SOURCES}:1", ("outside the project",)),
    ("languages.yaml a link out of the project", LANGUAGES, SYMLINK_OUT, f"{LANGUAGES}:1", ("outside the project",)),
    ("exceptions a link out of the project", EXCEPTIONS, SYMLINK_OUT, f"{EXCEPTIONS}:1", ("outside the project",)),
    ("page a link out of the project", PAGE_EN, SYMLINK_OUT, f"{PAGE_EN}:1", ("outside the project",)),
    ("broken symlink", "decision_trees/rikki.yaml", SYMLINK_BROKEN, "decision_trees/rikki.yaml:1", ("does not exist", "delete the link")),
    ("folder named x.yaml", "glossary/kansio.yaml", FOLDER, "glossary/kansio.yaml:1", ("folder, not a file", "rename the folder")),
    ("lock file beside a broken entry", CONCEPT, LOCK_FILE, f"{CONCEPT}:2", ("differs from the file name",)),
    # --- hand-written pages ------------------------------------------------------------------
    ("front matter never closed", PAGE_FI, swap("reviewed: 2026-11-24\n---\n", "reviewed: 2026-11-24\n"), f"{PAGE_FI}:1", ("never closed", "add a line '---'")),
    ("front matter YAML error", PAGE_FI, swap("sources: [lahde-a]", "sources: [lahde-a"), f"{PAGE_FI}:2", ("not closed",)),
    ("front matter impossible date", PAGE_FI, swap("reviewed: 2026-11-24", "reviewed: 2026-02-30"), f"{PAGE_FI}:3", ("'reviewed:'", "YYYY-MM-DD")),
    ("front matter future date", PAGE_EN, swap("reviewed: 2026-11-24", "reviewed: 2999-01-01"), f"{PAGE_EN}:3", ("in the future",)),
    ("front matter unknown source", PAGE_FI, swap("sources: [lahde-a]", "sources: [ei-ole]"), f"{PAGE_FI}:2", ("unknown source 'ei-ole'", "sources.yaml")),
    ("front matter sources as text", PAGE_FI, swap("sources: [lahde-a]", "sources: lahde-a"), f"{PAGE_FI}:2", ("'sources:' must list",)),
    ("front matter without reviewed", PAGE_EN, swap("reviewed: 2026-11-24\n", ""), f"{PAGE_EN}:2", ("'reviewed:'",)),
    ("front matter duplicate key", PAGE_FI, swap("reviewed: 2026-11-24", "reviewed: 2026-11-24\nreviewed: 2026-11-25"), f"{PAGE_FI}:4", ("appears twice",)),
    ("front matter is a list", PAGE_FI, swap("sources: [lahde-a]\nreviewed: 2026-11-24", "- a\n- b"), f"{PAGE_FI}:2", ("'name: value' lines",)),
    ("front matter not on the first line", PAGE_FI, lambda t: "\n" + t, f"{PAGE_FI}:2", ("very first line",)),
    ("front matter without dashes", PAGE_EN, lambda t: t.replace("---\n", "", 2), f"{PAGE_EN}:1", ("looks like front matter",)),
    ("front matter alias bomb", PAGE_FI, swap("reviewed: 2026-11-24", "reviewed: 2026-11-24\n" + "\n".join(['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'] + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 7)])), f"{PAGE_FI}:", ("aliases", "limit")),
    ("front matter title field", PAGE_FI, swap("reviewed: 2026-11-24", "reviewed: 2026-11-24\ntitle: <script>alert(1)</script>"), f"{PAGE_FI}:4", ("'title' is not a front matter field", "first heading")),
    ("front matter description field", PAGE_EN, swap("reviewed: 2026-11-24", "reviewed: 2026-11-24\ndescription: x"), f"{PAGE_EN}:4", ("'description' is not a front matter field",)),
    ("front matter hide with unknown word", PAGE_EN, swap("reviewed: 2026-11-24", "reviewed: 2026-11-24\nhide: [everything]"), f"{PAGE_EN}:4", ("'hide:'", "toc")),
    ("front matter with a BOM and an unknown source", PAGE_FI, lambda t: "\ufeff" + t.replace("sources: [lahde-a]", "sources: [ei-ole]"), f"{PAGE_FI}:2", ("unknown source 'ei-ole'",)),
    ("link to a page that does not exist", PAGE_FI, swap("Teksti. ", "Katso [muu](muu.md). "), f"{PAGE_FI}:8", ("'muu.md' leads to no page", "relative to this page")),
    ("link to a concept that does not exist", PAGE_EN, swap("Text.", "See [x](glossary/ei-ole.md#a)."), f"{PAGE_EN}:8", ("leads to no page",)),
    ("block in capitals", PAGE_FI, swap("[[handbook:concepts kasite]]", "[[Handbook:Concepts kasite]]"), f"{PAGE_FI}:10", ("not a block line", "lower case")),
    ("block inside a sentence", PAGE_EN, swap("[[handbook:concepts kasite]]", "See [[handbook:concepts kasite]] here."), f"{PAGE_EN}:10", ("line of its own",)),
    ("block unknown name", PAGE_FI, swap("[[handbook:concepts kasite]]", "[[handbook:kasitteet kasite]]"), f"{PAGE_FI}:10", ("unknown block 'kasitteet'",)),
    ("block unknown concept", PAGE_EN, swap("[[handbook:concepts kasite]]", "[[handbook:concepts ei-ole]]"), f"{PAGE_EN}:10", ("no glossary entry 'ei-ole'",)),
    ("block unknown dataset", PAGE_FI, swap("[[handbook:concepts kasite]]", "[[handbook:results ei-ole]]"), f"{PAGE_FI}:10", ("no dataset 'ei-ole'",)),
    ("block wrong arguments", PAGE_FI, swap("[[handbook:concepts kasite]]", "[[handbook:confusables kasite]]"), f"{PAGE_FI}:10", ("takes 0 argument",)),
    ("block unclosed", PAGE_FI, swap("[[handbook:concepts kasite]]", "[[handbook:concepts kasite]"), f"{PAGE_FI}:10", ("not a block line",)),
    ("missing English twin", PAGE_EN, "DELETE", f"{PAGE_FI}:1", ("no English twin", "docs/sivu.en.md")),
    ("missing Finnish twin", PAGE_FI, "DELETE", f"{PAGE_EN}:1", ("no Finnish twin",)),
    ("page without language suffix", "docs/muu.md", "# Muu\n", "docs/muu.md:1", ("no language in its name", "muu.fi.md")),
    ("page in an unknown language", "docs/muu.sv.md", "# Annan\n", "docs/muu.sv.md:1", ("not a language of the site",)),
    # --- mkdocs.yml ----------------------------------------------------------------------------
    ("another default language", MKDOCS, lambda t: t.replace("          default: true\n", "").replace("name: English\n", "name: English\n          default: true\n"), f"{MKDOCS}:6", ("default language", "'default: true'")),
    ("mkdocs.yml builds another list", MKDOCS, swap("        - locale: en\n          name: English\n          build: true\n", ""), f"{MKDOCS}:6", ("builds the languages ['fi']", "same")),
    ("mkdocs.yml languages in another order", MKDOCS, lambda t: t.replace("locale: fi", "locale: XX").replace("locale: en", "locale: fi").replace("locale: XX", "locale: en"), f"{MKDOCS}:6", ("builds the languages", "same order")),
    ("nav names a page that does not exist", MKDOCS, append("nav:\n  - sivu.md\n  - Osio:\n      - puuttuu.md\n"), f"{MKDOCS}:19", ("'puuttuu.md', which is no page", "docs/puuttuu.<language>.md")),
    ("mkdocs.yml YAML error", MKDOCS, swap("site_name: Test", "site_name: [Test"), f"{MKDOCS}:1", ("not closed",)),
]

# Cases that are fine on purpose: they prove the table does not reject good input.
VALID = {c[0] for c in CASES if c[3] is None}
ERRORS = [c for c in CASES if c[3] is not None]
_PROBLEM = re.compile(r"^[\w./~#-]+(?:\.ya?ml|\.YAML|\.md|\.yml):\d+: \S.*$")


def _project(tmp_path: Path) -> Path:
    project = fixture_project(tmp_path)
    for file, text in EXTRA.items():
        (project / file).parent.mkdir(parents=True, exist_ok=True)
        (project / file).write_text(text, encoding="utf-8")
    return project


def _apply(project: Path, file: str, change: object, tmp_path: Path) -> None:
    target = project / file
    target.parent.mkdir(parents=True, exist_ok=True)
    if change == SYMLINK_OUT:
        outside = tmp_path / f"outside-{target.name}"
        original = _original(file) or _original(CONCEPT).replace("id: kasite", "id: ulkoa")
        if target.exists():
            target.unlink()
        outside.write_text(original, encoding="utf-8")
        target.symlink_to(outside)
    elif change == SYMLINK_BROKEN:
        target.symlink_to(tmp_path / "nowhere.yaml")
    elif change == FOLDER:
        target.mkdir()
        (target / "x.yaml").write_text("id: x\n", encoding="utf-8")
    elif change == LOCK_FILE:
        # Emacs' lock file is a broken link named .#file; a backup ends in ~. Neither is
        # content; the entry itself is broken so that the run still fails on it.
        (target.parent / f".#{target.name}").symlink_to("user@host.1234:1")
        (target.parent / f"{target.name}~").write_text("not: yaml: at: all", encoding="utf-8")
        target.write_text(_original(file).replace("id: kasite", "id: muu"), encoding="utf-8")
    elif change == "DELETE":
        target.unlink()
    else:
        value = change(_original(file)) if callable(change) else change
        if isinstance(value, bytes):
            target.write_bytes(value)
        else:
            target.write_text(value, encoding="utf-8")


def _validate(project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    # In-process: an exception anywhere would fail the test with its traceback, so a pass
    # also proves there was none. (test_no_traceback runs the real command.)
    code = main(["--root", str(project), "validate"])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_corpus_is_large_and_its_base_is_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert len(ERRORS) >= 120
    assert len({c[0] for c in CASES}) == len(CASES), "case names must be unique"
    code, out, err = _validate(_project(tmp_path), capsys)
    assert (code, err) == (0, ""), err
    assert out.startswith("OK:")


@pytest.mark.parametrize("case", [c[0] for c in CASES if c[0] in VALID])
def test_valid_variants_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str):
    _, file, change, _, _ = next(c for c in CASES if c[0] == case)
    project = _project(tmp_path)
    _apply(project, file, change, tmp_path)
    code, _, err = _validate(project, capsys)
    assert (code, err) == (0, "")


@pytest.mark.parametrize("case", [c[0] for c in ERRORS])
def test_bad_input_is_one_file_line_message_naming_the_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str):
    _, file, change, where, words = next(c for c in ERRORS if c[0] == case)
    project = _project(tmp_path)
    _apply(project, file, change, tmp_path)
    code, out, err = _validate(project, capsys)
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert re.fullmatch(r"\d+ problems? in the content\.", lines[-1]), lines[-1]
    problems = lines[:-1]
    assert problems
    for problem in problems:
        assert _PROBLEM.match(problem), problem
        assert len(problem) < 600, problem  # no value dumped whole into a message
    assert where is not None
    at = [p for p in problems if p.startswith(where if where.endswith(":") else where + ":")]
    assert at, f"nothing at {where}:\n{err}"
    assert any(all(w.lower() in p.lower() for w in words) for p in at), f"{words} not in:\n" + "\n".join(at)


@pytest.mark.parametrize("change", [SYMLINK_OUT, FOLDER])
def test_a_conditions_file_not_read_is_one_message_not_one_per_question(tmp_path: Path, capsys: pytest.CaptureFixture[str], change: str):
    # Its conditions are unknown, not missing: "asks 'ehto-a', which is not a condition;
    # fix the id after 'ask:'" would send the editor to fix a tree that is right.
    project = _project(tmp_path)
    if change == FOLDER:
        (project / CONDITIONS).unlink()
    _apply(project, CONDITIONS, change, tmp_path)
    code, _, err = _validate(project, capsys)
    assert code == 1
    problem, total = err.splitlines()
    assert problem.startswith(f"{CONDITIONS}:1:"), err
    assert total == "1 problem in the content."
