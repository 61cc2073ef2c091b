"""The one way into the content: YAML files → checked → typed objects (handbook.model).

`load_content(root)` reads languages.yaml, sources.yaml, glossary/*.yaml,
decision_trees/*.yaml and datasets/*.yaml under `root`, reports every problem of every file in one run,
and returns the content only when there is none.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from handbook.contentcache import ContentCache
from handbook.model import (
    ENTRY_SERVICE_FIELDS,
    NO,
    NOT_SURE,
    SERVICE_FIELDS,
    YES,
    Answer,
    Concept,
    Condition,
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
    Scope,
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
from handbook.yamlsource import line_of, read_config, read_yaml

LANGUAGES_FILE = "languages.yaml"
SOURCES_FILE = "sources.yaml"
GLOSSARY_DIR = "glossary"
TREES_DIR = "decision_trees"
SERVICE_PATHS_DIR = "service_paths"
DATASETS_DIR = "datasets"
CONDITIONS_DIR = "conditions"
CONTENT_DIRS = (GLOSSARY_DIR, CONDITIONS_DIR, TREES_DIR, SERVICE_PATHS_DIR, DATASETS_DIR)
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
        files += folder_files(root, folder)[0]
    return files


def checked_files(root: Path) -> list[Path]:
    """Every file `load_content` reads: the content files and what the build reads besides
    (the exceptions, mkdocs.yml, the hand-written pages); a change to any is a reload."""
    from handbook.docpages import page_files

    return [*content_files(root), root / EXCEPTIONS_FILE, root / MKDOCS_FILE, *page_files(root)]


def _outside(file: Path, root: Path) -> Problem | None:
    """A link that leads out of the project: the site must not read files from elsewhere."""
    if file.is_symlink() and not file.resolve().is_relative_to(root.resolve()):
        return Problem(
            _shown(file, root),
            1,
            "this is a link to a file outside the project, which the site must not read; put "
            "a copy of the file here instead of the link.",
        )
    return None


def folder_files(root: Path, folder: str) -> tuple[list[Path], list[Problem]]:
    """The content files of one folder, and a problem for each entry that looks like one
    but is not read (so that no entry silently goes missing): another spelling of
    '.yaml', a folder, a link that leads nowhere or out of the project. Editors' hidden
    files ('.#x.yaml' locks, '.x.yaml.swp') and backups ('x.yaml~') are not content."""
    directory = root / folder
    files: list[Path] = []
    problems: list[Problem] = []
    if not directory.is_dir():
        return files, problems
    project = root.resolve()
    for entry in sorted(directory.iterdir()):
        name = entry.name
        if name.startswith((".", "#")) or name.endswith("~"):
            continue
        suffix = Path(name).suffix
        if suffix.lower() not in (".yaml", ".yml"):
            continue
        shown = _shown(entry, root)
        if suffix != ".yaml":
            problems.append(
                Problem(
                    shown,
                    1,
                    f"this file is not read: content files end in '.yaml'; rename it "
                    f"to {Path(name).stem}.yaml.",
                )
            )
            continue
        if entry.is_symlink():
            target = entry.resolve()
            if not target.exists():
                problems.append(
                    Problem(shown, 1, "this is a link to a file that does not exist; delete the link, "
                            "or put the file itself here.")
                )
                continue
            if not target.is_relative_to(project):
                problems.append(
                    Problem(shown, 1, "this is a link to a file outside the project, which the site must "
                            "not read; put a copy of the file here instead of the link.")
                )
                continue
        if entry.is_dir():
            problems.append(
                Problem(shown, 1, f"this is a folder, not a file; content files are files named "
                        f"<id>.yaml directly in {folder}/: rename the folder or move its files up.")
            )
            continue
        if not entry.is_file():
            problems.append(Problem(shown, 1, "this is not a regular file; replace it with a YAML file."))
            continue
        files.append(entry)
    return files, problems


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
            if lang not in self.languages and lang not in ("source", "note", "scope"):
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
        field = next((step for step in path if isinstance(step, str)), "")
        self.references.append(Reference(kind, target, self.loc(*path), field))
        return target

    def sourced(self, value: dict[str, Any], *path: Any) -> SourcedText:
        note = value.get("note")
        return SourcedText(
            text=self.text(value, *path),
            source=self.ref("source", value["source"], *path, "source"),
            loc=self.loc(*path),
            note=self.text(note, *path, "note") if note else None,
            scope=value.get("scope"),
        )

    def remark(self, value: dict[str, Any] | None, *path: Any) -> SourcedText | None:
        """A note or example that names its source, as a statement (else None)."""
        return self.sourced(value, *path) if value and "source" in value else None

    def optional_text(self, value: dict[str, str] | None, *path: Any) -> Text | None:
        return self.text(value, *path) if value else None


_TERM_KINDS = {
    "preferred": "the preferred term",
    "accepted": "an accepted term",
    "not_recommended": "a not-recommended term",
}


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
        for kind in ("preferred", "accepted", "not_recommended"):
            values = entry.get(kind, ())
            for i, term in enumerate([values] if kind == "preferred" else values):
                if not term.strip():
                    where = ["terms", lang, kind] if kind == "preferred" else ["terms", lang, kind, i]
                    b.problems.append(
                        Problem(
                            b.file,
                            line_of(b.data, where),
                            f"{_TERM_KINDS[kind]} ({lang}) is only spaces; write the term, or "
                            "delete the empty one.",
                        )
                    )
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
    if d["reviewed"]["date"] > dt.date.today().isoformat():
        b.problems.append(
            Problem(
                b.file,
                line_of(b.data, ["reviewed", "date"]),
                f"the review date {d['reviewed']['date']} is in the future; write the day the "
                "entry was last checked against its sources (today or earlier).",
            )
        )
    service = None
    if "service" in d:
        fields: dict[str, Any] = {"conditions": ()}  # from conditions/<id>.yaml, once all are read
        for name in ENTRY_SERVICE_FIELDS:
            value = d["service"][name]
            fields[name] = (
                ()
                if value == "not_stated"
                else tuple(b.sourced(v, "service", name, i) for i, v in enumerate(value))
            )
        service = Service(**fields)
    note_statement = b.remark(d.get("note"), "note")
    example_statement = b.remark(d.get("example"), "example")
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
        note=note_statement.text if note_statement else b.optional_text(d.get("note"), "note"),
        example=example_statement.text if example_statement else b.optional_text(d.get("example"), "example"),
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
        note_statement=note_statement,
        example_statement=example_statement,
    )


def _build_tree(b: _Builder, answer_words: dict[str, Text]) -> DecisionTree:
    """A tree as read; the questions that ask a condition get its question and rule
    later (`_with_conditions`), when every conditions file is read."""
    d = b.data
    nodes: dict[str, Node] = {}
    for node_id, n in d["nodes"].items():
        at = ("nodes", node_id)
        if "outcome" in n:
            nodes[node_id] = Outcome(
                id=node_id,
                service=b.ref("service", n["outcome"], *at, "outcome"),
                loc=b.loc(*at),
                consult=bool(n.get("consult", False)),
            )
        elif "options" in n:
            answers = [
                Answer(
                    id=o["id"],
                    label=b.text(o["label"], *at, "options", i, "label"),
                    next=o["next"],
                    loc=b.loc(*at, "options", i),
                )
                for i, o in enumerate(n["options"])
            ]
            unsure = Answer(NOT_SURE, answer_words[NOT_SURE], n["if_not_sure"], b.loc(*at, "if_not_sure"))
            answers.append(unsure)
            nodes[node_id] = Question(
                id=node_id,
                question=b.text(n["question"], *at, "question"),
                answers=tuple(answers),
                loc=b.loc(*at),
                help=b.optional_text(n.get("help"), *at, "help"),
            )
        else:
            nodes[node_id] = Question(
                id=node_id,
                question={},
                answers=tuple(
                    Answer(answer_id, answer_words[answer_id], n[key], b.loc(*at, key))
                    for answer_id, key in ((YES, "if_yes"), (NO, "if_no"), (NOT_SURE, "if_not_sure"))
                ),
                loc=b.loc(*at),
                condition=n["ask"],
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


def _build_conditions(b: _Builder) -> list[Condition]:
    d = b.data
    service = b.ref("service", d["service"], "service")
    conditions = []
    for i, c in enumerate(d["conditions"]):
        at = ("conditions", i)
        rule = b.sourced(c["rule"], *at, "rule") if "rule" in c else None
        if rule is None and "same_as" not in c:
            b.problems.append(
                Problem(
                    b.file,
                    b.loc(*at).line,
                    f"condition '{c['id']}' has no 'rule'; add 'rule:' with the condition as the "
                    "source states it (fi, en, source), or 'same_as:' naming the same condition "
                    "of another service.",
                )
            )
        if c["kind"] == "required" and "question" not in c and "same_as" not in c:
            b.problems.append(
                Problem(
                    b.file,
                    b.loc(*at).line,
                    f"condition '{c['id']}' is required but has no 'question'; add 'question:' "
                    "with what the worker asks (fi, en; e.g. 'Onko asiakas ...?').",
                )
            )
        if c["kind"] != "required" and ("question" in c or "help" in c):
            # A question nobody is shown would be a second, unchecked wording of the rule.
            b.problems.append(
                Problem(
                    b.file,
                    line_of(b.data, [*at, "question" if "question" in c else "help"]),
                    f"condition '{c['id']}' is {c['kind']}, so no tree asks it; remove its "
                    "'question' and 'help', or make it 'kind: required' if the source states it "
                    "as a gate.",
                )
            )
        conditions.append(
            Condition(
                id=c["id"],
                service=service,
                kind=c["kind"],
                # A same_as condition without its own words gets the other one's rule later.
                rule=rule or SourcedText(text={}, source="", loc=b.loc(*at)),
                loc=b.loc(*at),
                question=b.optional_text(c.get("question"), *at, "question"),
                help=b.optional_text(c.get("help"), *at, "help"),
                same_as=c.get("same_as"),
            )
        )
    return conditions


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
        if not math.isfinite(m["value"]):
            b.problems.append(
                Problem(
                    b.file,
                    b.loc("measures", i, "value").line,
                    f"'{m['value']}' is not a figure; write the number the source gives, e.g. 42.",
                )
            )
        elif m["unit"] == "percent" and m["value"] > 100:
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
            scope=Scope(s["scope"]["kind"], b.text(s["scope"]["region"], "sources", i, "scope", "region"))
            if "scope" in s
            else None,
        )
        for i, s in enumerate(b.data["sources"])
    ]


_PACKAGE = Path(__file__).resolve().parent
_WORD_CALL = re.compile(r"(?:\bt|\bhb_t|\binterface_word|\.word)\(([^()]*)\)")
_LITERAL = re.compile(r"[\"']([a-z][a-z_]*[a-z])[\"']")
_ISSUE = re.compile(r"\badd\(\s*\"([a-z_]+)\"")


@cache
def interface_words_needed() -> frozenset[str]:
    """Every interface word (languages.yaml) the templates and code ask for: the keys
    written in their calls of t(...), hb_t(...), interface_word(...) and .word(...), and
    those they build (service fields, flowchart words, review issues). A word missing from
    languages.yaml is reported by the check, not met as a crash in the middle of a build."""
    from handbook.rendering import FLOWCHART_WORDS  # rendering imports this module's users

    words: set[str] = {*SERVICE_FIELDS, *FLOWCHART_WORDS}
    words.discard("languages")  # the service field's heading is 'service_languages'
    sources = [*_PACKAGE.glob("*.py"), *(_PACKAGE / "templates").glob("*.j2")]
    overrides = _PACKAGE.parent.parent / "overrides"
    sources += sorted(overrides.rglob("*.html")) + sorted((overrides.parent / "hooks").glob("*.py"))
    for file in sources:
        text = file.read_text("utf-8")
        for call in _WORD_CALL.finditer(text):
            words.update(_LITERAL.findall(call.group(1)))
        if file.name == "review.py":
            words.update(f"issue_{issue}" for issue in _ISSUE.findall(text))
    return frozenset(words)


_DATE_FIELDS = ("day", "month", "year", "month_name")


def _date_format_problem(lang: dict[str, Any]) -> str | None:
    """What is wrong with a language's date_format, or None."""
    fmt = lang.get("date_format", Language.date_format)
    try:
        fields = [(name, spec) for _, name, spec, _ in string.Formatter().parse(fmt) if name is not None]
    except ValueError:
        return (
            f"the date_format '{fmt}' has an unmatched '{{' or '}}'; write placeholders such as "
            "{day}.{month}.{year}."
        )
    for name, spec in fields:
        if name not in _DATE_FIELDS or not re.fullmatch(r"(0?[0-9]d)?", spec or ""):
            return (
                f"the date_format '{fmt}' has the placeholder '{{{name}{':' + spec if spec else ''}}}', "
                "which is not known; use only {day}, {month}, {year} and {month_name} (and "
                "{month:02d} for two digits)."
            )
    if "month_name" in (name for name, _ in fields) and not lang.get("month_names"):
        return (
            "the date_format uses {month_name} but the language has no month_names; add "
            "'month_names: [January, ...]' with the twelve names."
        )
    return None


def load_languages(root: Path) -> tuple[SiteLanguages | None, list[Problem]]:
    file = root / LANGUAGES_FILE
    shown = _shown(file, root)
    if not file.exists():
        missing = (
            "languages.yaml is missing; run the command in the project folder (the one with "
            "glossary/ and decision_trees/), or name that folder with --root."
        )
        return None, [Problem(shown, 1, missing)]
    if outside := _outside(file, root):
        return None, [outside]
    data, problems = read_yaml(file, shown)
    if data is None:
        return None, problems
    problems += check_schema("languages", data, shown, root / SCHEMA_DIR)
    if problems:
        return None, problems
    codes = tuple(lang["code"] for lang in data["languages"])
    b = _Builder(shown, data, codes)
    first: dict[str, int] = {}
    for i, lang in enumerate(data["languages"]):
        line = line_of(data, ["languages", i, "code"])
        if lang["code"] in first:
            b.problems.append(
                Problem(
                    shown,
                    line,
                    f"the language '{lang['code']}' is listed twice (first on line "
                    f"{first[lang['code']]}); keep one of them.",
                )
            )
        first.setdefault(lang["code"], line)
        wrong = _date_format_problem(lang)
        if wrong:
            where = "date_format" if "date_format" in lang else "code"
            b.problems.append(Problem(shown, line_of(data, ["languages", i, where]), wrong))
    interface = {key: b.text(value, "interface", key) for key, value in data["interface"].items()}
    missing = sorted(interface_words_needed() - set(interface))
    if missing:
        b.problems.append(
            Problem(
                shown,
                line_of(data, ["interface"]),
                f"the interface words {', '.join(missing)} are missing; the site shows them, so "
                "add each under 'interface:' with every language, e.g. "
                f"{missing[0]}: {{fi: ..., en: ...}}.",
            )
        )
    site = SiteLanguages(
        languages=tuple(
            Language(
                code=lang["code"],
                name=lang["name"],
                alphabet=lang["alphabet"],
                date_format=lang.get("date_format", Language.date_format),
                month_names=tuple(lang.get("month_names", ())),
                stop_words=frozenset(word.lower() for word in lang.get("search_stop_words", ())),
            )
            for lang in data["languages"]
        ),
        interface=interface,
    )
    return site, b.problems


# Page names that each folder's own pages use (glossary/index, glossary/terms, ...): an
# entry with such an id would replace that page.
RESERVED_IDS = ("index", "terms")


def _check_id(item_id: str, file: Path, folder: str, b: _Builder) -> list[Problem]:
    """The id is the page address and must be the file's name, and not a page of its own."""
    line = b.loc("id").line
    if item_id in RESERVED_IDS:
        return [
            Problem(
                b.file,
                line,
                f"'{item_id}' cannot be an id: {folder}/{item_id}/ is the address of a page of "
                "the site itself, which this entry would replace; choose another id (and "
                "rename the file to match).",
            )
        ]
    if item_id != file.stem:
        return [
            Problem(
                b.file,
                line,
                f"the id '{item_id}' differs from the file name '{file.name}'; the id is the "
                f"page address: rename the file to {item_id}.yaml, or change the id to "
                f"'{file.stem}'.",
            )
        ]
    return []


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


@dataclass
class _FileResult:
    """One file's result, as the content cache keeps it: its object, the problems of
    reading it and of building it, and the ids it refers to."""

    item: Any  # None when unreadable or when it breaks its schema (and then built is False)
    read_problems: list[Problem]
    built_problems: list[Problem] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    built: bool = False
    id_problems: list[Problem] = field(default_factory=list)  # the id and the file's name
    unread_id: str | None = None  # a concept file that breaks its schema: its id


def _cache_salt(root: Path, site: SiteLanguages) -> str:
    """What every cached file result depends on besides the file itself: the code (every
    file of the package, so that no module that joins the work can be forgotten), the
    schemas, languages.yaml, and today's date: a file's check compares its review date
    with today, and the pages made from the content show how long ago it was reviewed."""
    from handbook import contentcache

    schemas = sorted((root / SCHEMA_DIR).glob("*.json"))
    return "-".join(
        [
            contentcache.code_fingerprint([], [root / LANGUAGES_FILE, *schemas]),
            contentcache.package_fingerprint(),
            *site.codes,
            dt.date.today().isoformat(),
        ]
    )


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

    # Entries whose file breaks its schema: every mention of them elsewhere would be
    # reported as unknown, sending the editor to the wrong file.
    unread_concepts: set[str] = set()
    # An unchanged file's object, problems and references come from the cache; what a
    # file's result means for the other files (unread concepts, conditions) is applied
    # below on every load, from the result, so that a hit and a miss do the same.
    cache = ContentCache.open(root, _cache_salt(root, site))

    def read(
        file: Path, kind: str, build: Callable[[_Builder], Any], folder: str | None = None
    ) -> _FileResult:
        shown = _shown(file, root)
        if outside := _outside(file, root):  # a link's target is not in the file's hash
            return _FileResult(None, [outside])

        def work() -> _FileResult:
            data, file_problems = read_yaml(file, shown)
            if data is None:
                return _FileResult(None, file_problems)
            schema_problems = check_schema(kind, data, shown, schema_dir)
            if schema_problems:
                unread = None
                if kind == "concept" and isinstance(data, dict) and isinstance(data.get("id"), str):
                    unread = data["id"]
                return _FileResult(None, [*file_problems, *schema_problems], unread_id=unread)
            b = _Builder(shown, data, site.codes)
            item = build(b)
            # `folder`: an entry with an id, which must be its file's name
            id_problems = _check_id(item.id, file, folder, b) if folder else []
            return _FileResult(item, file_problems, b.problems, b.references, True, id_problems)

        return cache.file(file, shown, kind, work)

    def finish(result: _FileResult) -> None:
        problems.extend(result.built_problems)
        # When sources.yaml cannot be read, every citation would be reported unknown;
        # the problem in sources.yaml is enough.
        references.extend(ref for ref in result.references if sources_read or ref.kind != "source")

    sources_file = root / SOURCES_FILE
    sources_read = False
    if not sources_file.exists():
        problems.append(Problem(Path(SOURCES_FILE), 1, "sources.yaml is missing."))
    else:
        result = read(sources_file, "sources", _build_sources)
        problems.extend(result.read_problems)
        if result.built:
            sources_read = True
            for source in result.item:
                if _register(sources_seen, "source", source.id, source.loc, problems):
                    sources[source.id] = source
            finish(result)

    answer_words = {
        YES: site.interface["answer_yes"],
        NO: site.interface["answer_no"],
        NOT_SURE: site.interface["answer_not_sure"],
    }
    conditions: dict[str, Condition] = {}
    # A conditions file that cannot be read (or a second file for one service, or a
    # same_as naming no condition) would make every tree asking those conditions report
    # them unknown or unasked: the problem in the conditions file is enough until it is
    # fixed, and the trees are proved on the next run.
    conditions_incomplete: list[Path] = []
    conditions_seen: dict[str, Location] = {}
    service_files: dict[str, Location] = {}

    def build_conditions(b: _Builder) -> tuple[str, Location, list[Condition]]:
        # Only what the file holds (it is cached); add_conditions joins it to the others.
        return b.data["service"], b.loc("service"), _build_conditions(b)

    def add_conditions(file: Path, built: tuple[str, Location, list[Condition]]) -> None:
        service, service_loc, listed = built
        # One file per service: two would split the one list a tree is checked against.
        if service in service_files:
            conditions_incomplete.append(file)
            first = service_files[service]
            problems.append(
                Problem(
                    service_loc.path,
                    service_loc.line,
                    f"service '{service}' has conditions in two files, {first.path} and "
                    f"{service_loc.path}; a service's conditions stand in one file, "
                    f"conditions/{service}.yaml: move them all there and delete the other file.",
                )
            )
            return
        service_files[service] = service_loc
        for condition in listed:
            if _register(conditions_seen, "condition", condition.id, condition.loc, problems):
                conditions[condition.id] = condition

    # Each folder of content files: its schema, how to build its objects, where they go.
    folders: tuple[tuple[str, str, str, Callable[[_Builder], Any], dict[str, Any]], ...] = (
        (GLOSSARY_DIR, "concept", "concept", _build_concept, concepts),
        (CONDITIONS_DIR, "conditions", "conditions", build_conditions, {}),
        (TREES_DIR, "decision_tree", "decision tree", lambda b: _build_tree(b, answer_words), trees),
        (SERVICE_PATHS_DIR, "service_path", "service path", _build_service_path, service_paths),
        (DATASETS_DIR, "dataset", "dataset", _build_dataset, datasets),
    )
    for folder, schema, word, build, into in folders:
        files, skipped = folder_files(root, folder)
        # Silently skipping one would leave an editor wondering where the entry went.
        problems.extend(skipped)
        if folder == CONDITIONS_DIR and skipped:
            # A conditions file not read (a link out, a folder, .YAML): its conditions are
            # unknown, not missing, so the trees are proved once it is read.
            conditions_incomplete.append(root / CONDITIONS_DIR)
        ids_seen: dict[str, Location] = {}
        for file in files:
            # A conditions file holds a list, not one item with an id.
            result = read(file, schema, build, None if folder == CONDITIONS_DIR else folder)
            problems.extend(result.read_problems)
            if result.unread_id is not None:
                unread_concepts.add(result.unread_id)
            if not result.built:
                if folder == CONDITIONS_DIR:
                    conditions_incomplete.append(file)
                continue
            if folder == CONDITIONS_DIR:
                add_conditions(file, result.item)
            else:
                item = result.item
                problems.extend(result.id_problems)
                if _register(ids_seen, word, item.id, item.loc, problems):
                    into[item.id] = item
            finish(result)

    cache.save()
    before = len(problems)
    conditions = _resolve_same_as(conditions, problems)
    if len(problems) > before:
        conditions_incomplete.append(root / CONDITIONS_DIR)
    concepts = _with_service_conditions(concepts, conditions)
    trees = {tree_id: _with_conditions(tree, conditions) for tree_id, tree in trees.items()}
    content = Content(root, site, sources, concepts, trees, service_paths, datasets, conditions)
    references = [r for r in references if r.kind == "source" or r.target not in unread_concepts]
    problems.extend(check_content(content, references, prove_trees=not conditions_incomplete))
    # What the build reads besides the YAML: checked here too, so that `handbook validate`
    # passes only what the build builds right. Not cached: read on every load.
    problems.extend(check_site_config(root, site.codes))
    try:
        exceptions = load_term_exceptions(root)
    except ContentError as error:
        problems.extend(error.problems)
    else:
        problems.extend(_check_term_exceptions(exceptions, site.codes))
    if not problems:  # the pages' blocks draw on the content: only on content without problems
        from handbook.docpages import check_pages  # blocks render with the templates

        problems.extend(check_pages(content))
    if problems:
        raise ContentError(problems)
    return content


def _resolve_same_as(conditions: dict[str, Condition], problems: list[Problem]) -> dict[str, Condition]:
    """A `same_as` condition takes the question (and, without words of its own, the rule)
    of the condition it names; that one must exist and be no `same_as` itself."""
    resolved = {}
    for cid, condition in conditions.items():
        if condition.same_as is None:
            resolved[cid] = condition
            continue
        target = conditions.get(condition.same_as)
        if target is None or target.same_as is not None or target.id == cid:
            if target is None:
                why = "there is no condition with that id"
            elif target.id == cid:
                why = "that is this condition itself"
            else:
                why = f"'{target.id}' is itself 'same_as: {target.same_as}': name '{target.same_as}' directly"

            problems.append(
                Problem(
                    condition.loc.path,
                    condition.loc.line,
                    f"condition '{cid}' is 'same_as: {condition.same_as}', but {why}; fix the id "
                    "after 'same_as:' (the id of a condition in another conditions file).",
                )
            )
            # Its own fact until fixed: nothing may look up the id that is not there.
            resolved[cid] = replace(condition, same_as=None)
            continue
        resolved[cid] = replace(
            condition,
            question=target.question,
            help=condition.help or target.help,
            rule=condition.rule if condition.rule.text else target.rule,
        )
    return resolved


def _with_service_conditions(
    concepts: dict[str, Concept], conditions: dict[str, Condition]
) -> dict[str, Concept]:
    by_service: dict[str, list[Condition]] = {}
    for condition in conditions.values():
        by_service.setdefault(condition.service, []).append(condition)
    return {
        cid: replace(concept, service=replace(concept.service, conditions=tuple(by_service[cid])))
        if concept.service is not None and cid in by_service
        else concept
        for cid, concept in concepts.items()
    }


def _with_conditions(tree: DecisionTree, conditions: dict[str, Condition]) -> DecisionTree:
    """Questions that ask a condition show its question and rule: the one copy."""
    nodes: dict[str, Node] = {}
    for node_id, node in tree.nodes.items():
        condition = conditions.get(node.condition) if isinstance(node, Question) and node.condition else None
        if condition is not None and condition.question:
            node = replace(node, question=condition.question, rule=condition.rule, help=condition.help)
        nodes[node_id] = node
    return replace(tree, nodes=nodes)


MKDOCS_FILE = "mkdocs.yml"


def language_mismatch(built: list[str], default: str | None, codes: tuple[str, ...]) -> str | None:
    """What differs between the languages mkdocs.yml builds and languages.yaml, or None."""
    if list(built) != list(codes):
        return (
            f"mkdocs.yml builds the languages {list(built)} but languages.yaml lists "
            f"{list(codes)}; make the two lists the same, in the same order."
        )
    if default != codes[0]:
        return (
            f"mkdocs.yml makes '{default}' the default language, but languages.yaml lists "
            f"'{codes[0]}' first (the default, built at the site root); mark '{codes[0]}' "
            "'default: true' in mkdocs.yml, or reorder languages.yaml."
        )
    return None


def check_site_config(root: Path, codes: tuple[str, ...]) -> list[Problem]:
    """mkdocs.yml's i18n languages against languages.yaml (when the project has one)."""
    file = root / MKDOCS_FILE
    if not file.is_file():
        return []
    data, problems = read_config(file, Path(MKDOCS_FILE))
    if data is None or problems:
        return problems
    plugins = data.get("plugins") if isinstance(data, dict) else None
    for i, plugin in enumerate(plugins if isinstance(plugins, list) else []):
        if not (isinstance(plugin, dict) and isinstance(plugin.get("i18n"), dict)):
            continue
        languages = plugin["i18n"].get("languages")
        if not isinstance(languages, list):
            return []
        entries = [lang for lang in languages if isinstance(lang, dict)]
        built = [str(lang.get("locale")) for lang in entries if lang.get("build", True) is not False]
        defaults = [str(lang.get("locale")) for lang in entries if lang.get("default") is True]
        wrong = language_mismatch(built, defaults[0] if defaults else None, codes)
        if wrong:
            return [Problem(Path(MKDOCS_FILE), line_of(data, ["plugins", i, "i18n", "languages"]), wrong)]
    return []


def _check_term_exceptions(exceptions: list[TermException], codes: tuple[str, ...]) -> list[Problem]:
    return [
        Problem(
            e.loc.path,
            e.loc.line,
            f"'{e.lang}' is not a language of the site (languages.yaml); use one of "
            f"{', '.join(codes)}, or remove 'lang:' to allow the term in every language.",
        )
        for e in exceptions
        if e.lang is not None and e.lang not in codes
    ]


def load_term_exceptions(root: Path, languages: tuple[str, ...] | None = None) -> list[TermException]:
    """The allowed uses of not-recommended terms; none when the file does not exist.
    Each reason is a text in every language of the site (`languages`; by default those
    of languages.yaml), like every other text.

    Raises ContentError when the file is malformed.
    """
    root = Path(root)
    file = root / EXCEPTIONS_FILE
    if not file.exists():
        return []
    if languages is None:
        site, language_problems = load_languages(root)
        if site is None:
            raise ContentError(language_problems)
        languages = site.codes
    shown = _shown(file, root)
    if outside := _outside(file, root):
        raise ContentError([outside])
    data, problems = read_yaml(file, shown)
    if data is None:
        raise ContentError(problems)
    problems += check_schema("terminology_exceptions", data, shown, root / SCHEMA_DIR)
    if problems:
        raise ContentError(problems)
    builder = _Builder(shown, data, languages)
    exceptions = [
        TermException(
            file=e["file"],
            term=e["term"].strip(),
            reason=builder.text(
                e["reason"], "exceptions", i, "reason", what=f"the reason of exception {i + 1}"
            ),
            loc=Location(shown, line_of(data, ["exceptions", i])),
            lang=e.get("lang"),
        )
        for i, e in enumerate(data["exceptions"])
    ]
    if builder.problems:
        raise ContentError(builder.problems)
    return exceptions
