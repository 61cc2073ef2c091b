"""Turn the content into Markdown pages, one set per language, from Jinja templates.

Knows nothing of MkDocs: `site_pages(content, lang)` returns {page path: Markdown}, and
the hook hands these to MkDocs as virtual pages. Every text from the YAML passes the
`md` filter, so that HTML in content is shown as text and never runs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import cache
from itertools import groupby

from jinja2 import Environment, PackageLoader, StrictUndefined

from handbook.collation import initial, sort_key
from handbook.model import SERVICE_FIELDS, Concept, Content, DecisionTree, Outcome, Question

GLOSSARY = "glossary"
SERVICES = "services"
FLOWCHARTS = "flowcharts"

# Characters that Markdown (with pymdownx/attr_list extensions) could read as syntax.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|<>~^=:])")


def md(text: str | None) -> str:
    """Content text → Markdown that shows exactly that text (HTML escaped, syntax inert)."""
    if not text:
        return ""
    escaped = html.escape(" ".join(str(text).split()), quote=True)
    # html.escape leaves no raw < > &; now neutralise Markdown punctuation.
    escaped = _MD_SPECIAL.sub(r"\\\1", escaped)
    # A line starting with "1." or "-" would become a list; text never spans lines here.
    return re.sub(r"^(\d+)\.", r"\1\\.", escaped)


def attr(text: str | None) -> str:
    """Text for an HTML attribute value inside the Markdown."""
    return html.escape(" ".join(str(text or "").split()), quote=True)


def concept_path(concept_id: str) -> str:
    return f"{GLOSSARY}/{concept_id}.md"


def tree_path(tree_id: str) -> str:
    return f"{FLOWCHARTS}/{tree_id}.md"


class Citations:
    """Numbers the sources of one page in the order they are first cited."""

    def __init__(self) -> None:
        self.order: list[str] = []

    def __call__(self, source_id: str) -> int:
        if source_id not in self.order:
            self.order.append(source_id)
        return self.order.index(source_id) + 1


class _ContentView:
    """The content as templates see it (`c`), with `services` worked out once instead of
    once per use: templates ask for it on every concept page."""

    def __init__(self, content: Content) -> None:
        self._content = content
        self.services = content.services

    def __getattr__(self, name: str) -> object:
        return getattr(self._content, name)


class Renderer:
    """Renders all pages of one language."""

    def __init__(self, content: Content, lang: str) -> None:
        self.content = content
        self.lang = lang
        self.language = content.languages.get(lang)
        self.env = _environment()
        # Worked out once per language: asking the content for them on every concept page
        # scanned all concepts per page, which made rendering quadratic (N=2,000: ~1 s).
        self.view = _ContentView(content)
        self.narrower_of: dict[str, list[Concept]] = {}
        for concept in content.concepts.values():
            for broader in concept.broader:
                self.narrower_of.setdefault(broader, []).append(concept)

    def word(self, key: str) -> str:
        return self.content.languages.word(key, self.lang)

    def _render(self, template: str, **context: object) -> str:
        return self.env.get_template(template).render(
            c=self.view,
            lang=self.lang,
            t=self.word,
            term=self.term,
            source=self.content.sources.get,
            service_fields=SERVICE_FIELDS,
            citations=Citations,
            date=self.language.format_date,
            **context,
        )

    def term(self, concept_id: str) -> str:
        return self.content.concepts[concept_id].term(self.lang)

    def sorted_concepts(self, concepts: list[Concept]) -> list[Concept]:
        return sorted(concepts, key=lambda c: sort_key(c.term(self.lang), self.language))

    def concept_page(self, concept: Concept) -> str:
        return self._render(
            "concept.md.j2",
            concept=concept,
            narrower=self.sorted_concepts(self.narrower_of.get(concept.id, [])),
        )

    def glossary_index(self) -> str:
        entries = []  # (shown term, concept, preferred?)
        for concept in self.content.concepts.values():
            terms = concept.terms[self.lang]
            entries.append((terms.preferred, concept, "preferred"))
            entries += [(term, concept, "accepted") for term in terms.accepted]
            entries += [(term, concept, "not_recommended") for term in terms.not_recommended]
        entries.sort(key=lambda e: sort_key(e[0], self.language))
        letters = [
            (letter, list(group))
            for letter, group in groupby(entries, key=lambda e: initial(e[0], self.language))
        ]
        return self._render("glossary_index.md.j2", letters=letters)

    def services_index(self) -> str:
        services = self.sorted_concepts(list(self.content.services.values()))
        return self._render("services_index.md.j2", services=services)

    def tree_page(self, tree: DecisionTree) -> str:
        order = _breadth_first(tree)
        return self._render(
            "tree.md.j2",
            tree=tree,
            questions=[tree.nodes[n] for n in order if isinstance(tree.nodes[n], Question)],
            outcomes=[tree.nodes[n] for n in order if isinstance(tree.nodes[n], Outcome)],
        )

    def trees_index(self) -> str:
        trees = sorted(self.content.trees.values(), key=lambda t: sort_key(t.title[self.lang], self.language))
        return self._render("trees_index.md.j2", trees=trees)

    def pages(self) -> dict[str, str]:
        """Every generated page of this language: {path without language suffix: Markdown}."""
        pages = {
            f"{GLOSSARY}/index.md": self.glossary_index(),
            f"{SERVICES}/index.md": self.services_index(),
            f"{FLOWCHARTS}/index.md": self.trees_index(),
        }
        for concept in self.content.concepts.values():
            pages[concept_path(concept.id)] = self.concept_page(concept)
        for tree in self.content.trees.values():
            pages[tree_path(tree.id)] = self.tree_page(tree)
        return pages


def _breadth_first(tree: DecisionTree) -> list[str]:
    order: list[str] = []
    queue = [tree.root]
    while queue:
        node_id = queue.pop(0)
        if node_id in order:
            continue
        order.append(node_id)
        node = tree.nodes[node_id]
        if isinstance(node, Question):
            queue += [a.next for a in node.answers]
    return order


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("handbook", "templates"),
        autoescape=False,  # the output is Markdown; texts go through the md filter
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    filters: dict[str, Callable[..., str]] = {
        "md": md,
        "attr": attr,
    }
    env.filters.update(filters)
    env.globals.update(concept_path=concept_path, tree_path=tree_path)
    return env


def site_pages(content: Content, lang: str) -> dict[str, str]:
    return Renderer(content, lang).pages()
