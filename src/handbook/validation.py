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

from handbook.model import Content, DecisionTree, Outcome, Problem, Question, Reference, ServicePath
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
}

_KIND_WORDS = {
    "string": "a text",
    "array": "a list (lines starting with '- ')",
    "object": "a block of 'name: value' lines",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
}


@cache
def _validators(schema_dir: Path) -> dict[str, Draft202012Validator]:
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


def _describe(error: ValidationError) -> Iterator[tuple[list[Any], str]]:
    """Turn one jsonschema error into messages an editor can act on."""
    path = list(error.absolute_path)
    field = place(path)
    keyword = error.validator
    if "propertyNames" in error.absolute_schema_path:
        # A key that is an id (a node of a tree): point at the key itself.
        yield (
            [*path, error.instance],
            f"'{error.instance}' is not a valid id: use lower-case letters a-z, digits and "
            "hyphens only, e.g. 'kysymys-1'.",
        )
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
            yield path, f"{field} should be a text; put the value in quotes, e.g. \"{error.instance}\"."
        else:
            yield path, f"{field} should be {words}."
    elif keyword == "pattern":
        if "finlex" in str(error.validator_value):
            yield path, f"'{error.instance}' is not a Finlex address; use a https://finlex.fi/ link."
        elif "[0-9]{4}" in str(error.validator_value):
            yield path, f"'{error.instance}' is not a valid date; write it as YYYY-MM-DD, e.g. 2026-11-24."
        elif "a-z0-9" in str(error.validator_value):
            yield (
                path,
                (
                    f"'{error.instance}' is not a valid id: use lower-case letters a-z, digits "
                    "and hyphens only, e.g. 'tyokokeilu'."
                ),
            )
        elif "http" in str(error.validator_value):
            yield path, f"'{error.instance}' is not a web address; write it in full, starting with https://."
        elif "[a-z]{2}" in str(error.validator_value):
            yield path, f"'{error.instance}' is not a language code; use two lower-case letters, e.g. fi."
        else:
            yield path, f"'{error.instance}' is not in the form {field} needs; compare with other files."
    elif keyword == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        yield path, f"'{error.instance}' is not allowed for {field}; use one of: {allowed}."
    elif keyword in ("minItems", "minProperties"):
        count = error.validator_value
        yield path, f"{field} is empty; write at least {count} item{'s' if count != 1 else ''} under it."
    elif keyword == "minLength":
        yield path, f"{field} is empty; write the text."
    elif keyword == "oneOf":
        if isinstance(error.instance, list):
            for sub in error.context or []:
                if sub.relative_schema_path and sub.relative_schema_path[0] == 0:
                    yield from _describe(sub)
        else:
            yield (
                path,
                (
                    f"{field} should be a list of statements (each with fi, en and source), "
                    "or not_stated when the sources do not say."
                ),
            )
    elif keyword == "format" and error.validator_value == "date":
        yield path, f"'{error.instance}' is not a valid date; write it as YYYY-MM-DD, e.g. 2026-11-24."
    else:
        yield path, f"{field}: {error.message}."


@cache
def _fast_validators(schema_dir: Path) -> dict[str, Callable[[Any], Any]]:
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
    fast = _fast_validators(schema_dir).get(kind)
    if fast is not None:
        try:
            fast(data)
            return []
        except Exception:  # fastjsonschema.JsonSchemaException: let jsonschema say what is wrong
            pass
    validator = _validators(schema_dir)[kind]
    problems: list[Problem] = []
    for error in validator.iter_errors(data):
        for path, message in _describe(error):
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
            problems.append(
                Problem(
                    ref.loc.path,
                    ref.loc.line,
                    f"'{ref.target}' is a glossary entry but not a service: an outcome must "
                    "name a service (a glossary entry with a 'service:' block). Name a "
                    "service here, or add a 'service:' block to that entry.",
                )
            )
    return problems


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
        if len(node.answers) < 2:
            count = "has no answers" if not node.answers else "has only one answer"
            problems.append(
                Problem(
                    path,
                    node.loc.line,
                    f"question '{node.id}' {count}; a question needs at least two answers "
                    "(each with id, label and next). Add an answer, or remove the question.",
                )
            )
        seen_ids: dict[str, int] = {}
        seen_labels: dict[tuple[str, str], int] = {}
        for answer in node.answers:
            if answer.id in seen_ids:
                problems.append(
                    Problem(
                        path,
                        answer.loc.line,
                        f"question '{node.id}' has two answers with id '{answer.id}' (the "
                        f"other on line {seen_ids[answer.id]}); give each answer its own id.",
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
                            f"the other on line {seen_labels[key]}); make the labels differ.",
                        )
                    )
                seen_labels.setdefault(key, answer.loc.line)
            if answer.next not in tree.nodes:
                problems.append(
                    Problem(
                        path,
                        answer.loc.line,
                        f"answer '{answer.id}' of '{node.id}' leads to '{answer.next}', which is "
                        "not a node of this tree; fix the id after 'next:' or add that node.",
                    )
                )

    if root_ok:
        problems.extend(_check_graph(tree))
    return problems


def _check_graph(tree: DecisionTree) -> list[Problem]:
    """Cycles, unreachable nodes and paths with too many questions."""
    problems: list[Problem] = []
    path = tree.loc.path
    state: dict[str, str] = {}  # "open" while on the current path, "done" after
    cycles: list[Problem] = []

    def visit(node_id: str, trail: list[str]) -> None:
        node = tree.nodes.get(node_id)
        if node is None or state.get(node_id) == "done":
            return
        state[node_id] = "open"
        if isinstance(node, Question):
            for answer in node.answers:
                if state.get(answer.next) == "open":
                    here = [*trail, node_id]  # an answer may also lead back to its own question
                    loop = [*here[here.index(answer.next) :], answer.next]
                    cycles.append(
                        Problem(
                            path,
                            answer.loc.line,
                            f"answer '{answer.id}' of '{node_id}' leads back to "
                            f"'{answer.next}', so the tree goes round in a circle "
                            f"({' → '.join(loop)}); lead it to a later question or an outcome.",
                        )
                    )
                else:
                    visit(answer.next, [*trail, node_id])
        state[node_id] = "done"

    visit(tree.root, [])
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
        problems.extend(_check_depth(tree))
    return problems


def _check_depth(tree: DecisionTree) -> list[Problem]:
    """The longest path from the root may ask at most MAX_TREE_DEPTH questions.

    Runs on a tree without cycles. The longest path is found through every node, also
    nodes that several answers share (a short way in must not hide a long one).
    """
    longest: dict[str, int] = {}  # questions on the longest path from a node to an outcome

    def height(node_id: str) -> int:
        node = tree.nodes.get(node_id)
        if not isinstance(node, Question):
            return 0
        if node_id not in longest:
            longest[node_id] = 1 + max((height(a.next) for a in node.answers), default=0)
        return longest[node_id]

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
            "Split the tree in two or combine questions.",
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


def check_content(content: Content, references: list[Reference]) -> list[Problem]:
    """All checks that look across files."""
    problems = check_references(content, references)
    for tree in content.trees.values():
        problems.extend(check_tree(tree))
    for path in content.service_paths.values():
        problems.extend(check_service_path(path))
    return problems
