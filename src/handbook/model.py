"""Typed objects for the handbook's content.

Everything that reads the content (MkDocs hooks, the CLI, the tests) gets these objects
from :func:`handbook.loading.load_content`; nothing else parses the YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# A text in every language of the site, keyed by language code ("fi", "en").
Text = dict[str, str]


@dataclass(frozen=True)
class Location:
    """Where something stands in a content file, for messages to editors."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Problem:
    """One mistake in the content, told as `file:line: what is wrong, and how to fix it`."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Reference:
    """A mention of an id that must exist: kind is "concept", "service" or "source"."""

    kind: str
    target: str
    loc: Location
    field: str = ""  # the field that names it (e.g. "related"), for checks of one field


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    alphabet: str
    date_format: str = "{year}-{month:02d}-{day:02d}"
    month_names: tuple[str, ...] = ()
    stop_words: frozenset[str] = frozenset()  # left out of a search query (search.js)

    def format_date(self, iso: str) -> str:
        year, month, day = (int(part) for part in iso.split("-"))
        month_name = self.month_names[month - 1] if self.month_names else str(month)
        return self.date_format.format(day=day, month=month, year=year, month_name=month_name)


@dataclass(frozen=True)
class SiteLanguages:
    """The languages of the site (languages.yaml); the first is the default."""

    languages: tuple[Language, ...]
    interface: dict[str, Text]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(language.code for language in self.languages)

    @property
    def default(self) -> str:
        return self.languages[0].code

    def word(self, key: str, lang: str) -> str:
        return self.interface[key][lang]

    def get(self, code: str) -> Language:
        return next(language for language in self.languages if language.code == code)


@dataclass(frozen=True)
class Scope:
    """Where the facts of a source hold when not everywhere: kind "regional" and the region."""

    kind: str
    region: Text


@dataclass(frozen=True)
class Source:
    id: str
    citation: str
    loc: Location
    date: str | None = None
    url: str | None = None
    quoted_in: str | None = None
    note: Text | None = None
    scope: Scope | None = None


@dataclass(frozen=True)
class SourcedText:
    """A statement in every language with the id of the source that states it."""

    text: Text
    source: str
    loc: Location
    note: Text | None = None
    # "regional" when the statement describes one region's practice (the region is its
    # source's scope); pages show that label next to the text.
    scope: str | None = None


@dataclass(frozen=True)
class Terms:
    preferred: str
    accepted: tuple[str, ...] = ()
    not_recommended: tuple[str, ...] = ()


@dataclass(frozen=True)
class Confusable:
    concept: str
    loc: Location
    difference: Text | None = None


@dataclass(frozen=True)
class LegalBasis:
    law: Text
    section: str
    source: str
    loc: Location
    url: str | None = None


@dataclass(frozen=True)
class Review:
    date: str
    against: tuple[str, ...]


# The kinds of a condition. required: a gate the source states; a tree asks it and must
# get "yes" before it names the service. weighed: the source says it is considered or
# possible; never a gate, listed with the result. access: a step of getting in that the
# referring worker takes (a referral, a plan); never asked, listed with the result.
CONDITION_KINDS: tuple[str, ...] = ("required", "weighed", "access")


@dataclass(frozen=True)
class Condition:
    """One eligibility condition of one service (conditions/<service>.yaml), written once:
    trees ask it, and the service page and flowchart results show it."""

    id: str
    service: str
    kind: str
    rule: SourcedText
    loc: Location
    question: Text | None = None
    help: Text | None = None
    same_as: str | None = None

    @property
    def asked(self) -> bool:
        return self.kind == "required"


# The fields of a service page, in the fixed order a worker learns once.
SERVICE_FIELDS: tuple[str, ...] = (
    "for_whom",
    "conditions",
    "access",
    "includes",
    "duration",
    "cost",
    "languages",
    "provider",
    "follows",
)

# The fields a service's glossary entry holds: all but its conditions (conditions/).
ENTRY_SERVICE_FIELDS: tuple[str, ...] = tuple(f for f in SERVICE_FIELDS if f != "conditions")


@dataclass(frozen=True)
class Service:
    """What a service page needs. An empty tuple means the sources do not state it.

    `conditions` come from conditions/<service>.yaml (the one copy that trees ask), the
    other fields from the service's glossary entry."""

    for_whom: tuple[SourcedText, ...]
    conditions: tuple[Condition, ...]
    access: tuple[SourcedText, ...]
    includes: tuple[SourcedText, ...]
    duration: tuple[SourcedText, ...]
    cost: tuple[SourcedText, ...]
    languages: tuple[SourcedText, ...]
    provider: tuple[SourcedText, ...]
    follows: tuple[SourcedText, ...]

    def field(self, name: str) -> tuple[SourcedText, ...]:
        if name == "conditions":
            return tuple(c.rule for c in self.conditions)
        return getattr(self, name)

    def of_kind(self, kind: str) -> tuple[Condition, ...]:
        return tuple(c for c in self.conditions if c.kind == kind)


@dataclass(frozen=True)
class Concept:
    id: str
    terms: dict[str, Terms]
    definitions: tuple[SourcedText, ...]
    reviewed: Review
    loc: Location
    status: str = "valid"
    note: Text | None = None
    example: Text | None = None
    broader: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    confused_with: tuple[Confusable, ...] = ()
    legal_basis: tuple[LegalBasis, ...] = ()
    service: Service | None = None
    # The note and example again as statements when they name a source (and so may carry
    # a scope); `note` / `example` keep the plain text for everything that only reads it.
    note_statement: SourcedText | None = None
    example_statement: SourcedText | None = None

    @property
    def is_service(self) -> bool:
        return self.service is not None

    def term(self, lang: str) -> str:
        return self.terms[lang].preferred


# The answers of a question that asks a condition: their ids are part of the page address
# (#a=node:answer), so they never change; their labels are interface words.
YES, NO, NOT_SURE = "kylla", "ei", "en-tieda"


@dataclass(frozen=True)
class Answer:
    id: str
    label: Text
    next: str
    loc: Location


@dataclass(frozen=True)
class Question:
    """A question of a tree: either it asks one condition (`condition` set; answers yes, no,
    not sure), or it is a choice between options (`condition` None)."""

    id: str
    question: Text
    answers: tuple[Answer, ...]
    loc: Location
    condition: str | None = None
    rule: SourcedText | None = None
    help: Text | None = None


@dataclass(frozen=True)
class Outcome:
    id: str
    service: str
    loc: Location
    consult: bool = False


Node = Question | Outcome


@dataclass(frozen=True)
class DecisionTree:
    id: str
    title: Text
    introduction: Text
    sources: tuple[str, ...]
    root: str
    nodes: dict[str, Node]
    loc: Location
    root_line: int = 0

    def paths(self, limit: int | None = None) -> list[tuple[tuple[tuple[str, str], ...], str]] | None:
        """Every root-to-leaf path as ((node id, answer id), ...) and the outcome node id,
        or None when there are more than `limit`.

        Assumes a validated (acyclic) tree. Walks with a stack, not recursion: a long
        chain of questions must not exhaust Python's call stack.
        """
        found: list[tuple[tuple[tuple[str, str], ...], str]] = []
        stack: list[tuple[str, tuple[tuple[str, str], ...]]] = [(self.root, ())]
        while stack:
            node_id, steps = stack.pop()
            node = self.nodes[node_id]
            if isinstance(node, Outcome):
                found.append((steps, node_id))
                if limit is not None and len(found) > limit:
                    return None
                continue
            for answer in reversed(node.answers):
                stack.append((answer.next, (*steps, (node_id, answer.id))))
        return found


@dataclass(frozen=True)
class Phase:
    id: str
    title: Text
    points: tuple[SourcedText, ...]
    concepts: tuple[str, ...]
    loc: Location
    concept: str | None = None


@dataclass(frozen=True)
class ServicePath:
    """The phases of a service in order (service_paths/*.yaml)."""

    id: str
    title: Text
    introduction: Text
    sources: tuple[str, ...]
    phases: tuple[Phase, ...]
    loc: Location
    concepts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Measure:
    """One figure of a dataset: a share in percent or a count."""

    id: str
    label: Text
    value: float
    unit: str  # "percent" or "count"
    loc: Location
    estimate: bool = False


@dataclass(frozen=True)
class Dataset:
    """Figures that one source reports (datasets/*.yaml), drawn as charts at build time."""

    id: str
    title: Text
    source: str
    measures: tuple[Measure, ...]
    loc: Location
    as_of: str | None = None

    def of_unit(self, unit: str) -> list[Measure]:
        return [m for m in self.measures if m.unit == unit]


@dataclass
class Content:
    """All content of the handbook, validated."""

    root: Path
    languages: SiteLanguages
    sources: dict[str, Source]
    concepts: dict[str, Concept]
    trees: dict[str, DecisionTree]
    service_paths: dict[str, ServicePath] = field(default_factory=dict)
    datasets: dict[str, Dataset] = field(default_factory=dict)
    conditions: dict[str, Condition] = field(default_factory=dict)
    _indexed: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def conditions_of(self, service_id: str) -> list[Condition]:
        """The conditions of one service, in the order of its conditions file."""
        return list(self._index()[1].get(service_id, ()))

    def required(self, service_id: str) -> tuple[str, ...]:
        """The canonical ids of a service's required conditions (the gates a path to it
        must affirm), in the order of its conditions file."""
        return self._index()[2].get(service_id, ())

    def canonical(self, condition_id: str) -> str:
        """The condition that `same_as` points to: one fact about the client, one id."""
        condition = self.conditions.get(condition_id)
        return condition.same_as if condition and condition.same_as else condition_id

    @property
    def services(self) -> dict[str, Concept]:
        return dict(self._index()[0])

    def _index(self) -> tuple[dict[str, Concept], dict[str, list[Condition]], dict[str, tuple[str, ...]]]:
        """Services and conditions per service, worked out once: trees, pages and the path
        check ask for them per path and per page, and a scan of all concepts per question
        made validation quadratic (N = 2,000: 18 s of a 20 s load). The loader builds the
        content once and nothing changes it later; a new concept or condition (tests that
        assemble content) is noticed by the counts."""
        key = (len(self.concepts), len(self.conditions))
        if self._indexed is None or self._indexed[0] != key:
            services = {cid: c for cid, c in self.concepts.items() if c.is_service}
            by_service: dict[str, list[Condition]] = {}
            for condition in self.conditions.values():
                by_service.setdefault(condition.service, []).append(condition)
            required = {
                service: tuple(self.canonical(c.id) for c in listed if c.kind == "required")
                for service, listed in by_service.items()
            }
            self._indexed = (key, services, by_service, required)
        return self._indexed[1], self._indexed[2], self._indexed[3]

    def narrower(self, concept_id: str) -> list[Concept]:
        return [c for c in self.concepts.values() if concept_id in c.broader]

    def region(self, statement: SourcedText) -> Text | None:
        """The region whose practice a statement describes, else None. Taken from its
        source, so that a page labels it even where the statement's own `scope` is
        missing (the validator asks for it)."""
        source = self.sources.get(statement.source)
        return source.scope.region if source is not None and source.scope is not None else None

    def statements(self) -> list[SourcedText]:
        """Every sourced statement whose scope the validator checks: the glossary and the
        service paths. (A condition may not rest on one region's practice at all: the
        conditions check refuses it.)"""
        found: list[SourcedText] = []
        for concept in self.concepts.values():
            found += concept.definitions
            found += [s for s in (concept.note_statement, concept.example_statement) if s]
            if concept.service:
                for name in SERVICE_FIELDS:
                    if name != "conditions":
                        found += concept.service.field(name)
        for path in self.service_paths.values():
            for phase in path.phases:
                found += phase.points
        return found


@dataclass(frozen=True)
class TermException:
    """An allowed use of a not-recommended term (terminology_exceptions.yaml)."""

    file: str
    term: str
    reason: Text  # in every language of the site: the review page shows it in its own
    loc: Location
    lang: str | None = None
