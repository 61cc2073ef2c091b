#!/usr/bin/env python3
"""What would close the build-time gaps: the same synthetic build with one change at a time.

    .venv/bin/python scripts/benchmark_whatif.py --size 2000

Each variant is a temporary copy of the project with one edit (never the repository
itself); it prints and writes benchmarks/whatif.json and a Markdown table to stdout.
Variants:
- as-is: the project as it is;
- no-search-dedup: mkdocs.yml with static-i18n's `reconfigure_search: false` and the
  search plugin given both languages itself (what the dedup step would have set);
- c-yaml: yamlsource's loader on PyYAML's C parser (CSafeLoader), same constructors;
- both: the two changes together;
- baseline-no-dedup: the plain-Markdown baseline with the same mkdocs.yml change.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchmark as bench
from synthetic_content import generate


def no_search_dedup(project: Path, langs: tuple[str, ...]) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    text, found = re.subn(
        r"^(\s*)reconfigure_search:\s*true\s*$", r"\1reconfigure_search: false", text, flags=re.M
    )
    if not found:
        text = re.sub(
            r"^(\s*)-\s*i18n:\s*$", r"\g<0>\n\1    reconfigure_search: false", text, count=1, flags=re.M
        )
    text = re.sub(
        r"^(\s*)-\s*search\s*$", rf"\1- search:\n\1    lang: [{', '.join(langs)}]", text, count=1, flags=re.M
    )
    config.write_text(text, "utf-8")


def c_yaml(project: Path) -> None:
    source = project / "src" / "handbook" / "yamlsource.py"
    text = source.read_text("utf-8")
    text = text.replace(
        "class _Loader(yaml.SafeLoader):", "class _Loader(getattr(yaml, 'CSafeLoader', yaml.SafeLoader)):"
    )
    source.write_text(text, "utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=2000)
    args = parser.parse_args()
    real = bench.load_content(bench.ROOT)
    langs = real.languages.codes
    work = Path(tempfile.mkdtemp(prefix="handbook-whatif-"))
    variants = {
        "as-is": [],
        "no-search-dedup": [lambda p: no_search_dedup(p, langs)],
        "c-yaml": [c_yaml],
        "both": [lambda p: no_search_dedup(p, langs), c_yaml],
    }
    results: dict[str, object] = {"size": args.size, "machine": bench.machine()}
    try:
        for name, edits in variants.items():
            project = bench.copy_project(work / name)
            bench.copy_real_content(project)
            generate(project, args.size, langs, sorted(real.sources), len(real.concepts), len(real.trees))
            for edit in edits:
                edit(project)
            bench.instrument_hooks(project)
            timings = work / f"{name}.jsonl"
            run = bench.run_build(project, work / f"{name}-site", timings)
            results[name] = asdict(run) | {"hooks": bench.read_hook_timings(timings)}
            bench.log(
                f"{name}: {run.cpu_s} s CPU ({run.wall_s} s wall), "
                f"hooks {results[name]['hooks']['total_s']} s"
            )
            shutil.rmtree(work / f"{name}-site", ignore_errors=True)
            if name == "as-is":
                content = bench.load_content(project)
            shutil.rmtree(project, ignore_errors=True)
        project = bench.copy_project(work / "baseline")
        bench.write_baseline(project, content)
        no_search_dedup(project, langs)
        run = bench.run_build(project, work / "baseline-site")
        results["baseline-no-dedup"] = asdict(run)
        bench.log(f"baseline-no-dedup: {run.cpu_s} s CPU ({run.wall_s} s wall)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out = bench.ROOT / "benchmarks" / "whatif.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"| variant (N={args.size}) | build CPU s | wall s | load | peak MB | hooks CPU s |")
    print("|---|---|---|---|---|---|")
    for name, run in results.items():
        if isinstance(run, dict) and "cpu_s" in run:
            hooks = run.get("hooks", {}).get("total_s", "–")
            print(
                f"| {name} | {run['cpu_s']} | {run['wall_s']} | {run['load_before']} | "
                f"{run['peak_mb']} | {hooks} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
