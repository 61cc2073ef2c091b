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


# Limits on purpose: content files are small, hand-written YAML. A file beyond them is a
# mistake or an attack (an "alias bomb" expands a few lines into billions of values, and
# deep nesting exhausts Python's stack); each is told as one message naming the limit.
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40  # nested blocks and lists; real files use fewer than 10
MAX_ALIASES = 100  # uses of '*name'; the content needs none
MAX_VALUES = 100_000  # values in the file once every alias is expanded

# Characters YAML refuses (PyYAML raises before it knows the line): C0 and C1 controls
# except tab, newline and carriage return, and the non-characters.
# The bidirectional controls (U+202A-U+202E, U+2066-U+2069) are invisible and make a
# text read differently from what it holds.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f"
    "\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]"
)
_CONTROL_NAMES = {
    0: "NUL", 7: "BEL", 8: "backspace", 0x0B: "vertical tab", 0x0C: "form feed", 0x1B: "ESC", 0x7F: "DEL",
    **{code: "text direction control" for code in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]},
}


class _LimitError(yaml.MarkedYAMLError):
    """A limit of the loader was passed; `problem` is the whole message for the editor."""


class _Loader(yaml.SafeLoader):
    problems: list[Problem]
    path: Path
    depth: int = 0
    aliases: int = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise _LimitError(
                    problem=f"the file uses more than {MAX_ALIASES} aliases ('*name'), the limit; "
                    "write the values out instead of repeating them with '&name' and '*name'.",
                    problem_mark=mark,
                )
        elif self.check_event(yaml.SequenceStartEvent, yaml.MappingStartEvent):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise _LimitError(
                    problem=f"the blocks and lists are nested more than {MAX_DEPTH} levels deep, "
                    "the limit; a content file needs far fewer: check the indentation and the "
                    "brackets of this line.",
                    problem_mark=mark,
                )
        return super().compose_node(parent, index)

    def compose_sequence_node(self, anchor: Any) -> Any:
        try:
            return super().compose_sequence_node(anchor)
        finally:
            self.depth -= 1

    def compose_mapping_node(self, anchor: Any) -> Any:
        try:
            return super().compose_mapping_node(anchor)
        finally:
            self.depth -= 1


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
        if isinstance(key_node, yaml.ScalarNode) and not isinstance(key, str):
            # yes/no/on/off become true/false and 12 a number: jsonschema and every later
            # check expect names, so say what YAML did and keep the key out.
            word = key_node.value
            what = "true or false" if isinstance(key, bool) else "a number" if key is not None else "empty"
            loader.problems.append(
                Problem(
                    loader.path,
                    line,
                    f"YAML reads the name '{word}' before the colon as {what}, not as a word; "
                    f'put it in quotes, e.g. "{word}": ..., or use another name.',
                )
            )
            continue
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
# anchors and aliases (& and *, whose limits the pure loader keeps: any '&' or '*' where
# a token may start, so that "conditions/*.yaml" in a comment stays on the fast path).
# Found by mutating real files (tests/test_yaml_c_loader.py).
_UNLIKE_C = re.compile(
    # A line with both a '?' and a bracket: the lookahead keeps this linear in the line's
    # length (two greedy runs around a '[' took quadratic time on a line of brackets).
    r"[\t\ufeff]|(?:^|[\s\[{,:])[!&*]|^(?=[^\n]*\?)[^\n]*[\[{]", re.MULTILINE
)


def _read_fast(text: str, shown: Path) -> tuple[Any, list[Problem]] | None:
    """The common case through the C parser; None when the file must go to the pure-Python
    loader: it does not parse, or uses anchors and aliases (& and *), or nests deeply, or
    is empty. Only the pure loader words problems of the YAML itself (its messages are the
    ones the editor hints above are written for), so a failing file is read again by it."""
    if not hasattr(yaml, "CSafeLoader") or _deep_brackets(text) or _UNLIKE_C.search(text):
        return None
    loader = _CLoader(text)
    loader.problems = []
    loader.path = shown
    try:
        node = loader.get_single_node()
        if node is None or _depth(node) > _FAST_MAX_DEPTH:
            return None
        _check_expansion(node)  # no aliases here, but the values are counted all the same
        data = loader.construct_document(node)
        if data is None:  # "---", "~" or "null" alone: the pure loader says the file is empty
            return None
    except yaml.YAMLError:  # _LimitError too: the pure loader words it at its line
        return None
    finally:
        loader.dispose()
    return data, loader.problems


def _deep_brackets(text: str) -> bool:
    """Brackets nested deeper than the fast path takes (counted over the brackets only,
    quotes ignored: too many only costs the pure loader's time). libyaml takes quadratic
    time over deep [ [ [ ... (a 1 MB file: minutes), where the pure loader stops at the
    limit at once."""
    depth = 0
    for bracket in _BRACKETS.finditer(text):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > _FAST_MAX_DEPTH:
            return True
    return False


_BRACKETS = re.compile(r"[\[\]{}]")


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


def read_text(path: Path, shown: Path) -> tuple[str | None, list[Problem]]:
    """A content file's text, or the problems that keep it from being read as YAML text:
    too big, not UTF-8 (at the line of the first bad byte), control characters."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [
                Problem(
                    shown,
                    1,
                    f"the file is {size:,} bytes, more than the limit of {MAX_FILE_BYTES:,}; a "
                    "content file holds one entry: split it or remove what does not belong.",
                )
            ]
        raw = path.read_bytes()
    except OSError as error:
        why = error.strerror or "unreadable"
        unreadable = f"the file cannot be read ({why}); check that it is a file you may read."
        return None, [Problem(shown, 1, unreadable)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        return None, [
            Problem(
                shown,
                line,
                f"the byte {raw[error.start]:#04x} on this line is not UTF-8 text; retype the "
                "character there, or save the file as UTF-8 in the editor.",
            )
        ]
    problems = []
    for number, line_text in enumerate(text.split("\n"), start=1):
        found = _CONTROL.search(line_text)
        if found:
            code = ord(found.group())
            name = _CONTROL_NAMES.get(code, "control character")
            problems.append(
                Problem(
                    shown,
                    number,
                    f"this line holds an invisible character (U+{code:04X}, {name}) at column "
                    f"{found.start() + 1}; delete it (retype the line if the editor does not show it).",
                )
            )
    if problems:
        return None, problems
    return text, []


def read_yaml(path: Path, display: Path | None = None) -> tuple[Any, list[Problem]]:
    """Parse one YAML file. Returns the data (None when unreadable) and its problems.

    `display` is the path used in messages (relative to the project, for editors).
    """
    shown = display or path
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    return parse_yaml(text, shown)


class _ConfigLoader(_Loader):
    """For mkdocs.yml, whose '!ENV' and '!relative' tags only MkDocs resolves."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def read_config(path: Path, display: Path | None = None) -> tuple[Any, list[Problem]]:
    """Parse a configuration file (mkdocs.yml) as read_yaml does, its own tags as None."""
    shown = display or path
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    return parse_yaml(text, shown, loader_class=_ConfigLoader)


def parse_yaml(
    text: str, shown: Path, first_line: int = 1, loader_class: type[_Loader] = _Loader
) -> tuple[Any, list[Problem]]:
    """Parse YAML text that starts on line `first_line` of the file `shown` (the front
    matter of a page starts on line 2)."""
    text = "\n" * (first_line - 1) + text  # so that every line number is the file's
    if loader_class is _Loader:
        # The text has passed read_text's limits (size, UTF-8, control characters) on
        # every path; _read_fast keeps the others (aliases, depth, expansion) or declines.
        fast = _read_fast(text, shown)
        if fast is not None:
            return fast
    loader = loader_class(text)
    loader.problems = []
    loader.path = shown
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_expansion(node, loader.aliases)
        data = loader.construct_document(node) if node is not None else None
    except _LimitError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else 1
        return None, [Problem(shown, line, str(error.problem))]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context and "quoted scalar" in error.context and error.context_mark:
            mark = error.context_mark  # where the unclosed quote opens, not the file's end
        what = error.problem or error.context or "unreadable YAML"
        unclosed = _unclosed_bracket(text) if "flow" in (error.context or "") + what else None
        if unclosed and error.problem_mark and unclosed[1] < error.problem_mark.line:
            # A bracket opened on an earlier line was never closed: that line is the fix.
            bracket, opened = unclosed
            closing = "]" if bracket == "[" else "}"
            message = (
                f"the YAML cannot be read: the '{bracket}' on this line is not closed; end it "
                f"with '{closing}' on the same line (and put a text holding a comma or colon "
                "in double quotes)."
            )
            return None, [Problem(shown, opened + 1, message)]
        line = mark.line + 1 if mark else 1
        return None, [Problem(shown, line, _syntax_message(what))]
    except yaml.YAMLError as error:
        return None, [Problem(shown, 1, _syntax_message(str(error)))]
    except RecursionError:
        deep = f"the file is nested too deeply to read; keep it under {MAX_DEPTH} levels."
        return None, [Problem(shown, 1, deep)]
    finally:
        loader.dispose()
    if data is None:
        empty = Problem(shown, 1, "the file is empty; write the entry or delete the file.")
        return None, [*loader.problems, empty]
    return data, loader.problems


def _unclosed_bracket(text: str) -> tuple[str, int] | None:
    """The first '[' or '{' (and its line, from 0) that is never closed, outside quotes
    and comments; None when every bracket is closed."""
    stack: list[tuple[str, int]] = []
    quote = ""
    for number, line in enumerate(text.split("\n")):
        previous = " "
        for char in line:
            if quote:
                if char == quote:
                    quote = ""
            elif char in "\"'" and (previous in " \t[{,:" or stack):
                quote = char
            elif char == "#" and previous in " \t":
                break
            elif char in "[{":
                stack.append((char, number))
            elif char in "]}" and stack:
                stack.pop()
            previous = char
        if quote == "'" or not stack:
            quote = ""  # a quote inside a plain text ("Asiakkaan's") does not span lines
    return stack[0] if stack else None


def _check_expansion(root: yaml.Node, aliases: int = 0) -> None:
    """Refuse a file whose aliases expand it beyond MAX_VALUES values, or make it contain
    itself; counted on the node graph, where an alias is one shared node."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in children)
            if sizes[key] > MAX_VALUES:
                fix = (
                    "write the values out instead of repeating them with '&name' and '*name'"
                    if aliases
                    else "a content file holds one entry: split it"
                )
                raise _LimitError(
                    problem=f"{'with its aliases (*name) expanded, ' if aliases else ''}the file "
                    f"holds more than {MAX_VALUES:,} values, the limit; {fix}.",
                    problem_mark=node.start_mark,
                )
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise _LimitError(
                problem="an alias ('*name') is used inside the value it names, so the value "
                "would contain itself without end; write the value out instead.",
                problem_mark=node.start_mark,
            )
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


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
