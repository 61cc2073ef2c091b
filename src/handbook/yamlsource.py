"""Read a YAML file keeping the line of every key and item, so that every message can
point an editor at `file:line`. Duplicate keys are reported, not silently dropped."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from handbook.model import Problem


class Mapping(dict):
    """A YAML mapping that remembers where it and each of its keys stand."""

    line: int = 0
    key_lines: dict[Any, int]


class Sequence(list):
    """A YAML sequence that remembers where it and each of its items stand."""

    line: int = 0
    item_lines: list[int]


class _Loader(yaml.SafeLoader):
    problems: list[Problem]
    path: Path


# Dates stay text: the schema checks their form, and a typed date would fail "type: string".
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Mapping:
    loader.flatten_mapping(node)
    mapping = Mapping()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:
            loader.problems.append(
                Problem(loader.path, line, "a key must be a plain word, not a list or mapping.")
            )
            continue
        if key in mapping:
            loader.problems.append(
                Problem(
                    loader.path,
                    line,
                    f"'{key}' appears twice in the same block (first on line "
                    f"{mapping.key_lines[key]}); keep one of them and delete the other.",
                )
            )
            continue
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> Sequence:
    sequence = Sequence(loader.construct_object(item, deep=True) for item in node.value)
    sequence.line = node.start_mark.line + 1
    sequence.item_lines = [item.start_mark.line + 1 for item in node.value]
    return sequence


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


class _CLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's C parser and composer with the same constructors and resolvers as _Loader:
    the same data, lines and duplicate-key problems, ten times faster."""

    problems: list[Problem]
    path: Path


_CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
_CLoader.yaml_constructors = _Loader.yaml_constructors
_FAST_MAX_DEPTH = 20  # deeper files go to the pure loader, which has the limits and words
# Where libyaml reads YAML that PyYAML's own scanner refuses, the file goes to the pure
# loader, so that a file is read the same with or without libyaml: tabs, a '?' on a line
# with a { } or [ ] block ({fi: Onko asiakas työtön?}), tags (!), byte-order marks, and
# anchors and aliases (& and *, whose limits the pure loader keeps). Found by mutating
# real files (tests/test_yaml_c_loader.py).
_UNLIKE_C = re.compile(
    r"[\t\ufeff&*]|(?:^|[\s\[{,:])!|^[^\n]*[\[{][^\n]*\?|^[^\n]*\?[^\n]*[\[{]", re.MULTILINE
)


def _read_fast(text: str, shown: Path) -> tuple[Any, list[Problem]] | None:
    """The common case through the C parser; None when the file must go to the pure-Python
    loader: it does not parse, or uses anchors and aliases (& and *), or nests deeply, or
    is empty. Only the pure loader words problems of the YAML itself (its messages are the
    ones the editor hints above are written for), so a failing file is read again by it."""
    if not hasattr(yaml, "CSafeLoader") or _UNLIKE_C.search(text):
        return None
    loader = _CLoader(text)
    loader.problems = []
    loader.path = shown
    try:
        node = loader.get_single_node()
        if node is None or _depth(node) > _FAST_MAX_DEPTH:
            return None
        data = loader.construct_document(node)
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return data, loader.problems


def _depth(root: yaml.Node) -> int:
    deepest, stack = 0, [(root, 1)]
    while stack:  # no recursion: a hostile file must not exhaust the stack
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend((part, depth + 1) for pair in node.value for part in pair)
    return deepest


# PyYAML's words for the usual slips, told as what the editor sees in the file and how
# to fix it. Matched on the start of PyYAML's message; anything else keeps its own words.
_SYNTAX_HINTS = (
    (
        "mapping values are not allowed",
        "a ': ' (colon and space) where none is expected. If it is inside a text, put the "
        'whole text in double quotes, e.g. fi: "Huom: ..."; otherwise check the indentation',
    ),
    ("found character '\\t'", "a tab character; indent with spaces only"),
    (
        "expected ',' or",
        "a text inside { } or [ ] contains a comma, colon, question mark or bracket; put "
        'that text in double quotes, e.g. {fi: "Onko asiakas työtön?", en: ...}',
    ),
    (
        "found unexpected end of stream",
        "a quote is opened but never closed; end the text with the same quote mark",
    ),
    (
        "could not find expected ':'",
        "a line that is neither 'name: value' nor a list item '- ...'; check this line and "
        "the line before it for a missing ':' or a quote that is not closed",
    ),
    (
        "expected <block end>",
        "the indentation does not line up; indent this line with as many spaces as the "
        "other lines of the same block",
    ),
    (
        "did not find expected key",
        "the indentation does not line up; indent this line with as many spaces as the "
        "other lines of the same block",
    ),
    (
        "but found another document",
        "a line '---' starts a second entry; a file holds one entry: delete the '---' line",
    ),
    (
        "did not find expected '-' indicator",
        "the indentation of a list does not line up; start every item with '- ' at the "
        "same indentation",
    ),
)


def _syntax_message(what: str) -> str:
    for start, hint in _SYNTAX_HINTS:
        if what.startswith(start):
            return f"the YAML cannot be read: {hint}."
    return (
        f"the YAML cannot be read ({what}). Check the indentation, and put text that "
        "contains ': ' or starts with a special character in double quotes."
    )


def read_yaml(path: Path, display: Path | None = None) -> tuple[Any, list[Problem]]:
    """Parse one YAML file. Returns the data (None when unreadable) and its problems.

    `display` is the path used in messages (relative to the project, for editors).
    """
    shown = display or path
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem(shown, 1, "the file is not UTF-8 text; save it as UTF-8.")]
    fast = _read_fast(text, shown)
    if fast is not None:
        return fast
    loader = _Loader(text)
    loader.problems = []
    loader.path = shown
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context and "quoted scalar" in error.context and error.context_mark:
            mark = error.context_mark  # where the unclosed quote opens, not the file's end
        line = mark.line + 1 if mark else 1
        what = error.problem or error.context or "unreadable YAML"
        return None, [Problem(shown, line, _syntax_message(what))]
    except yaml.YAMLError as error:
        return None, [Problem(shown, 1, _syntax_message(str(error)))]
    finally:
        loader.dispose()
    if data is None:
        empty = Problem(shown, 1, "the file is empty; write the entry or delete the file.")
        return None, [*loader.problems, empty]
    return data, loader.problems


def line_of(data: Any, path: Iterable[Any]) -> int:
    """The line of the deepest element of `path` (keys and indexes) found in `data`."""
    line = getattr(data, "line", 1)
    node = data
    for step in path:
        if isinstance(node, Mapping) and step in node:
            line = node.key_lines.get(step, line)
            node = node[step]
        elif isinstance(node, Sequence) and isinstance(step, int) and step < len(node):
            line = node.item_lines[step]
            node = node[step]
        else:
            break
    return line
