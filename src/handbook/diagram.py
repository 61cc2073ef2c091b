"""The layout of a decision tree's diagram, computed at build time.

The tree is drawn as an indented tree: one row per node on each path (a node reached by
two paths is drawn twice), children below and to the right of their question, each row
starting with the answer that leads to it. Every row carries the answers that lead to it
in the same `node:answer,...` form as the page address, so the page's script can
highlight the path so far. The same structure gives the nested list that is the text
alternative. The SVG markup itself is in templates/_tree_diagram.html.j2.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from handbook.model import DecisionTree, Outcome, Question, Text

INDENT = 28  # px per level
BOX_WIDTH = 470
LINE_HEIGHT = 17
PAD_Y = 7  # inside a box, above and below the text
GAP = 10  # between rows
CHARS_PER_LINE = 62  # about BOX_WIDTH at the diagram's font size
MARGIN = 2


@dataclass
class DiagramNode:
    """One node as it appears on one path."""

    node_id: str
    state: str  # the answers that lead here, "node:answer,..."; "" for the root
    answer: Text | None  # the label of the answer that leads here
    is_outcome: bool
    consult: bool
    children: list[DiagramNode] = field(default_factory=list)


@dataclass(frozen=True)
class Row:
    """A drawn node: its box, its text lines, and the connector from its parent."""

    node: DiagramNode
    x: int
    y: int
    height: int
    answer: str
    lines: tuple[tuple[str, str], ...]  # (kind, text): kind is "answer" or "text"
    connector: str  # SVG path data, "" for the root


@dataclass(frozen=True)
class Diagram:
    rows: tuple[Row, ...]
    width: int
    height: int


def expand(tree: DecisionTree) -> DiagramNode:
    """The tree with every path spelled out (assumes a validated, acyclic tree)."""

    # A list, not recursion; the validator limits the paths, so the rows are bounded.
    def make(node_id: str, state: str, answer: Text | None) -> DiagramNode:
        node = tree.nodes[node_id]
        if isinstance(node, Outcome):
            return DiagramNode(node_id, state, answer, True, node.consult)
        return DiagramNode(node_id, state, answer, False, False)

    root = make(tree.root, "", None)
    stack = [root]
    while stack:
        item = stack.pop()
        node = tree.nodes[item.node_id]
        if not isinstance(node, Question):
            continue
        for a in node.answers:
            step = f"{item.node_id}:{a.id}"
            child = make(a.next, f"{item.state},{step}" if item.state else step, a.label)
            item.children.append(child)
            stack.append(child)
    return root


def layout(root: DiagramNode, label: dict[str, str], lang: str) -> Diagram:
    """Place every node; `label` gives the text of each node id in this language."""
    rows: list[Row] = []
    y = MARGIN
    max_depth = 0

    # Rows in document order (a node, then its children), walked with a list.
    stack: list[tuple[DiagramNode, int, Row | None]] = [(root, 0, None)]
    while stack:
        item, depth, parent = stack.pop()
        max_depth = max(max_depth, depth)
        answer = item.answer[lang] if item.answer else ""
        # The answer that leads here comes first, on lines of its own (marked "answer").
        lines = [("answer", line) for line in textwrap.wrap(answer, CHARS_PER_LINE)]
        lines += [("text", line) for line in textwrap.wrap(label[item.node_id], CHARS_PER_LINE)]
        height = len(lines) * LINE_HEIGHT + 2 * PAD_Y
        x = MARGIN + depth * INDENT
        connector = ""
        if parent is not None:
            stem_x = parent.x + INDENT // 2
            mid_y = y + height // 2
            connector = f"M{stem_x} {parent.y + parent.height}V{mid_y}H{x}"
        row = Row(item, x, y, height, answer, tuple(lines), connector)
        rows.append(row)
        y += height + GAP
        stack.extend((child, depth + 1, row) for child in reversed(item.children))

    width = MARGIN * 2 + max_depth * INDENT + BOX_WIDTH
    return Diagram(tuple(rows), width, y - GAP + MARGIN)


# --- service paths: the phases in a column, joined by arrows ---------------------------

PHASE_ARROW = 26  # px between boxes, for the arrow


@dataclass(frozen=True)
class PhaseBox:
    phase_id: str
    number: int
    y: int
    height: int
    lines: tuple[tuple[str, str], ...]  # (kind, text): "title" or "concepts"


@dataclass(frozen=True)
class PhaseDiagram:
    boxes: tuple[PhaseBox, ...]
    width: int
    height: int


def phase_layout(phases: list[tuple[str, str, list[str]]]) -> PhaseDiagram:
    """Boxes for (phase id, title, concept terms) in order, top to bottom."""
    boxes = []
    y = MARGIN
    for number, (phase_id, title, terms) in enumerate(phases, start=1):
        lines = [("title", line) for line in textwrap.wrap(f"{number}. {title}", CHARS_PER_LINE)]
        if terms:
            lines += [("concepts", line) for line in textwrap.wrap(" · ".join(terms), CHARS_PER_LINE + 8)]
        height = len(lines) * LINE_HEIGHT + 2 * PAD_Y
        boxes.append(PhaseBox(phase_id, number, y, height, tuple(lines)))
        y += height + PHASE_ARROW
    return PhaseDiagram(tuple(boxes), BOX_WIDTH + 2 * MARGIN, y - PHASE_ARROW + MARGIN)
