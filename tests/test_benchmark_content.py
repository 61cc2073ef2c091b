"""The benchmark's synthetic content stays valid as the schema changes: if this fails,
scripts/synthetic_content.py needs to follow the schema, or the benchmark measures an
error message instead of a build."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from handbook.loading import load_content
from handbook.model import Question
from handbook.validation import MAX_TREE_DEPTH

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from synthetic_content import DEEPEST_TREE, generate  # noqa: E402


def test_synthetic_content_loads_beside_the_real_content(tmp_path: Path) -> None:
    real = load_content(ROOT)
    for name in ("languages.yaml", "sources.yaml"):
        shutil.copy(ROOT / name, tmp_path / name)
    for folder in ("schemas", "glossary", "conditions", "decision_trees"):
        shutil.copytree(ROOT / folder, tmp_path / folder)

    # The generator fills up to N beside the real content, so N must exceed it.
    size = len(real.concepts) + 40
    generate(tmp_path, size, real.languages.codes, sorted(real.sources), len(real.concepts), len(real.trees))
    content = load_content(tmp_path)

    assert len(content.concepts) == size
    assert content.services.keys() > real.services.keys()
    deepest = content.trees[DEEPEST_TREE]
    depth = max(sum(isinstance(deepest.nodes[n], Question) for n, _ in steps) for steps, _ in deepest.paths())
    assert depth == MAX_TREE_DEPTH
