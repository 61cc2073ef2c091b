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


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    alphabet: str
    date_format: str = "{year}-{month:02d}-{day:02d}"
    month_names: tuple[str, ...] = ()

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
class Source:
    id: str
    citation: str
    loc: Location
    date: str | None = None
    url: str | None = None
    quoted_in: str | None = None
    note: Text | None = None


@dataclass(frozen=True)
class SourcedText:
    """A statement in every language with the id of the source that states it."""

    text: Text
    source: str
    loc: Location
    note: Text | None = None


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


@dataclass(frozen=True)
class Service:
    """What a service page needs. An empty tuple means the sources do not state it."""

    for_whom: tuple[SourcedText, ...]
    conditions: tuple[SourcedText, ...]
    access: tuple[SourcedText, ...]
    includes: tuple[SourcedText, ...]
    duration: tuple[SourcedText, ...]
    cost: tuple[SourcedText, ...]
    languages: tuple[SourcedText, ...]
    provider: tuple[SourcedText, ...]
    follows: tuple[SourcedText, ...]

    def field(self, name: str) -> tuple[SourcedText, ...]:
        return getattr(self, name)


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

    @property
    def is_service(self) -> bool:
        return self.service is not None

    def term(self, lang: str) -> str:
        return self.terms[lang].preferred


@dataclass(frozen=True)
class Answer:
    id: str
    label: Text
    next: str
    loc: Location


@dataclass(frozen=True)
class Question:
    id: str
    question: Text
    rule: SourcedText
    answers: tuple[Answer, ...]
    loc: Location
    help: Text | None = None


@dataclass(frozen=True)
class Outcome:
    id: str
    service: str
    why: SourcedText
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

    def paths(self) -> list[tuple[tuple[tuple[str, str], ...], str]]:
        """Every root-to-leaf path as ((node id, answer id), ...) and the outcome node id.

        Assumes a validated (acyclic) tree.
        """
        found: list[tuple[tuple[tuple[str, str], ...], str]] = []

        def walk(node_id: str, steps: tuple[tuple[str, str], ...]) -> None:
            node = self.nodes[node_id]
            if isinstance(node, Outcome):
                found.append((steps, node_id))
                return
            for answer in node.answers:
                walk(answer.next, (*steps, (node_id, answer.id)))

        walk(self.root, ())
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

    @property
    def services(self) -> dict[str, Concept]:
        return {cid: c for cid, c in self.concepts.items() if c.is_service}

    def narrower(self, concept_id: str) -> list[Concept]:
        return [c for c in self.concepts.values() if concept_id in c.broader]


@dataclass(frozen=True)
class TermException:
    """An allowed use of a not-recommended term (terminology_exceptions.yaml)."""

    file: str
    term: str
    reason: Text  # in every language of the site: the review page shows it in its own
    loc: Location
    lang: str | None = None
