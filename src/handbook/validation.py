"""Every check of the content, each reported as `file:line: what is wrong, and how to fix it`.

Two layers: the JSON Schemas in `schemas/` check the shape of each file (the same
schemas editors get in their editor), and the checks below look across files: ids,
references, and the graph of each decision tree.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from handbook.eligibility import check_conditions, check_tree_conditions
from handbook.model import (
    NO,
    NOT_SURE,
    YES,
    Answer,
    Content,
    DecisionTree,
    Outcome,
    Problem,
    Question,
    Reference,
    ServicePath,
)
from handbook.yamlsource import line_of

# A worker in a meeting answers at most this many questions before a result.
MAX_TREE_DEPTH = 8

SCHEMA_FILES = {
    "concept": "concept.schema.json",
    "decision_tree": "decision_tree.schema.json",
    "sources": "sources.schema.json",
    "languages": "languages.schema.json",
    "dataset": "dataset.schema.json",
    "terminology_exceptions": "terminology_exceptions.schema.json",
    "service_path": "service_path.schema.json",
    "conditions": "conditions.schema.json",
}

_KIND_WORDS = {
    "string": "a text",
    "array": "a list (lines starting with '- ')",
    "object": "a block of 'name: value' lines",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
}


def _schema_stamp(schema_dir: Path) -> tuple:
    """The schema files as they are now: the compiled validators are kept per version, so
    that a schema edited while `mkdocs serve` runs checks with the new rules."""
    files = sorted(schema_dir.glob("*.schema.json"))
    return tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files)


@cache
def _validators(schema_dir: Path, stamp: tuple = ()) -> dict[str, Draft202012Validator]:
    resources = {}
    for file in schema_dir.glob("*.schema.json"):
        resources[file.name] = Resource.from_contents(json.loads(file.read_text("utf-8")))
    registry: Registry = Registry().with_resources(resources.items())
    # The format checker makes "format": "date" reject dates that do not exist (2026-13-45).
    return {
        kind: Draft202012Validator(
            resources[name].contents, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        for kind, name in SCHEMA_FILES.items()
    }


def place(path: list[Any]) -> str:
    """Where a value stands, in words: 'reviewed', 'item 2 of definitions', 'this file'."""
    if not path:
        return "this file"
    key = next((str(step) for step in reversed(path) if isinstance(step, str)), "")
    if isinstance(path[-1], int):
        return f"item {path[-1] + 1} of '{key}'" if key else f"item {path[-1] + 1}"
    return f"'{key}'"


# Fields of a tree node before conditions moved to conditions/*.yaml, and what replaced them.
_OLD_NODE_FIELDS = {
    "answers": (
        "'answers' is the old form of a question. A question now asks one condition "
        "('ask: <condition id>' with 'if_yes', 'if_no' and 'if_not_sure'), or is a choice "
        "('question', 'options' each with id, label and next, and 'if_not_sure')."
    ),
    "rule": (
        "a tree no longer states rules: the rule, its source and the question come from the "
        "condition the node asks ('ask: <condition id>', conditions/*.yaml). Delete 'rule' here."
    ),
    "why": (
        "an outcome no longer has a hand-written 'why': the result explains itself from the "
        "conditions asked on its path. Delete 'why' here."
    ),
}


def _is_old_node(path: list[Any], instance: Any) -> bool:
    return len(path) == 2 and path[0] == "nodes" and isinstance(instance, dict) and "answers" in instance


def _describe(error: ValidationError, data: Any = None) -> Iterator[tuple[list[Any], str]]:
    """Turn one jsonschema error into messages an editor can act on (`data`: the whole
    file, for messages that name its id)."""
    path = list(error.absolute_path)
    field = place(path)
    keyword = error.validator
    value = _short(error.instance)  # quoted in messages: one line, and short
    if "propertyNames" in error.absolute_schema_path:
        # A key that is an id (a node of a tree): point at the key itself.
        yield (
            [*path, error.instance],
            f"'{value}' is not a valid id: use lower-case letters a-z, digits and "
            "hyphens only, e.g. 'kysymys-1'.",
        )
        return
    if _is_old_node(path, error.instance) and keyword in ("required", "additionalProperties"):
        # A node in the form before conditions: one message on 'answers' (and on 'rule',
        # 'why') says what replaced it; "missing 'ask'" and the like would only add noise.
        if keyword == "additionalProperties":
            for name in sorted(set(error.instance) & set(_OLD_NODE_FIELDS)):
                yield [*path, name], _OLD_NODE_FIELDS[name]
        return
    if keyword == "required":
        missing = error.message.split("'")[1]
        yield path, f"{field} is missing '{missing}'; add a line '{missing}: ...' to it."
    elif keyword == "additionalProperties":
        allowed = sorted((error.schema.get("properties") or {}).keys())
        extra = sorted(set(error.instance) - set(allowed)) if isinstance(error.instance, dict) else []
        for name in extra:
            hint = f" Allowed here: {', '.join(allowed)}." if allowed else ""
            key_path = [*path, name]
            if len(path) == 2 and path[0] == "nodes" and name in _OLD_NODE_FIELDS:
                # A tree written before questions asked conditions: say what replaced it.
                yield key_path, _OLD_NODE_FIELDS[name]
                continue
            if name == "conditions" and path == ["service"]:
                # The field was there before conditions moved to files of their own.
                entry = data.get("id") if isinstance(data, dict) else None
                entry = entry if isinstance(entry, str) else "<id>"
                yield key_path, (
                    "a service's conditions no longer stand in its glossary entry: they live in "
                    f"conditions/{entry}.yaml, one condition each with id, kind, question and rule "
                    "(see conditions/*.yaml). Move them there and delete 'conditions' here."
                )
                continue
            if error.schema.get("patternProperties"):
                hint = " Use a language code of the site (fi, en)." + (
                    f" Other allowed names: {', '.join(allowed)}." if allowed else ""
                )
            yield key_path, f"'{name}' is not a known field here; check its spelling.{hint}"
    elif keyword == "type":
        wanted = error.validator_value
        words = _KIND_WORDS.get(wanted, str(wanted)) if isinstance(wanted, str) else str(wanted)
        if error.instance is None:
            yield path, f"{field} is empty; write the text after the colon."
        elif wanted == "string" and isinstance(error.instance, bool):
            # YAML reads a bare yes/no/on/off as true/false: "en: No" is not the word "No".
            yield path, (
                f"{field} should be a text, but YAML reads a bare yes, no, on or off as true "
                'or false; put the text in quotes, e.g. en: "No".'
            )
        elif wanted == "string" and isinstance(error.instance, int | float):
            yield path, f"{field} should be a text; put the value in quotes, e.g. \"{value}\"."
        else:
            yield path, f"{field} should be {words}."
    elif keyword == "pattern":
        if "finlex" in str(error.validator_value):
            yield path, (
                f"'{value}' is not a whole Finlex address; use a link that starts "
                "with https://finlex.fi/ or https://www.finlex.fi/ and has no spaces, quotes or "
                "brackets."
            )
        elif "https://" in str(error.validator_value):
            yield path, (
                f"'{value}' is not a whole https:// address; write it in full, "
                "starting with https:// and the host name, with no spaces, quotes or brackets."
            )
        elif "[0-9]{4}" in str(error.validator_value):
            yield path, f"'{value}' is not a valid date; write it as YYYY-MM-DD, e.g. 2026-11-24."
        elif "a-z0-9" in str(error.validator_value):
            yield (
                path,
                (
                    f"'{value}' is not a valid id: use lower-case letters a-z, digits "
                    "and hyphens only, e.g. 'tyokokeilu'."
                ),
            )
        elif "http" in str(error.validator_value):
            yield path, f"'{value}' is not a web address; write it in full, starting with https://."
        elif "[a-z]{2}" in str(error.validator_value):
            yield path, f"'{value}' is not a language code; use two lower-case letters, e.g. fi."
        else:
            yield path, f"'{value}' is not in the form {field} needs; compare with other files."
    elif keyword == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        yield path, f"'{value}' is not allowed for {field}; use one of: {allowed}."
    elif keyword in ("minItems", "minProperties"):
        count = error.validator_value
        items = f"{count} item{'s' if count != 1 else ''}"
        if error.instance:
            # "is empty" would send the editor looking for a missing block that is there.
            have = f"{len(error.instance)} item{'s' if len(error.instance) != 1 else ''}"
            yield path, f"{field} has only {have}; write at least {items} under it."
        else:
            yield path, f"{field} is empty; write at least {items} under it."
    elif keyword in ("maxItems", "maxProperties"):
        yield path, (
            f"{field} has {len(error.instance)} items, more than {error.validator_value}; "
            "remove the extra ones."
        )
    elif keyword == "minLength":
        yield path, f"{field} is empty; write the text."
    elif keyword == "maxLength":
        yield path, (
            f"{field} is longer than {error.validator_value} characters (the limit for it); "
            "shorten it."
        )
    elif keyword == "oneOf":
        if isinstance(error.instance, list):
            for sub in error.context or []:
                if sub.relative_schema_path and sub.relative_schema_path[0] == 0:
                    yield from _describe(sub, data)
        else:
            yield (
                path,
                (
                    f"{field} should be a list of statements (each with fi, en and source), "
                    "or not_stated when the sources do not say."
                ),
            )
    elif keyword == "format" and error.validator_value == "date":
        yield path, f"'{value}' is not a valid date; write it as YYYY-MM-DD, e.g. 2026-11-24."
    else:
        yield path, f"{field}: {_short(error.message)}."


def _short(value: Any, limit: int = 80) -> str:
    """A value as a message may quote it: one line, and cut, so that a huge value (or one
    holding control characters) does not become a huge message."""
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _missing_language(error: ValidationError) -> bool:
    """A text without one of the site's languages. The schemas require every language
    so that editors underline it (handbook schemas writes them from languages.yaml); the
    loader reports it itself (loading._Builder.text), with the same words, after building
    the file, so that the file's other problems are listed in the same run."""
    language_slot = (error.schema.get("patternProperties") or {}).get("^[a-z]{2}$")
    if error.validator != "required" or language_slot is None or "'" not in error.message:
        return False
    missing = error.message.split("'")[1]
    slot = dict((error.schema.get("properties") or {}).get(missing) or {})
    slot.pop("description", None)
    return slot == language_slot  # a generated language property, not another field


@cache
def _fast_validators(schema_dir: Path, stamp: tuple = ()) -> dict[str, Callable[[Any], Any]]:
    """The same schemas compiled to Python by fastjsonschema: ten times faster, for the
    common case of a file without problems. It only says yes or no; jsonschema words the
    problems. Empty where fastjsonschema is not installed (jsonschema does all)."""
    try:
        import fastjsonschema
    except ImportError:
        return {}
    schemas = {file.name: json.loads(file.read_text("utf-8")) for file in schema_dir.glob("*.schema.json")}

    def load(uri: str) -> Any:  # the relative $refs between our schema files
        return schemas[uri.split("#", 1)[0].rsplit("/", 1)[-1]]

    # The same date check as jsonschema's format checker (2026-13-45 is not a date).
    formats = {"date": lambda value: Draft202012Validator.FORMAT_CHECKER.conforms(value, "date")}
    compiled = {}
    for kind, name in SCHEMA_FILES.items():
        try:
            compiled[kind] = fastjsonschema.compile(
                schemas[name], handlers={"": load}, formats=formats, use_default=False
            )
        except Exception:  # a schema it cannot compile (or no such file): jsonschema alone
            continue
    return compiled


def check_schema(kind: str, data: Any, file: Path, schema_dir: Path) -> list[Problem]:
    """Check one file's data against its JSON Schema."""
    stamp = _schema_stamp(schema_dir)
    fast = _fast_validators(schema_dir, stamp).get(kind)
    if fast is not None:
        try:
            fast(data)
            return []
        except Exception:  # fastjsonschema.JsonSchemaException: let jsonschema say what is wrong
            pass
    validator = _validators(schema_dir, stamp)[kind]
    problems: list[Problem] = []
    for error in validator.iter_errors(data):
        if _missing_language(error):
            continue
        for path, message in _describe(error, data):
            problem = Problem(file, line_of(data, path), message)
            # A value can break two rules that say the same (e.g. 'en' under both
            # properties and patternProperties): one message is enough.
            if problem not in problems:
                problems.append(problem)
    return problems


def check_references(content: Content, references: list[Reference]) -> list[Problem]:
    """Every id that the content names must exist, and be of the right kind."""
    problems = []
    for ref in references:
        if ref.kind == "source":
            if ref.target not in content.sources:
                problems.append(
                    Problem(
                        ref.loc.path,
                        ref.loc.line,
                        f"there is no source with id '{ref.target}' in sources.yaml; check "
                        "the spelling, or add the source to sources.yaml.",
                    )
                )
            continue
        concept = content.concepts.get(ref.target)
        if concept is None and ref.kind == "service":
            problems.append(
                Problem(
                    ref.loc.path,
                    ref.loc.line,
                    f"there is no service with id '{ref.target}'; check the spelling (the id "
                    "of a glossary entry that has a 'service:' block), or add that service "
                    "to glossary/.",
                )
            )
        elif concept is None:
            problems.append(
                Problem(
                    ref.loc.path,
                    ref.loc.line,
                    f"there is no glossary entry with id '{ref.target}'; check the spelling, "
                    f"or add the entry as glossary/{ref.target}.yaml.",
                )
            )
        elif ref.kind == "service" and not concept.is_service:
            what = "a conditions file" if ref.loc.path.parts[:1] == ("conditions",) else "an outcome"
            problems.append(
                Problem(
                    ref.loc.path,
                    ref.loc.line,
                    f"'{ref.target}' is a glossary entry but not a service: {what} must "
                    "name a service (a glossary entry with a 'service:' block). Name a "
                    "service here, or add a 'service:' block to that entry.",
                )
            )
    return problems


# The key an editor wrote for each answer of a question that asks a condition.
_ANSWER_KEYS = {YES: "if_yes", NO: "if_no", NOT_SURE: "if_not_sure"}


def _answer_name(node: Question, answer: Answer) -> tuple[str, str]:
    """How the file names an answer, and the key after which its target stands: an
    ask-node's 'if_no' (if_no:), a choice's option 'tyo' (next:) or its 'if_not_sure'."""
    if node.condition is not None or (answer is node.answers[-1] and answer.id == NOT_SURE):
        key = _ANSWER_KEYS[answer.id]
        return f"'{key}'", key
    return f"option '{answer.id}'", "next"


def check_tree(tree: DecisionTree) -> list[Problem]:
    """The graph of one decision tree: targets, cycles, reachability, answers, depth."""
    problems: list[Problem] = []
    path = tree.loc.path

    root_ok = tree.root in tree.nodes
    if not root_ok:
        problems.append(
            Problem(
                path,
                tree.root_line,
                f"the root '{tree.root}' is not a node of this tree; after 'root:' write the "
                "id of the first question under 'nodes'.",
            )
        )
    elif isinstance(tree.nodes[tree.root], Outcome):
        root_ok = False  # every other node would be reported unreachable: one message is enough
        problems.append(
            Problem(
                path,
                tree.root_line,
                f"the root '{tree.root}' is an outcome, but the root must be a question; "
                "after 'root:' write the id of the first question.",
            )
        )

    for node in tree.nodes.values():
        if not isinstance(node, Question):
            continue
        # (The schema already refuses a choice with fewer than two options, and an
        # ask node always has its three answers.)
        seen_ids: dict[str, int] = {}
        seen_labels: dict[tuple[str, str], int] = {}
        for answer in node.answers:
            if answer.id in seen_ids:
                problems.append(
                    Problem(
                        path,
                        answer.loc.line,
                        f"question '{node.id}' has two options with id '{answer.id}' (the "
                        f"other on line {seen_ids[answer.id]}); give each option its own id.",
                    )
                )
            seen_ids.setdefault(answer.id, answer.loc.line)
            for lang, label in answer.label.items():
                key = (lang, label.strip().casefold())
                if label.strip() and key in seen_labels:
                    problems.append(
                        Problem(
                            path,
                            answer.loc.line,
                            f"question '{node.id}' has two answers labelled '{label}' ({lang}, "
                            f"the other on line {seen_labels[key]}); make the labels differ "
                            "('not sure' is always an answer: no option needs it).",
                        )
                    )
                seen_labels.setdefault(key, answer.loc.line)
            if answer.next not in tree.nodes:
                name, key = _answer_name(node, answer)
                problems.append(
                    Problem(
                        path,
                        answer.loc.line,
                        f"{name} of '{node.id}' leads to '{answer.next}', which is not a node "
                        f"of this tree; fix the id after '{key}:' or add that node.",
                    )
                )

    if root_ok:
        problems.extend(_check_graph(tree))
    return problems


def _check_graph(tree: DecisionTree) -> list[Problem]:
    """Cycles, unreachable nodes, paths with too many questions, and too many paths.

    The walks use a list, not recursion: a chain of thousands of questions is reported,
    not a Python stack overflow.
    """
    problems: list[Problem] = []
    path = tree.loc.path
    state: dict[str, str] = {}  # "open" while on the current path, "done" after
    cycles: list[Problem] = []
    trail: list[str] = []  # the open nodes, root first
    # Each entry: a node and the index of its next answer to follow.
    stack: list[tuple[str, int]] = [(tree.root, 0)]
    state[tree.root] = "open"
    trail.append(tree.root)
    while stack:
        node_id, index = stack.pop()
        node = tree.nodes[node_id]
        answers = node.answers if isinstance(node, Question) else ()
        if index >= len(answers):
            state[node_id] = "done"
            trail.pop()
            continue
        stack.append((node_id, index + 1))
        answer = answers[index]
        target = answer.next
        if target not in tree.nodes or state.get(target) == "done":
            continue
        if state.get(target) == "open":
            loop = [*trail[trail.index(target) :], target]  # an answer may lead back to its own question
            cycles.append(
                Problem(
                    path,
                    answer.loc.line,
                    f"{_answer_name(node, answer)[0]} of '{node_id}' leads back to "
                    f"'{target}', so the tree goes round in a circle "
                    f"({' → '.join(loop)}); lead it to a later question or an outcome.",
                )
            )
            continue
        state[target] = "open"
        trail.append(target)
        stack.append((target, 0))

    problems.extend(cycles)
    for node_id, node in tree.nodes.items():
        if node_id not in state:
            problems.append(
                Problem(
                    path,
                    node.loc.line,
                    f"node '{node_id}' cannot be reached from the root '{tree.root}'; "
                    "lead an answer to it or delete it.",
                )
            )
    if not cycles:
        depth = _check_depth(tree)
        problems.extend(depth)
        if not depth:
            problems.extend(_check_path_count(tree))
    return problems


# Every path is a line of the golden file, a row of the diagram and a result a reviewer
# reads; a tree with more is a tree nobody can check (8 questions of 6 answers are 1.7
# million paths, and would exhaust the memory of the build).
MAX_TREE_PATHS = 500


def _from_leaves(tree: DecisionTree, combine: Any) -> dict[str, int]:
    """A value for every node reachable from the root of an acyclic tree, computed from
    its answers' values (outcomes: 0 answers) without recursion."""
    values: dict[str, int] = {}
    stack: list[tuple[str, bool]] = [(tree.root, False)]
    while stack:
        node_id, ready = stack.pop()
        if node_id in values:
            continue
        node = tree.nodes.get(node_id)
        nexts = [a.next for a in node.answers if a.next in tree.nodes] if isinstance(node, Question) else []
        if ready or not nexts:
            values[node_id] = combine(node, [values[n] for n in nexts])
            continue
        stack.append((node_id, True))
        stack.extend((n, False) for n in nexts if n not in values)
    return values


def _check_depth(tree: DecisionTree) -> list[Problem]:
    """The longest path from the root may ask at most MAX_TREE_DEPTH questions.

    Runs on a tree without cycles. The longest path is found through every node, also
    nodes that several answers share (a short way in must not hide a long one).
    """
    longest = _from_leaves(
        tree, lambda node, below: (1 + max(below, default=0)) if isinstance(node, Question) else 0
    )

    def height(node_id: str) -> int:
        return longest.get(node_id, 0)

    if height(tree.root) <= MAX_TREE_DEPTH:
        return []
    steps = [tree.root]
    while len(steps) <= MAX_TREE_DEPTH:
        node = tree.nodes[steps[-1]]
        assert isinstance(node, Question)
        steps.append(max((a.next for a in node.answers), key=height))
    node = tree.nodes[steps[-1]]
    return [
        Problem(
            tree.loc.path,
            node.loc.line,
            f"'{steps[-1]}' is question number {len(steps)} on the path "
            f"{' → '.join(steps)}; a path may ask at most {MAX_TREE_DEPTH} questions. "
            "Split the tree in two, or lead that path past questions it does not need (one "
            "condition per question: never combine them).",
        )
    ]


def _check_path_count(tree: DecisionTree) -> list[Problem]:
    """At most MAX_TREE_PATHS root-to-result paths (counted, never listed)."""
    counts = _from_leaves(
        tree,
        lambda node, below: min(sum(below), MAX_TREE_PATHS + 1) if isinstance(node, Question) else 1,
    )
    if counts.get(tree.root, 0) <= MAX_TREE_PATHS:
        return []
    return [
        Problem(
            tree.loc.path,
            tree.root_line,
            f"the tree has more than {MAX_TREE_PATHS} paths from the root to a result, the "
            "limit (each is a line of the path list and a row of the diagram); split it into "
            "smaller trees, or lead more answers straight to a result.",
        )
    ]


def check_service_path(path: ServicePath) -> list[Problem]:
    """Phase ids are the anchors of the page: each must be unique within its path."""
    problems = []
    seen: dict[str, int] = {}
    for phase in path.phases:
        if phase.id in seen:
            problems.append(
                Problem(
                    phase.loc.path,
                    phase.loc.line,
                    f"the phase id '{phase.id}' is already used on line {seen[phase.id]}; "
                    "give each phase its own id.",
                )
            )
        seen.setdefault(phase.id, phase.loc.line)
    return problems


def check_scopes(content: Content) -> list[Problem]:
    """A statement citing a source that describes one region's practice must say so
    (`scope: regional`), so that no page shows that practice as Helsinki's; and a statement
    can only be regional through a source that names its region."""
    problems = []
    for s in content.statements():
        source = content.sources.get(s.source)
        if source is None:
            continue  # reported as an unknown source
        if source.scope is not None and s.scope != "regional":
            region = source.scope.region.get("en") or next(iter(source.scope.region.values()))
            problems.append(
                Problem(
                    s.loc.path,
                    s.loc.line,
                    f"this statement cites '{s.source}', which describes one region's practice "
                    f"({region}), but does not say so; add 'scope: regional' to it (every page "
                    "then names the region next to it), or cite a source that states it for "
                    "Helsinki or nationally.",
                )
            )
        elif s.scope == "regional" and source.scope is None:
            problems.append(
                Problem(
                    s.loc.path,
                    s.loc.line,
                    f"this statement says 'scope: regional', but its source '{s.source}' names "
                    "no region; remove 'scope: regional', or give that source "
                    "'scope: {kind: regional, region: {fi: ..., en: ...}}' in sources.yaml.",
                )
            )
    return problems


def _broader_closure(content: Content, concept_id: str) -> dict[str, str]:
    """Every concept above `concept_id` through `broader` (a loop-safe walk without
    recursion), each with the concept it was reached from."""
    above: dict[str, str] = {}
    todo = [concept_id]
    while todo:
        current = todo.pop()
        concept = content.concepts.get(current)
        for parent in concept.broader if concept else ():
            if parent not in above and parent != concept_id:
                above[parent] = current
                todo.append(parent)
    return above


def _chain(above: dict[str, str], start: str, top: str) -> str:
    steps = [top]
    while steps[-1] != start:
        steps.append(above[steps[-1]])
    return " → ".join(reversed(steps))


def check_relations(content: Content, references: list[Reference]) -> list[Problem]:
    """A concept related to one above or below it in the hierarchy: SKOS forbids it
    (integrity condition S27: related is disjoint from broaderTransitive), and it says
    twice, differently, how the two concepts stand to each other."""
    problems = []
    closures: dict[str, dict[str, str]] = {}
    by_file = {c.loc.path: c for c in content.concepts.values()}
    for ref in references:
        if ref.field != "related" or ref.kind != "concept":
            continue
        owner = by_file.get(ref.loc.path)
        if owner is None or ref.target not in content.concepts:
            continue
        for lower, upper in ((owner.id, ref.target), (ref.target, owner.id)):
            if lower not in closures:
                closures[lower] = _broader_closure(content, lower)
            above = closures[lower]
            if upper in above:
                problems.append(
                    Problem(
                        ref.loc.path,
                        ref.loc.line,
                        f"'{ref.target}' is listed as related, but it is also "
                        f"{'a broader' if upper == ref.target else 'a narrower'} concept of "
                        f"'{owner.id}' ({_chain(above, lower, upper)}, through 'broader'); "
                        "a concept cannot be both. Remove "
                        f"'{ref.target}' from 'related': the broader relation already links them.",
                    )
                )
                break
    return problems


def check_content(content: Content, references: list[Reference], prove_trees: bool = True) -> list[Problem]:
    """All checks that look across files. `prove_trees` is False when a conditions file
    could not be read: the trees' conditions are proved once it can."""
    problems = check_references(content, references)
    unknown = {r.target for r in references if r.kind != "source" and r.target not in content.concepts}
    problems.extend(check_relations(content, references))
    problems.extend(check_scopes(content))
    problems.extend(check_conditions(content))
    for tree in content.trees.values():
        graph = check_tree(tree)
        problems.extend(graph)
        # A tree's conditions are proved on its paths: only once its graph is sound and
        # its outcomes name services that exist.
        services_known = all(
            n.service not in unknown for n in tree.nodes.values() if isinstance(n, Outcome)
        )
        if not graph and services_known and prove_trees:
            problems.extend(check_tree_conditions(content, tree))
    for path in content.service_paths.values():
        problems.extend(check_service_path(path))
    return problems
