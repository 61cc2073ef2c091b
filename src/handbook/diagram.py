"""Diagrams, worked out at build time.

A decision tree is drawn as an indented tree: one item per node on each path (a node
reached by two paths is drawn twice), children below and to the right of their question,
each starting with the answer that leads to it. `expand` gives that structure; every item
carries the answers that lead to it in the same `node:answer,...` form as the page
address, so the page's script can highlight the path so far. It is drawn as a nested HTML
list with boxes and lines in CSS (templates/_tree_diagram.html.j2), not as SVG: its text
then keeps the page's size and wraps on a phone and at 200 % zoom, where a scaled SVG
shrank it to about 7 px. (Service paths are drawn the same way, from their phases.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from handbook.model import DecisionTree, Outcome, Question, Text


@dataclass
class DiagramNode:
    """One node as it appears on one path."""

    node_id: str
    state: str  # the answers that lead here, "node:answer,..."; "" for the root
    answer: Text | None  # the label of the answer that leads here
    is_outcome: bool
    consult: bool
    children: list[DiagramNode] = field(default_factory=list)


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
