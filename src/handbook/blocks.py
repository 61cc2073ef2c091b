"""Content-driven parts of hand-written pages.

A hand-written page asks for one with a line of its own, `[[handbook:NAME ARGS]]`, e.g.
`[[handbook:results tyokykyisempi-stadi-tulokset]]`; `render_blocks` replaces each such
line with HTML drawn from the content at build time. Knows nothing of MkDocs: the hook
passes `link`, which turns a page path such as "glossary/tyokokeilu.md" into a URL
relative to the page being built.
"""

from __future__ import annotations

import html
import inspect
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from handbook.collation import sort_key
from handbook.model import Concept, Content, SourcedText
from handbook.rendering import Citations, concept_path

BLOCK_LINE = re.compile(r"^\[\[handbook:([a-z-]+)((?: +[a-z0-9-]+)*) *\]\]$", re.MULTILINE)

Link = Callable[[str], str]


class BlockError(Exception):
    """A block line a page cannot have; `line` is the line in the page's Markdown."""

    def __init__(self, line: int, message: str, text: str = "") -> None:
        self.line = line
        self.text = text  # the block line as written, to find it in the page's file
        super().__init__(message)


@dataclass
class _Context:
    content: Content
    lang: str
    link: Link

    def word(self, key: str) -> str:
        return self.content.languages.word(key, self.lang)

    def concept(self, concept_id: str) -> Concept:
        concept = self.content.concepts.get(concept_id)
        if concept is None:
            raise ValueError(
                f"there is no glossary entry '{concept_id}'; use the id of a file in glossary/ "
                "(its name without .yaml)."
            )
        return concept


def _wrap(text: str, width: int, lines: int) -> list[str]:
    """Text in lines of at most `width` characters for SVG; an ellipsis marks a cut."""
    wrapped = textwrap.wrap(" ".join(text.split()), width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1].rstrip(" ,.;:") + "…"
    return wrapped


def _services(ctx: _Context) -> list[Concept]:
    language = ctx.content.languages.get(ctx.lang)
    return sorted(ctx.content.services.values(), key=lambda c: sort_key(c.term(ctx.lang), language))


def _joined(statements: tuple[SourcedText, ...], lang: str) -> str:
    return " ".join(s.text[lang] for s in statements)


# Layout of the service landscape, in SVG user units; widths in characters are chosen so
# that a line of 15 px text fits a card.
_CARD_W, _GAP, _COLUMNS = 300, 20, 2
_TITLE_CHARS, _BODY_CHARS, _BODY_LINES, _LINE = 28, 36, 5, 18


def service_landscape(ctx: _Context) -> str:
    cards = []
    for service in _services(ctx):
        who = service.service.for_whom if service.service else ()
        cards.append({
            "title": _wrap(service.term(ctx.lang), _TITLE_CHARS, 2),
            "body": _wrap(_joined(who, ctx.lang) or ctx.word("not_stated"), _BODY_CHARS, _BODY_LINES),
            "href": ctx.link(concept_path(service.id)),
        })
    y = _GAP
    for row_start in range(0, len(cards), _COLUMNS):
        row = cards[row_start : row_start + _COLUMNS]
        height = max(len(c["title"]) + len(c["body"]) for c in row) * _LINE + 30
        for column, card in enumerate(row):
            card.update(x=_GAP + column * (_CARD_W + _GAP), y=y, h=height)
        y += height + _GAP
    return _render(
        "landscape.html.j2",
        ctx,
        cards=cards,
        card_w=_CARD_W,
        line=_LINE,
        width=_COLUMNS * _CARD_W + (_COLUMNS + 1) * _GAP,
        height=y,
    )


def results(ctx: _Context, dataset_id: str) -> str:
    dataset = ctx.content.datasets.get(dataset_id)
    if dataset is None:
        raise ValueError(
            f"there is no dataset '{dataset_id}'; use the id of a file in datasets/ "
            f"({', '.join(sorted(ctx.content.datasets)) or 'none yet'})."
        )
    language = ctx.content.languages.get(ctx.lang)
    return _render(
        "results.html.j2",
        ctx,
        dataset=dataset,
        percents=dataset.of_unit("percent"),
        counts=dataset.of_unit("count"),
        dataset_source=ctx.content.sources[dataset.source],
        as_of=language.format_date(dataset.as_of) if dataset.as_of else None,
    )


def quick_reference(ctx: _Context) -> str:
    cite = Citations()
    rows = []
    for service in _services(ctx):
        s = service.service
        assert s is not None
        key_condition = tuple(c.rule for c in s.of_kind("required"))[:1]
        rows.append({"concept": service, "href": ctx.link(concept_path(service.id)),
                     "for_whom": s.for_whom[:1], "condition": key_condition, "access": s.access[:1]})
    return _render("quick_reference.html.j2", ctx, rows=rows, cite=cite)


def concepts(ctx: _Context, *concept_ids: str) -> str:
    if not concept_ids:
        raise ValueError("name the glossary entries to list, e.g. [[handbook:concepts tyokokeilu]].")
    items = [(ctx.concept(cid), ctx.link(concept_path(cid))) for cid in concept_ids]
    return _render("concept_list.html.j2", ctx, items=items)


def confusables(ctx: _Context) -> str:
    """Every pair of concepts the glossary says people confuse, each pair once."""
    pairs = []
    seen: set[frozenset[str]] = set()
    for concept in ctx.content.concepts.values():
        for cw in concept.confused_with:
            key = frozenset((concept.id, cw.concept))
            if key in seen or cw.concept not in ctx.content.concepts:
                continue
            seen.add(key)
            other = ctx.content.concepts[cw.concept]
            pairs.append({"a": concept, "b": other, "difference": cw.difference,
                          "a_href": ctx.link(concept_path(concept.id)),
                          "b_href": ctx.link(concept_path(other.id))})
    language = ctx.content.languages.get(ctx.lang)
    pairs.sort(key=lambda p: sort_key(p["a"].term(ctx.lang), language))
    return _render("confusables.html.j2", ctx, pairs=pairs)


BLOCKS: dict[str, Callable[..., str]] = {
    "service-landscape": service_landscape,
    "results": results,
    "quick-reference": quick_reference,
    "concepts": concepts,
    "confusables": confusables,
}


def render_blocks(markdown: str, content: Content, lang: str, link: Link) -> str:
    """Replace every `[[handbook:NAME ARGS]]` line; raises BlockError for a bad one."""
    ctx = _Context(content, lang, link)

    def replace(match: re.Match[str]) -> str:
        line, text = markdown.count("\n", 0, match.start()) + 1, match.group(0)
        name, args = match.group(1), match.group(2).split()
        block = BLOCKS.get(name)
        if block is None:
            raise BlockError(line, f"unknown block '{name}'; the blocks are: {', '.join(BLOCKS)}.", text)
        wanted = _arity(block)
        if wanted is not None and len(args) != wanted:
            raise BlockError(line, f"block '{name}' takes {wanted} argument(s), not {len(args)}.", text)
        try:
            html_text = block(ctx, *args)
        except ValueError as error:
            raise BlockError(line, f"block '{name}': {error}", text) from None
        # One raw HTML block for Markdown: no blank line inside, blank lines around.
        return "\n" + "\n".join(x for x in html_text.splitlines() if x.strip()) + "\n"

    return BLOCK_LINE.sub(replace, markdown)


def _arity(block: Callable[..., str]) -> int | None:
    """How many arguments a block takes after the context; None for any number."""
    params = list(inspect.signature(block).parameters.values())[1:]
    if any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in params):
        return None
    return len(params)


def _render(template: str, ctx: _Context, **values: object) -> str:
    return _environment().get_template(template).render(
        t=ctx.word, lang=ctx.lang, c=ctx.content, source=ctx.content.sources.get, **values
    )


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("handbook", "templates"),
        autoescape=True,  # these templates write HTML: every content text is escaped
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["number"] = _number
    env.globals["escape"] = html.escape
    return env


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
