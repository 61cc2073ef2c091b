"""Compare the Finnish analysers on the same word list: speed, and whether their lemmas and
compound parts are the same (what the term finder uses).

    .venv/bin/python scripts/compare_analysers.py            # real content + docs/
    .venv/bin/python scripts/compare_analysers.py --synthetic 2000

The word list is every distinct lowercase word form of the content's YAML files and the
hand-written pages (with --synthetic N, of the benchmark's synthetic content too). Each
backend analyses the list once, in this process, without any cache. CPU seconds per word.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from handbook.morphology import BACKENDS  # noqa: E402
from handbook.terminology import _WORD  # noqa: E402


def words_of(folders: list[Path]) -> list[str]:
    found: set[str] = set()
    for folder in folders:
        for file in [*folder.rglob("*.yaml"), *folder.rglob("*.md")]:
            for match in _WORD.finditer(file.read_text("utf-8", errors="replace")):
                word = match.group().split(":", 1)[0].lower().replace("‐", "-").split("-")[-1]
                if word.isalpha():
                    found.add(word)
    return sorted(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--synthetic", type=int, default=0, help="add N synthetic concepts' words")
    args = parser.parse_args()
    folders = [ROOT / d for d in ("glossary", "decision_trees", "service_paths", "docs")]
    with tempfile.TemporaryDirectory() as tmp:
        if args.synthetic:
            from benchmark import copy_project
            from synthetic_content import generate

            project = copy_project(Path(tmp) / "p")
            generate(project, args.synthetic)
            folders = [project / d for d in ("glossary", "decision_trees", "service_paths", "docs")]
        words = words_of(folders)
    print(f"{len(words)} distinct word forms")
    answers = {}
    for name, backend_type in BACKENDS.items():
        try:
            start = time.process_time()
            backend = backend_type()
            setup = time.process_time() - start
        except Exception as error:
            print(f"{name}: not available ({error})")
            continue
        start = time.process_time()
        answers[name] = [backend.lookup(w) for w in words]
        took = time.process_time() - start
        print(
            f"{backend.version}: start {setup:.2f} s, {took:.2f} s CPU for {len(words)} words = "
            f"{1000 * took / len(words):.4f} ms/word"
        )
    if len(answers) == 2:
        a, b = answers.values()
        differ = [(w, x, y) for w, x, y in zip(words, a, b, strict=True) if set(x) != set(y)]
        print(f"different analyses (lemma, parts): {len(differ)} of {len(words)} words")
        for word, x, y in differ[:20]:
            print(f"  {word}: {next(iter(answers))} {x} / {list(answers)[1]} {y}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
