"""Every root-to-leaf path of every decision tree, as text lines for the golden file.

A path is written as the answers given, `node:answer,node:answer`: the same form the
flowchart page keeps in its address (`#a=...`), so a line of the golden file is also a
link to that result. Reviewers see any change of an outcome as a changed line.
"""

from __future__ import annotations

from handbook.model import Content, DecisionTree, Outcome

GOLDEN_HEADER = (
    "# Every root-to-leaf path of every decision tree: tree, answers (node:answer), outcome node = service.\n"
    "# Generated; do not edit. Regenerate with: handbook paths > tests/golden/tree_paths.txt\n"
)


def state_string(steps: tuple[tuple[str, str], ...]) -> str:
    """The answers of a path as the flowchart page writes them in its address."""
    return ",".join(f"{node}:{answer}" for node, answer in steps)


def tree_path_lines(tree: DecisionTree) -> list[str]:
    lines = []
    for steps, outcome_id in tree.paths():
        outcome = tree.nodes[outcome_id]
        assert isinstance(outcome, Outcome)
        consult = " (consult)" if outcome.consult else ""
        lines.append(f"{tree.id} {state_string(steps)} -> {outcome_id} = {outcome.service}{consult}")
    return lines


def golden_text(content: Content) -> str:
    lines = [line for tree_id in sorted(content.trees) for line in tree_path_lines(content.trees[tree_id])]
    return GOLDEN_HEADER + "\n".join(lines) + "\n"
