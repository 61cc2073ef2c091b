"""Scope as data: every statement whose source describes one region's practice is shown
with that region's label, next to its text, by every renderer that shows statements
(glossary and service pages, service paths, the services table, the quick reference,
concept lists, the service landscape, decision trees, the review page, tooltips)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from handbook import blocks
from handbook.model import Concept, Content, SourcedText
from handbook.rendering import concept_path, md, scope_label, site_pages
from handbook.tooltips import short_definition

TEMPLATES = Path(__file__).resolve().parent.parent / "src" / "handbook" / "templates"
LANGS = ("fi", "en")

# Every template that shows a statement's text, and the test below that checks its label.
# A new template showing statements must be added here (and get its check).
COVERED = {
    "_macros.md.j2": "test_concept_pages_label_every_regional_statement",
    "concept.md.j2": "test_concept_pages_label_every_regional_statement",
    "service_path.md.j2": "test_service_path_pages_label_every_regional_point",
    "services_index.md.j2": "test_services_table_labels_regional_cells",
    "quick_reference.html.j2": "test_quick_reference_labels_regional_cells",
    "concept_list.html.j2": "test_concept_list_block_labels_regional_definitions",
    "tree.md.j2": "test_tree_pages_label_regional_rules_and_reasons",
    "terminology_part.md.j2": "test_review_page_labels_regional_definitions",
    "service_path_list.html.j2": "test_service_path_block_labels_every_regional_point",
}


def concept_statements(concept: Concept) -> list[SourcedText]:
    found = list(concept.definitions)
    found += [s for s in (concept.note_statement, concept.example_statement) if s]
    if concept.service:
        for name in concept.service.__dataclass_fields__:
            found += concept.service.field(name)
    return found


def shows(label: str, text: str) -> bool:
    return bool(label) and label in text


def lines_with(page: str, text: str) -> list[str]:
    return [line for line in page.splitlines() if text in line]


def test_every_template_that_shows_statements_is_checked():
    showing = {
        p.name
        for p in TEMPLATES.glob("*.j2")
        if re.search(r"\.text\[lang\]|statements?\(", p.read_text("utf-8"))
    }
    assert showing == set(COVERED), "a template shows statements without a scope-label check here"


def test_the_real_content_has_regional_statements_and_all_declare_it(content: Content):
    regional = [s for s in content.statements() if content.region(s)]
    assert len(regional) >= 50
    assert all(s.scope == "regional" for s in regional)


def test_the_label_names_the_region_in_each_language(content: Content):
    s = next(s for s in content.statements() if content.region(s))
    assert scope_label(content, s, "fi").startswith("Alueellinen esimerkki (Seinäjoki")
    assert scope_label(content, s, "fi").endswith("ei Helsingin käytäntö")
    assert scope_label(content, s, "en").startswith("Regional example (Seinäjoki")
    plain = next(s for s in content.statements() if not content.region(s))
    assert scope_label(content, plain, "fi") == ""


@pytest.mark.parametrize("lang", LANGS)
def test_concept_pages_label_every_regional_statement(content: Content, lang: str):
    pages = site_pages(content, lang)
    checked = 0
    for concept in content.concepts.values():
        page = pages[concept_path(concept.id)]
        others = concept_statements(concept)
        for s in others:
            label = scope_label(content, s, lang)
            shown = lines_with(page, md(s.text[lang]))
            assert shown, f"{s.loc}: not on the page of {concept.id}"
            for line in shown:
                if label:
                    assert md(label) in line, f"{s.loc}: shown without its scope label ({lang})"
                    checked += 1
                elif not any(content.region(o) and o.text[lang] == s.text[lang] for o in others):
                    assert 'class="hb-scope"' not in line, f"{s.loc}: labelled but not regional"
    assert checked >= 50


@pytest.mark.parametrize("lang", LANGS)
def test_service_path_pages_label_every_regional_point(content: Content, lang: str):
    pages = site_pages(content, lang)
    checked = 0
    for path in content.service_paths.values():
        page = pages[f"service-paths/{path.id}.md"]
        for phase in path.phases:
            for s in phase.points:
                label = scope_label(content, s, lang)
                for line in lines_with(page, md(s.text[lang])):
                    assert shows(md(label), line) == bool(label), f"{s.loc} ({lang})"
                    checked += bool(label)
    assert checked >= 10


@pytest.mark.parametrize("lang", LANGS)
def test_services_table_labels_regional_cells(content: Content, lang: str):
    page = site_pages(content, lang)["services/index.md"]
    checked = 0
    for service in content.services.values():
        for s in (service.service.for_whom[:1] + service.service.access[:1]):
            label = scope_label(content, s, lang)
            row = lines_with(page, md(s.text[lang]))
            assert row, f"{s.loc} not in the services table"
            cell = row[0].split(md(s.text[lang]), 1)[1].split(" | ", 1)[0]
            assert shows(md(label), cell) == bool(label), f"{s.loc} ({lang})"
            checked += bool(label)
    assert checked >= 3


def _ctx(content: Content, lang: str) -> blocks._Context:
    return blocks._Context(content, lang, lambda path: path)


def _cells(block_html: str) -> list[str]:
    return [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", block_html, re.DOTALL)]


@pytest.mark.parametrize("lang", LANGS)
def test_quick_reference_labels_regional_cells(content: Content, lang: str):
    block = blocks.quick_reference(_ctx(content, lang))
    cells = _cells(block)
    checked = 0
    for service in content.services.values():
        s = service.service
        key_condition = tuple(c.rule for c in s.of_kind("required"))[:1]
        for statement in s.for_whom[:1] + key_condition + s.access[:1]:
            cell = next(c for c in cells if statement.text[lang] in c)
            label = scope_label(content, statement, lang)
            assert shows(label, cell) == bool(label), f"{statement.loc} ({lang})"
            checked += bool(label)
    # Regional "who it is for" and "how to get in" cells among them (a key condition is
    # never regional: conditions rest on the law or Helsinki's sources).
    assert checked >= 3


@pytest.mark.parametrize("lang", LANGS)
def test_concept_list_block_labels_regional_definitions(content: Content, lang: str):
    block = blocks.concepts(_ctx(content, lang), *content.concepts)
    items = [html.unescape(i) for i in re.findall(r"<dd\b[^>]*>(.*?)</dd>", block, re.DOTALL)]
    checked = 0
    for concept in content.concepts.values():
        d = concept.definitions[0]
        item = next(i for i in items if d.text[lang] in i)
        label = scope_label(content, d, lang)
        assert shows(label, item) == bool(label), f"{d.loc} ({lang})"
        checked += bool(label)
    assert checked >= 10


@pytest.mark.parametrize("lang", LANGS)
def test_service_landscape_cards_carry_the_label_uncut(content: Content, lang: str):
    # The cards are HTML (issue 16): the whole label is in the body of its service's card.
    landscape = blocks.service_landscape(_ctx(content, lang))
    cards = re.findall(r'<a href="([^"]*)" class="hb-card">(.*?)</a>', landscape, re.DOTALL)
    checked = 0
    for service in content.services.values():
        card = [html.unescape(body) for href, body in cards if service.id in href]
        assert len(card) == 1, f"{service.id}: {len(card)} cards ({lang})"
        for s in service.service.for_whom:
            label = scope_label(content, s, lang)
            if label:
                shown = " ".join(card[0].split())
                assert label in shown, f"{s.loc}: '{label}' missing from its card ({lang})"
                checked += 1
    assert checked >= 1


@pytest.mark.parametrize("lang", LANGS)
def test_tooltips_carry_the_label_of_a_regional_definition(content: Content, lang: str):
    checked = 0
    for concept in content.concepts.values():
        label = scope_label(content, concept.definitions[0], lang)
        tip = short_definition(content, concept.id, lang)
        assert shows(label, tip) == bool(label), f"{concept.id} ({lang})"
        checked += bool(label)
    assert checked >= 10


@pytest.mark.parametrize("lang", LANGS)
def test_tree_pages_label_regional_statements(content: Content, lang: str):
    """A tree's questions and rules come from conditions, which never rest on one
    region's practice; what a tree page shows of its services (definition, how to get in)
    carries the label next to the text."""
    from handbook import eligibility

    pages = site_pages(content, lang)
    checked = 0
    for tree in content.trees.values():
        page = pages[f"flowcharts/{tree.id}.md"]
        for node in tree.nodes.values():
            rule = getattr(node, "rule", None)
            assert rule is None or not scope_label(content, rule, lang), f"{tree.id}/{node.id}"
        for service_id in eligibility.services_of(content, tree):
            service = content.concepts[service_id]
            for s in (service.definitions[0], *service.service.access):
                label = scope_label(content, s, lang)
                for line in lines_with(page, md(s.text[lang])):
                    assert shows(md(label), line) == bool(label), f"{s.loc} ({lang})"
                    checked += bool(label)
    assert checked >= 1


@pytest.mark.parametrize("lang", LANGS)
def test_review_page_labels_regional_definitions(content: Content, lang: str):
    # The review is split into a desk and its parts (issue 16): read them all.
    pages = site_pages(content, lang)
    page = "\n".join(text for path, text in pages.items() if path.startswith("terminology/"))
    checked = 0
    for concept in content.concepts.values():
        if len({d.source for d in concept.definitions}) < 2:
            continue
        for d in concept.definitions:
            label = scope_label(content, d, lang)
            for line in lines_with(page, md(d.text[lang])):
                assert shows(md(label), line) == bool(label), f"{d.loc} ({lang})"
                checked += bool(label)
    assert checked >= 1


@pytest.mark.parametrize("lang", LANGS)
def test_service_path_block_labels_every_regional_point(content: Content, lang: str):
    checked = 0
    for path in content.service_paths.values():
        block = html.unescape(blocks.service_path(_ctx(content, lang), path.id))
        for phase in path.phases:
            for s in phase.points:
                assert s.text[lang] in block
                after = block.split(s.text[lang], 1)[1].split("</li>", 1)[0]
                label = scope_label(content, s, lang)
                if label:
                    expected = f'<em class="hb-scope">{label}</em>'
                    assert after.lstrip().startswith(expected), f"{s.loc} ({lang})"
                    checked += 1
    assert checked >= 10


def test_exports_carry_the_scope_of_regional_definitions(content: Content):
    import json

    from handbook.export import to_csv, to_json

    concepts = json.loads(to_json(content))["concepts"]
    by_id = {c["id"]: c for c in concepts} if isinstance(concepts, list) else concepts
    regional = [c for c in content.concepts.values() if content.region(c.definitions[0])]
    assert len(regional) >= 10
    for concept in regional:
        first = by_id[concept.id]["definitions"][0]
        assert first["scope"] == "regional" and first["region"]["fi"].startswith("Seinäjoki")
    table = to_csv(content)
    assert scope_label(content, regional[0].definitions[0], "fi") in table
    assert scope_label(content, regional[0].definitions[0], "en") in table
