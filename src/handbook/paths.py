"""Every root-to-leaf path of every decision tree, as text lines for the golden file.

A path is written as the answers given, `node:answer,node:answer`: the same form the
flowchart page keeps in its address (`#a=...`), so a line of the golden file is also a
link to that result. Reviewers see any change of an outcome as a changed line.
"""

from __future__ import annotations

from handbook.eligibility import path_results
from handbook.model import Content, DecisionTree

GOLDEN_HEADER = (
    "# Every root-to-leaf path of every decision tree: tree, answers (node:answer), outcome node = service,\n"
    "# then the conditions the path affirmed (yes), denied (no) and left open (not sure), and every\n"
    "# service the answers fit. Generated; do not edit. Regenerate with:\n"
    "#   handbook paths > tests/golden/tree_paths.txt\n"
)


def state_string(steps: tuple[tuple[str, str], ...]) -> str:
    """The answers of a path as the flowchart page writes them in its address."""
    return ",".join(f"{node}:{answer}" for node, answer in steps)


def tree_path_lines(content: Content, tree: DecisionTree) -> list[str]:
    lines = []
    for result in path_results(content, tree):
        consult = " (consult)" if result.consult else ""
        parts = [f"{tree.id} {result.state} -> {result.outcome} = {result.service}{consult}"]
        for word, ids in (("yes", result.affirmed), ("no", result.denied), ("not sure", result.unsure)):
            if ids:
                parts.append(f"{word}: {', '.join(ids)}")
        parts.append(f"fits: {', '.join(result.fitting) or '-'}")
        lines.append(" | ".join(parts))
    return lines


def golden_text(content: Content) -> str:
    lines = [
        line for tree_id in sorted(content.trees) for line in tree_path_lines(content, content.trees[tree_id])
    ]
    return GOLDEN_HEADER + "\n".join(lines) + "\n"
