"""Turn the content into Markdown pages, one set per language, from Jinja templates.

Knows nothing of MkDocs: `site_pages(content, lang)` returns {page path: Markdown}, and
the hook hands these to MkDocs as virtual pages. Every text from the YAML passes the
`md` filter, so that HTML in content is shown as text and never runs; the environment
autoescapes, so a value a template forgets to filter is HTML-escaped, never raw.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import cache, lru_cache
from itertools import groupby

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from handbook import diagram, eligibility
from handbook.collation import initial, sort_key
from handbook.model import (
    SERVICE_FIELDS,
    Concept,
    Content,
    DecisionTree,
    Outcome,
    Question,
    ServicePath,
    SourcedText,
)
from handbook.search import law_keys

GLOSSARY = "glossary"
SERVICES = "services"
FLOWCHARTS = "flowcharts"
TERMINOLOGY = "terminology"
SERVICE_PATHS = "service-paths"

# Interface words the flowchart script needs, handed to it as data-t-* attributes.
FLOWCHART_WORDS = (
    "step",
    "result",
    "back",
    "start_again",
    "your_answers",
    "change",
    "sources",
    "print",
    "conditions_asked",
    "services_that_fit",
    "several_fit",
    "consult_unsure",
    "consult_denied",
    "consult_choice",
)

TERMS_PAGE = f"{GLOSSARY}/terms.md"
# The term table's further parts live in a folder of their own, whose pages no concept's
# address can take (glossary/terms/2.md, ...).
TERMS_FOLDER = f"{GLOSSARY}/terms"
# Rows per part of the term table: about 170 KB of HTML each at the benchmark's term
# lengths, so that no page grows with the glossary (at N = 2,000 the one page was 727 KB).
TERMS_PER_PAGE = 1200

# Characters that Markdown or one of its extensions (attr_list, tables, pymdownx's
# mark/caret/tilde/emoji/keys/arithmatex) could read as syntax, plus HTML's own. They
# become numeric character references: the browser shows the character, and Markdown
# reads no syntax in them. (A backslash escape would show the backslash for a
# character that the enabled extensions do not list as escapable, e.g. ':' or '='.)
_MD_SPECIAL = "\\`*_{}[]()#+!|<>~^=:$&\"'"
_ENTITIES = str.maketrans({char: f"&#{ord(char)};" for char in _MD_SPECIAL})


def md(text: str | None) -> Markup:
    """Content text → Markdown that shows exactly that text (HTML escaped, syntax inert)."""
    if not text:
        return Markup("")
    if isinstance(text, Markup):  # already escaped by the template: escape the text once
        text = text.unescape()
    return _md_text(str(text))


_NUMBERED = re.compile(r"^(\d+)\.")


@lru_cache(maxsize=1 << 16)
def _md_text(text: str) -> Markup:
    # Memoised: the same interface words and terms are escaped on thousands of pages.
    escaped = " ".join(text.split()).translate(_ENTITIES)
    # At the start of a line "-", "+" or "1." would begin a list; text never spans lines.
    if escaped[:1] in ("-", "+"):
        escaped = f"&#{ord(escaped[0])};{escaped[1:]}"
    return Markup(_NUMBERED.sub(r"\1&#46;", escaped, count=1))


def attr(text: str | None) -> Markup:
    """Text for an HTML attribute value (or raw HTML) inside the Markdown. The same
    escape as `md`: Markdown's inline patterns run before it recognises inline HTML, so
    a '[k](javascript:...)' inside a title="..." would otherwise become a link."""
    return md(text)


def tooltip(text: str | None) -> Markup:
    """Text for a title="..." attribute. Material's content.tooltips writes an element's
    title into its tooltip as HTML (innerHTML), so the value is escaped once more: the
    tooltip then shows '<' as '<', and markup in the text never becomes elements."""
    if isinstance(text, Markup):
        text = text.unescape()
    return md(html.escape(" ".join(str(text or "").split()), quote=True))


# Only these link to the outside; the schemas check every URL whole, and this is the last
# guard in case a template is handed a value no schema checked.
_SAFE_URL = re.compile(r"https://[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?#][A-Za-z0-9._~!$&+,;=:@%/?#-]*)?")


def href(url: str | None) -> Markup:
    """A checked https URL for an href (escaped); anything else is an error, not a link."""
    text = str(url or "")
    if not _SAFE_URL.fullmatch(text):
        raise ValueError(f"refusing to link to {text[:80]!r}: only whole https:// addresses are linked")
    return md(text)  # numeric references, which the browser reads back as the URL


def scope_label(content: Content, statement: SourcedText, lang: str) -> str:
    """The words every page shows next to a statement that describes one region's
    practice ("Regional example (Seinäjoki, …), not Helsinki's practice"); "" otherwise."""
    region = content.region(statement)
    if region is None:
        return ""
    return content.languages.word("scope_regional", lang).replace("{region}", region[lang])


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

    def _md_word(self, key: str) -> Markup:
        # Interface words land in Markdown (headings, table cells): escaped for it, so
        # that a word cannot become a link or emphasis any more than a content text can.
        return md(self.word(key))

    def _md_date(self, iso: str) -> Markup:
        return md(self.language.format_date(iso))

    def _render(self, template: str, **context: object) -> str:
        return self.env.get_template(template).render(
            c=self.view,
            lang=self.lang,
            t=self._md_word,
            term=self.term,
            source=self.content.sources.get,
            service_fields=SERVICE_FIELDS,
            citations=Citations,
            date=self._md_date,
            scope=lambda s: scope_label(self.content, s, self.lang),
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

    def term_entries(self) -> list[tuple[str, Concept, str]]:
        """Every term of this language as (term, concept, kind), in alphabetical order;
        kind is "preferred", "accepted" or "not_recommended"."""
        entries = []
        for concept in self.content.concepts.values():
            terms = concept.terms[self.lang]
            entries.append((terms.preferred, concept, "preferred"))
            entries += [(term, concept, "accepted") for term in terms.accepted]
            entries += [(term, concept, "not_recommended") for term in terms.not_recommended]
        entries.sort(key=lambda e: sort_key(e[0], self.language))
        return entries

    def glossary_index(self) -> str:
        entries = self.term_entries()
        letters = [
            (letter, list(group))
            for letter, group in groupby(entries, key=lambda e: initial(e[0], self.language))
        ]
        return self._render("glossary_index.md.j2", letters=letters)

    def terms_pages(self) -> dict[str, str]:
        """The term-equivalence table for translators, this language's terms first, in parts
        of at most TERMS_PER_PAGE rows. Every language has the same number of parts (each
        page has its twin for the language switch), its rows shared evenly among them."""
        others = [lang for lang in self.content.languages.languages if lang.code != self.lang]
        rows = self.term_entries()
        paths = terms_part_paths(self.content)
        size = -(-len(rows) // len(paths)) or 1
        pages = {}
        for number, path in enumerate(paths, start=1):
            here = "" if number == 1 else "../"  # from glossary/terms.md, or glossary/terms/<n>.md
            links = [(n, _part_link(number, n)) for n in range(1, len(paths) + 1)]
            pages[path] = self._render(
                "terms.md.j2",
                rows=rows[(number - 1) * size : number * size],
                language=self.language,
                others=others,
                part=number,
                parts=links,
                up=here,
            )
        return pages

    def services_index(self) -> str:
        services = self.sorted_concepts(list(self.content.services.values()))
        return self._render("services_index.md.j2", services=services)

    def tree_page(self, tree: DecisionTree) -> str:
        order = _breadth_first(tree)
        labels = {
            node_id: node.question[self.lang] if isinstance(node, Question) else self.term(node.service)
            for node_id, node in tree.nodes.items()
        }
        expanded = diagram.expand(tree)
        return self._render(
            "tree.md.j2",
            tree=tree,
            questions=[tree.nodes[n] for n in order if isinstance(tree.nodes[n], Question)],
            outcomes=[tree.nodes[n] for n in order if isinstance(tree.nodes[n], Outcome)],
            services=[self.content.concepts[s] for s in eligibility.services_of(self.content, tree)],
            required_of=lambda service_id: eligibility.required_of(self.content, service_id),
            ui_words=FLOWCHART_WORDS,
            expanded=expanded,
            labels=labels,
            labels_service={n.id: n.service for n in tree.nodes.values() if isinstance(n, Outcome)},
        )

    def service_path_page(self, path: ServicePath) -> str:
        return self._render("service_path.md.j2", path=path)

    def service_paths_index(self) -> str:
        paths = sorted(
            self.content.service_paths.values(), key=lambda p: sort_key(p.title[self.lang], self.language)
        )
        return self._render("service_paths_index.md.j2", paths=paths)

    def trees_index(self) -> str:
        trees = sorted(self.content.trees.values(), key=lambda t: sort_key(t.title[self.lang], self.language))
        return self._render("trees_index.md.j2", trees=trees)

    def terminology_pages(self) -> dict[str, str]:
        """The review desk: a summary page, and the findings cut into pages (review_desk)."""
        from handbook.review import cached_review  # the term finder loads Voikko

        report = cached_review(self.content)
        desks = _desks(report, self.content)
        the_desk = desks[self.lang]
        pages = {f"{TERMINOLOGY}/index.md": self._render("terminology.md.j2", r=report, desk=the_desk)}
        for part in the_desk.parts:
            pages[part.path] = self._render("terminology_part.md.j2", desk=the_desk, part=part)
        # Every language has the same pages (each page has its twin for the language
        # switch): a part that another language's texts fill and this one's do not says so.
        for lang in self.content.languages.codes:
            if lang == self.lang:
                continue
            for part in desks[lang].parts:
                if part.path not in pages:
                    title = md(self.word("terminology"))
                    pages[part.path] = f"# {title}\n\n{md(self.word('none_found'))} [{title}](index.md)\n"
        return pages

    def page_paths(self) -> list[str]:
        """The paths `pages()` returns, without rendering them."""
        c = self.content
        return [
            f"{GLOSSARY}/index.md",
            *terms_part_paths(c),
            f"{SERVICES}/index.md",
            f"{FLOWCHARTS}/index.md",
            f"{TERMINOLOGY}/index.md",
            f"{SERVICE_PATHS}/index.md",
            *(concept_path(cid) for cid in c.concepts),
            *(tree_path(tid) for tid in c.trees),
            *(f"{SERVICE_PATHS}/{pid}.md" for pid in c.service_paths),
        ]

    def pages(self) -> dict[str, str]:
        """Every generated page of this language: {path without language suffix: Markdown}."""
        pages = {
            f"{GLOSSARY}/index.md": self.glossary_index(),
            **self.terms_pages(),
            f"{SERVICES}/index.md": self.services_index(),
            f"{FLOWCHARTS}/index.md": self.trees_index(),
            **self.terminology_pages(),
        }
        for concept in self.content.concepts.values():
            pages[concept_path(concept.id)] = self.concept_page(concept)
        for tree in self.content.trees.values():
            pages[tree_path(tree.id)] = self.tree_page(tree)
        # Always there: mkdocs.yml's nav names it, even for a project without service paths.
        pages[f"{SERVICE_PATHS}/index.md"] = self.service_paths_index()
        for path in self.content.service_paths.values():
            pages[f"{SERVICE_PATHS}/{path.id}.md"] = self.service_path_page(path)
        return pages


def _part_link(here: int, to: int) -> str:
    """A Markdown link from part `here` of the term table to part `to` ("" for itself)."""
    if here == to:
        return ""
    if here == 1:
        return f"terms/{to}.md"
    return "../terms.md" if to == 1 else f"{to}.md"


def terms_part_paths(content: Content) -> list[str]:
    """The pages of the term table: as many parts as the language with most terms needs."""
    def rows(lang: str) -> int:
        terms = [c.terms[lang] for c in content.concepts.values()]
        return sum(1 + len(t.accepted) + len(t.not_recommended) for t in terms)

    counts = [rows(lang) for lang in content.languages.codes]
    most = max(counts, default=0)
    count = max(1, -(-most // TERMS_PER_PAGE))
    return [TERMS_PAGE, *(f"{TERMS_FOLDER}/{n}.md" for n in range(2, count + 1))]


_desk_memo: list = []  # [report, {lang: desk}]: every language's build needs every desk's pages


def _desks(report: object, content: Content) -> dict[str, object]:
    from handbook.review_desk import desk

    if not _desk_memo or _desk_memo[0] is not report:
        _desk_memo[:] = [report, {lang: desk(report, content, lang) for lang in content.languages.codes}]
    return _desk_memo[1]


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
        # The output is Markdown; texts go through the md filter (which returns Markup),
        # and anything else a template prints is at least HTML-escaped.
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    filters: dict[str, Callable[..., str]] = {
        "md": md,
        "attr": attr,
        "law_keys": law_keys,
        "href": href,
        "tooltip": tooltip,
        "add_suffix": lambda text, suffix: escape(text) + suffix,
        # A site path ("glossary/x.md") as a link from a page of the terminology folder.
        "from_review": lambda path: path.removeprefix(f"{TERMINOLOGY}/")
        if path.startswith(f"{TERMINOLOGY}/") else f"../{path}",
    }
    env.filters.update(filters)
    env.globals.update(concept_path=concept_path, tree_path=tree_path)
    return env


def site_pages(content: Content, lang: str) -> dict[str, str]:
    return Renderer(content, lang).pages()
