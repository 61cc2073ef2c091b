"""Every check of the content, each reported as `file:line: what is wrong, and how to fix it`.

Two layers: the JSON Schemas in `schemas/` check the shape of each file (the same
schemas editors get in their editor), and the checks below look across files: ids,
references, and the graph of each decision tree.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
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
    return {
        kind: Draft202012Validator(resources[name].contents, registry=registry)
        for kind, name in SCHEMA_FILES.items()
    }


def _describe(error: ValidationError) -> Iterator[tuple[list[Any], str]]:
    """Turn one jsonschema error into messages an editor can act on."""
    path = list(error.absolute_path)
    field = next((str(step) for step in reversed(path) if isinstance(step, str)), "this block")
    keyword = error.validator
    if keyword == "required":
        missing = error.message.split("'")[1]
        yield path, f"'{field}' is missing '{missing}'; add a line '{missing}: ...'."
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
        yield path, f"'{field}' should be {words}."
    elif keyword == "pattern":
        if "finlex" in str(error.validator_value):
            yield path, f"'{error.instance}' is not a Finlex address; use a https://finlex.fi/ link."
        elif "[0-9]{4}" in str(error.validator_value):
            yield path, f"'{error.instance}' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-24."
        elif "a-z0-9" in str(error.validator_value):
            yield (
                path,
                (
                    f"'{error.instance}' is not a valid id: use lower-case letters a-z, digits "
                    "and hyphens only, e.g. 'tyokokeilu'."
                ),
            )
        else:
            yield path, f"'{error.instance}' does not have the expected form ({error.validator_value})."
    elif keyword == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        yield path, f"'{error.instance}' is not allowed for '{field}'; use one of: {allowed}."
    elif keyword in ("minItems", "minProperties"):
        yield path, f"'{field}' is empty; give at least {error.validator_value}."
    elif keyword == "minLength":
        yield path, f"'{field}' is empty; write the text."
    elif keyword == "oneOf":
        if isinstance(error.instance, list):
            for sub in error.context or []:
                if sub.relative_schema_path and sub.relative_schema_path[0] == 0:
                    yield from _describe(sub)
        else:
            yield (
                path,
                (
                    f"'{field}' should be a list of statements (each with fi, en and source), "
                    "or not_stated when the sources do not say."
                ),
            )
    elif keyword == "propertyNames":
        yield (
            path,
            (f"'{error.instance}' is not a valid id: use lower-case letters a-z, digits and hyphens only."),
        )
    else:
        yield path, f"'{field}': {error.message}."


def check_schema(kind: str, data: Any, file: Path, schema_dir: Path) -> list[Problem]:
    """Check one file's data against its JSON Schema."""
    validator = _validators(schema_dir)[kind]
    problems = []
    for error in validator.iter_errors(data):
        for path, message in _describe(error):
            problems.append(Problem(file, line_of(data, path), message))
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
                        f"unknown source '{ref.target}'; add it to sources.yaml or use "
                        "the id of a source listed there.",
                    )
                )
            continue
        concept = content.concepts.get(ref.target)
        if concept is None:
            what = "service" if ref.kind == "service" else "concept"
            problems.append(
                Problem(
                    ref.loc.path,
                    ref.loc.line,
                    f"unknown {what} '{ref.target}'; use the id of an entry in glossary/ "
                    f"or add a glossary entry with id '{ref.target}'.",
                )
            )
        elif ref.kind == "service" and not concept.is_service:
            problems.append(
                Problem(
                    ref.loc.path,
                    ref.loc.line,
                    f"'{ref.target}' is a concept, not a service: an outcome must name a "
                    "service (a glossary entry with a 'service:' block).",
                )
            )
    return problems


def check_tree(tree: DecisionTree) -> list[Problem]:
    """The graph of one decision tree: targets, cycles, reachability, answers, depth."""
    problems: list[Problem] = []
    path = tree.loc.path

    if tree.root not in tree.nodes:
        problems.append(
            Problem(
                path,
                tree.root_line,
                f"the root '{tree.root}' is not a node of this tree; name the id of the "
                "first question under 'nodes'.",
            )
        )
        return problems
    if isinstance(tree.nodes[tree.root], Outcome):
        problems.append(Problem(path, tree.root_line, "the root must be a question, not an outcome."))

    for node in tree.nodes.values():
        if not isinstance(node, Question):
            continue
        if len(node.answers) < 2:
            problems.append(
                Problem(
                    path,
                    node.loc.line,
                    f"question '{node.id}' has {len(node.answers)} answer(s); a question "
                    "needs at least two answers.",
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
                if key in seen_labels:
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

    problems.extend(_check_graph(tree))
    return problems


def _check_graph(tree: DecisionTree) -> list[Problem]:
    problems: list[Problem] = []
    path = tree.loc.path
    state: dict[str, str] = {}  # "open" while on the current path, "done" after

    def visit(node_id: str, trail: list[str]) -> None:
        node = tree.nodes.get(node_id)
        if node is None:
            return
        if state.get(node_id) == "open":
            cycle = " → ".join([*trail[trail.index(node_id) :], node_id])
            problems.append(
                Problem(
                    path,
                    node.loc.line,
                    f"the tree goes round in a circle ({cycle}); every path must end in an outcome.",
                )
            )
            return
        if state.get(node_id) == "done":
            return
        state[node_id] = "open"
        if isinstance(node, Question):
            for answer in node.answers:
                visit(answer.next, [*trail, node_id])
        state[node_id] = "done"

    visit(tree.root, [])
    if not problems:
        problems.extend(_check_depth(tree))
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
    return problems


def _check_depth(tree: DecisionTree) -> list[Problem]:
    """The longest path may ask at most MAX_TREE_DEPTH questions.

    Measured over every path, not the first one that reaches a node: a node shared by a
    short and a long path counts at its deepest. Needs an acyclic tree.
    """
    longest: dict[str, int] = {}  # questions from a node to its farthest outcome

    def questions_below(node_id: str) -> int:
        if node_id not in longest:
            node = tree.nodes.get(node_id)
            if not isinstance(node, Question):
                longest[node_id] = 0
            else:
                longest[node_id] = 1 + max((questions_below(a.next) for a in node.answers), default=0)
        return longest[node_id]

    if questions_below(tree.root) <= MAX_TREE_DEPTH:
        return []
    # Walk the deepest path to the first question beyond the limit, to point at it.
    node_id, depth = tree.root, 1
    while depth <= MAX_TREE_DEPTH:
        node = tree.nodes[node_id]
        assert isinstance(node, Question)
        node_id = max(node.answers, key=lambda a: questions_below(a.next)).next
        depth += 1
    node = tree.nodes[node_id]
    return [
        Problem(
            tree.loc.path,
            node.loc.line,
            f"'{node_id}' is question number {depth} on its path; a path may ask at "
            f"most {MAX_TREE_DEPTH} questions. Split the tree or combine questions.",
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
