"""The one way into the content: YAML files → checked → typed objects (handbook.model).

`load_content(root)` reads languages.yaml, sources.yaml, glossary/*.yaml,
decision_trees/*.yaml and datasets/*.yaml under `root`, reports every problem of every file in one run,
and returns the content only when there is none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handbook.contentcache import ContentCache
from handbook.model import (
    SERVICE_FIELDS,
    Answer,
    Concept,
    Confusable,
    Content,
    Dataset,
    DecisionTree,
    Language,
    LegalBasis,
    Location,
    Measure,
    Node,
    Outcome,
    Phase,
    Problem,
    Question,
    Reference,
    Review,
    Service,
    ServicePath,
    SiteLanguages,
    Source,
    SourcedText,
    TermException,
    Terms,
    Text,
)
from handbook.validation import check_content, check_schema, place
from handbook.yamlsource import line_of, read_yaml

LANGUAGES_FILE = "languages.yaml"
SOURCES_FILE = "sources.yaml"
GLOSSARY_DIR = "glossary"
TREES_DIR = "decision_trees"
SERVICE_PATHS_DIR = "service_paths"
DATASETS_DIR = "datasets"
CONTENT_DIRS = (GLOSSARY_DIR, TREES_DIR, SERVICE_PATHS_DIR, DATASETS_DIR)
SCHEMA_DIR = "schemas"
EXCEPTIONS_FILE = "terminology_exceptions.yaml"


class ContentError(Exception):
    """The content has problems; `problems` lists all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(format_problems(problems))


def format_problems(problems: list[Problem]) -> str:
    count = len(problems)
    lines = [str(p) for p in sorted(problems, key=lambda p: (str(p.path), p.line))]
    lines.append(f"{count} problem{'s' if count != 1 else ''} in the content.")
    return "\n".join(lines)


def content_files(root: Path) -> list[Path]:
    """Every file the content is made of; what `mkdocs serve` watches and the cache keys on."""
    files = [root / LANGUAGES_FILE, root / SOURCES_FILE]
    for folder in CONTENT_DIRS:
        files += sorted((root / folder).glob("*.yaml"))
    return files


@dataclass
class _Builder:
    """Turns schema-checked data of one file into model objects, noting problems."""

    file: Path
    data: Any
    languages: tuple[str, ...]
    problems: list[Problem] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)

    def loc(self, *path: Any) -> Location:
        return Location(self.file, line_of(self.data, path))

    def text(self, value: dict[str, str], *path: Any, what: str = "") -> Text:
        """A text in every language of the site; missing or empty ones are problems."""
        label = what or place(list(path))
        names = {"fi": "Finnish", "en": "English", "sv": "Swedish"}
        for lang in self.languages:
            if not str(value.get(lang) or "").strip():
                name = names.get(lang, lang)
                self.problems.append(
                    Problem(
                        self.file,
                        line_of(self.data, [*path, lang]) if lang in value else self.loc(*path).line,
                        f"the {name} text of {label} is missing or empty; add '{lang}: ...' to it.",
                    )
                )
        for lang in value:
            if lang not in self.languages and lang not in ("source", "note"):
                self.problems.append(
                    Problem(
                        self.file,
                        line_of(self.data, [*path, lang]),
                        f"'{lang}' is not a language of the site (languages.yaml); "
                        "remove it or add the language there.",
                    )
                )
        return {lang: str(value.get(lang) or "").strip() for lang in self.languages}

    def ref(self, kind: str, target: str, *path: Any) -> str:
        self.references.append(Reference(kind, target, self.loc(*path)))
        return target

    def sourced(self, value: dict[str, Any], *path: Any) -> SourcedText:
        note = value.get("note")
        return SourcedText(
            text=self.text(value, *path),
            source=self.ref("source", value["source"], *path, "source"),
            loc=self.loc(*path),
            note=self.text(note, *path, "note") if note else None,
        )

    def optional_text(self, value: dict[str, str] | None, *path: Any) -> Text | None:
        return self.text(value, *path) if value else None


def _build_concept(b: _Builder) -> Concept:
    d = b.data
    terms: dict[str, Terms] = {}
    for lang in b.languages:
        entry = d["terms"].get(lang)
        if entry is None:
            b.problems.append(
                Problem(
                    b.file,
                    b.loc("terms").line,
                    f"'terms' has no '{lang}' block; add '{lang}:' with a line 'preferred: ...' "
                    "under it.",
                )
            )
            continue
        terms[lang] = Terms(
            preferred=entry["preferred"].strip(),
            accepted=tuple(t.strip() for t in entry.get("accepted", ())),
            not_recommended=tuple(t.strip() for t in entry.get("not_recommended", ())),
        )
    for lang in d["terms"]:
        if lang not in b.languages:
            b.problems.append(
                Problem(
                    b.file,
                    line_of(b.data, ["terms", lang]),
                    f"'{lang}' is not a language of the site (languages.yaml); "
                    "remove it or add the language there.",
                )
            )
    service = None
    if "service" in d:
        fields = {}
        for name in SERVICE_FIELDS:
            value = d["service"][name]
            fields[name] = (
                ()
                if value == "not_stated"
                else tuple(b.sourced(v, "service", name, i) for i, v in enumerate(value))
            )
        service = Service(**fields)
    return Concept(
        id=d["id"],
        terms=terms,
        definitions=tuple(b.sourced(v, "definitions", i) for i, v in enumerate(d["definitions"])),
        reviewed=Review(
            date=d["reviewed"]["date"],
            against=tuple(
                b.ref("source", s, "reviewed", "against", i) for i, s in enumerate(d["reviewed"]["against"])
            ),
        ),
        loc=b.loc(),
        status=d.get("status", "valid"),
        note=b.optional_text(d.get("note"), "note"),
        example=b.optional_text(d.get("example"), "example"),
        broader=tuple(b.ref("concept", c, "broader", i) for i, c in enumerate(d.get("broader", ()))),
        related=tuple(b.ref("concept", c, "related", i) for i, c in enumerate(d.get("related", ()))),
        confused_with=tuple(
            Confusable(
                concept=b.ref("concept", c["concept"], "confused_with", i, "concept"),
                loc=b.loc("confused_with", i),
                difference=b.optional_text(c.get("difference"), "confused_with", i, "difference"),
            )
            for i, c in enumerate(d.get("confused_with", ()))
        ),
        legal_basis=tuple(
            LegalBasis(
                law=b.text(lb["law"], "legal_basis", i, "law"),
                section=lb["section"],
                source=b.ref("source", lb["source"], "legal_basis", i, "source"),
                loc=b.loc("legal_basis", i),
                url=lb.get("url"),
            )
            for i, lb in enumerate(d.get("legal_basis", ()))
        ),
        service=service,
    )


def _build_tree(b: _Builder) -> DecisionTree:
    d = b.data
    nodes: dict[str, Node] = {}
    for node_id, n in d["nodes"].items():
        if "outcome" in n:
            nodes[node_id] = Outcome(
                id=node_id,
                service=b.ref("service", n["outcome"], "nodes", node_id, "outcome"),
                why=b.sourced(n["why"], "nodes", node_id, "why"),
                loc=b.loc("nodes", node_id),
                consult=bool(n.get("consult", False)),
            )
        else:
            nodes[node_id] = Question(
                id=node_id,
                question=b.text(n["question"], "nodes", node_id, "question"),
                rule=b.sourced(n["rule"], "nodes", node_id, "rule"),
                answers=tuple(
                    Answer(
                        id=a["id"],
                        label=b.text(a["label"], "nodes", node_id, "answers", i, "label"),
                        next=a["next"],
                        loc=b.loc("nodes", node_id, "answers", i),
                    )
                    for i, a in enumerate(n["answers"])
                ),
                loc=b.loc("nodes", node_id),
                help=b.optional_text(n.get("help"), "nodes", node_id, "help"),
            )
    return DecisionTree(
        id=d["id"],
        title=b.text(d["title"], "title"),
        introduction=b.text(d["introduction"], "introduction"),
        sources=tuple(b.ref("source", s, "sources", i) for i, s in enumerate(d["sources"])),
        root=d["root"],
        nodes=nodes,
        loc=b.loc(),
        root_line=b.loc("root").line,
    )


def _build_service_path(b: _Builder) -> ServicePath:
    d = b.data
    return ServicePath(
        id=d["id"],
        title=b.text(d["title"], "title"),
        introduction=b.text(d["introduction"], "introduction"),
        sources=tuple(b.ref("source", s, "sources", i) for i, s in enumerate(d["sources"])),
        concepts=tuple(b.ref("concept", c, "concepts", i) for i, c in enumerate(d.get("concepts", ()))),
        phases=tuple(
            Phase(
                id=p["id"],
                title=b.text(p["title"], "phases", i, "title"),
                points=tuple(b.sourced(pt, "phases", i, "points", j) for j, pt in enumerate(p["points"])),
                concepts=tuple(
                    b.ref("concept", c, "phases", i, "concepts", j) for j, c in enumerate(p["concepts"])
                ),
                loc=b.loc("phases", i),
                concept=b.ref("concept", p["concept"], "phases", i, "concept") if "concept" in p else None,
            )
            for i, p in enumerate(d["phases"])
        ),
        loc=b.loc(),
    )


def _build_dataset(b: _Builder) -> Dataset:
    d = b.data
    measures = []
    seen: set[str] = set()
    for i, m in enumerate(d["measures"]):
        loc = b.loc("measures", i)
        if m["id"] in seen:
            b.problems.append(
                Problem(b.file, loc.line, f"the measure id '{m['id']}' is used twice; rename one of them.")
            )
        seen.add(m["id"])
        if m["unit"] == "percent" and m["value"] > 100:
            b.problems.append(
                Problem(
                    b.file,
                    b.loc("measures", i, "value").line,
                    f"a percentage cannot be {m['value']}; give a value from 0 to 100 or use 'unit: count'.",
                )
            )
        measures.append(
            Measure(
                id=m["id"],
                label=b.text(m["label"], "measures", i, "label"),
                value=m["value"],
                unit=m["unit"],
                loc=loc,
                estimate=bool(m.get("estimate", False)),
            )
        )
    return Dataset(
        id=d["id"],
        title=b.text(d["title"], "title"),
        source=b.ref("source", d["source"], "source"),
        measures=tuple(measures),
        loc=b.loc(),
        as_of=d.get("as_of"),
    )


def _build_sources(b: _Builder) -> list[Source]:
    return [
        Source(
            id=s["id"],
            citation=s["citation"],
            loc=b.loc("sources", i),
            date=s.get("date"),
            url=s.get("url"),
            quoted_in=b.ref("source", s["quoted_in"], "sources", i, "quoted_in")
            if "quoted_in" in s
            else None,
            note=b.optional_text(s.get("note"), "sources", i, "note"),
        )
        for i, s in enumerate(b.data["sources"])
    ]


def load_languages(root: Path) -> tuple[SiteLanguages | None, list[Problem]]:
    file = root / LANGUAGES_FILE
    shown = _shown(file, root)
    if not file.exists():
        missing = (
            "languages.yaml is missing; run the command in the project folder (the one with "
            "glossary/ and decision_trees/), or name that folder with --root."
        )
        return None, [Problem(shown, 1, missing)]
    data, problems = read_yaml(file, shown)
    if data is None:
        return None, problems
    problems += check_schema("languages", data, shown, root / SCHEMA_DIR)
    if problems:
        return None, problems
    codes = tuple(lang["code"] for lang in data["languages"])
    b = _Builder(shown, data, codes)
    interface = {key: b.text(value, "interface", key) for key, value in data["interface"].items()}
    site = SiteLanguages(
        languages=tuple(
            Language(
                code=lang["code"],
                name=lang["name"],
                alphabet=lang["alphabet"],
                date_format=lang.get("date_format", Language.date_format),
                month_names=tuple(lang.get("month_names", ())),
            )
            for lang in data["languages"]
        ),
        interface=interface,
    )
    return site, b.problems


def _shown(path: Path, root: Path) -> Path:
    try:
        return path.relative_to(root)
    except ValueError:
        return path


def _register(
    seen: dict[str, Location], kind: str, item_id: str, loc: Location, problems: list[Problem]
) -> bool:
    """Note an id; report it when another file (or entry) already uses it."""
    if item_id in seen:
        problems.append(
            Problem(
                loc.path,
                loc.line,
                f"the {kind} id '{item_id}' is already used at {seen[item_id]}; every id "
                "must be unique: rename one of them.",
            )
        )
        return False
    seen[item_id] = loc
    return True


# One file's result: its object (None when unreadable), the problems of reading it and
# of building it, and the ids it refers to.
_FileResult = tuple[Any, list[Problem], list[Problem], list[Reference]]


def _cache_salt(root: Path, site: SiteLanguages) -> str:
    """What every cached file result depends on besides the file itself: the code that
    reads, checks and builds one file (a module that joins that work must be listed here),
    the schemas and languages.yaml."""
    from handbook import contentcache, loading, model, validation, yamlsource

    schemas = sorted((root / SCHEMA_DIR).glob("*.json"))
    return contentcache.code_fingerprint(
        [loading, model, validation, yamlsource, contentcache], [root / LANGUAGES_FILE, *schemas]
    ) + "-" + "-".join(site.codes)


def load_content(root: Path) -> Content:
    """Load and check all content under `root`. Raises ContentError listing every problem."""
    root = Path(root)
    site, problems = load_languages(root)
    if site is None:
        raise ContentError(problems)
    schema_dir = root / SCHEMA_DIR
    references: list[Reference] = []
    sources: dict[str, Source] = {}
    concepts: dict[str, Concept] = {}
    trees: dict[str, DecisionTree] = {}
    sources_seen: dict[str, Location] = {}
    service_paths: dict[str, ServicePath] = {}
    datasets: dict[str, Dataset] = {}

    # An unchanged file's object, problems and references come from the cache.
    cache = ContentCache.open(root, _cache_salt(root, site))

    def read(file: Path, kind: str, build: Callable[[_Builder], Any]) -> _FileResult:
        shown = _shown(file, root)

        def work() -> _FileResult:
            data, file_problems = read_yaml(file, shown)
            if data is None:
                return None, file_problems, [], []
            schema_problems = check_schema(kind, data, shown, schema_dir)
            if schema_problems:
                return None, [*file_problems, *schema_problems], [], []
            b = _Builder(shown, data, site.codes)
            return build(b), file_problems, b.problems, b.references

        return cache.file(file, shown, kind, work)

    def finish(built_problems: list[Problem], built_references: list[Reference]) -> None:
        problems.extend(built_problems)
        # When sources.yaml cannot be read, every citation would be reported unknown;
        # the problem in sources.yaml is enough.
        references.extend(ref for ref in built_references if sources_read or ref.kind != "source")

    sources_file = root / SOURCES_FILE
    sources_read = False
    if not sources_file.exists():
        problems.append(Problem(Path(SOURCES_FILE), 1, "sources.yaml is missing."))
    else:
        listed, read_problems, built_problems, built_references = read(
            sources_file, "sources", _build_sources
        )
        problems.extend(read_problems)
        if listed is not None:
            sources_read = True
            for source in listed:
                if _register(sources_seen, "source", source.id, source.loc, problems):
                    sources[source.id] = source
            finish(built_problems, built_references)

    # Each folder of content files: its schema, how to build its objects, where they go.
    folders: tuple[tuple[str, str, str, Callable[[_Builder], Any], dict[str, Any]], ...] = (
        (GLOSSARY_DIR, "concept", "concept", _build_concept, concepts),
        (TREES_DIR, "decision_tree", "decision tree", _build_tree, trees),
        (SERVICE_PATHS_DIR, "service_path", "service path", _build_service_path, service_paths),
        (DATASETS_DIR, "dataset", "dataset", _build_dataset, datasets),
    )
    for folder, schema, word, build, into in folders:
        for file in sorted((root / folder).glob("*.yml")):
            # Silently skipping it would leave an editor wondering where the entry went.
            problems.append(
                Problem(
                    _shown(file, root),
                    1,
                    f"this file is not read: content files end in '.yaml'; rename it to "
                    f"{file.stem}.yaml.",
                )
            )
        ids_seen: dict[str, Location] = {}
        for file in sorted((root / folder).glob("*.yaml")):
            item, read_problems, built_problems, built_references = read(file, schema, build)
            problems.extend(read_problems)
            if item is not None:
                if _register(ids_seen, word, item.id, item.loc, problems):
                    into[item.id] = item
                finish(built_problems, built_references)

    cache.save()
    content = Content(root, site, sources, concepts, trees, service_paths, datasets)
    problems.extend(check_content(content, references))
    if problems:
        raise ContentError(problems)
    return content


def load_term_exceptions(root: Path) -> list[TermException]:
    """The allowed uses of not-recommended terms; none when the file does not exist.

    Raises ContentError when the file is malformed.
    """
    root = Path(root)
    file = root / EXCEPTIONS_FILE
    if not file.exists():
        return []
    shown = _shown(file, root)
    data, problems = read_yaml(file, shown)
    if data is None:
        raise ContentError(problems)
    problems += check_schema("terminology_exceptions", data, shown, root / SCHEMA_DIR)
    if problems:
        raise ContentError(problems)
    return [
        TermException(
            file=e["file"],
            term=e["term"].strip(),
            reason=e["reason"].strip(),
            loc=Location(shown, line_of(data, ["exceptions", i])),
            lang=e.get("lang"),
        )
        for i, e in enumerate(data["exceptions"])
    ]
