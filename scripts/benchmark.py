#!/usr/bin/env python3
"""Benchmark the handbook's build at scale, its hooks' share, page weight and Lighthouse.

    .venv/bin/python scripts/benchmark.py                    # full run (about 10 minutes)
    .venv/bin/python scripts/benchmark.py --quick            # small sizes, 2 Lighthouse pages
    .venv/bin/python scripts/benchmark.py --sizes 200,2000 --skip-lighthouse --profile
    .venv/bin/python scripts/benchmark.py --lighthouse-only  # Lighthouse only, into the last results

For every size N it writes synthetic, schema-valid content (N concepts, N/10 of them
services, N/10 decision trees up to depth 8) into a temporary copy of the project, checks
it with `load_content`, builds it with the real hooks (`mkdocs build` in a subprocess),
and builds the same pages as plain pre-written Markdown without hooks as a baseline. It
then measures the real content: validation, `mkdocs serve` edit-to-rebuilt-page time and
Lighthouse on the built site served on 127.0.0.1, by Python's test server and by nginx
with the repository's configuration (deploy/nginx/, as the intranet serves it).

The results go to benchmarks/results.md and benchmarks/results.json (with --quick to
.cache/benchmark/ unless --output is given). Nothing outside the temporary folders and
.cache/ is touched; the real content is copied before it is edited.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime as dt
import functools
import http.server
import json
import os
import platform
import posixpath
import pstats
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_content import DEEPEST_TREE, generate  # noqa: E402

from handbook import contentcache, webserver  # noqa: E402
from handbook.loading import ContentError, content_files, load_content  # noqa: E402
from handbook.model import Content  # noqa: E402
from handbook.rendering import FLOWCHARTS, GLOSSARY, site_pages  # noqa: E402
from handbook.yamlsource import read_yaml  # noqa: E402

CACHE = ROOT / ".cache"
LIGHTHOUSE_DIR = CACHE / "lighthouse"
LIGHTHOUSE_CLI = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/lib/chromium/chromium"
# Chromium must not look up any host but loopback (the site makes no outside requests;
# this keeps Chromium's own background lookups off the network too).
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync "
    "--host-resolver-rules='MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'"
)
# Top-level entries of the repository that a build does not need (content is replaced).
NOT_COPIED = {
    ".git",
    ".venv",
    ".cache",
    "site",
    "benchmarks",
    "tests",
    "node_modules",
    "build",
    "test-results",
    ".pytest_cache",
    ".ruff_cache",
    "glossary",
    "conditions",
    "decision_trees",
}
TIMINGS_ENV = "HANDBOOK_BENCH_TIMINGS"

TARGETS = {
    "ratio": 1.2,  # build CPU / plain-Material baseline of the same pages (issue 15)
    "memory_ratio": 1.5,  # peak memory / baseline's
    "real_validation_s": 0.1,
    "build_s": 30.0,
    "growth": 12.0,
    "hooks_share": 0.10,
    "validation_s": 1.0,
    "edit_to_page_s": 3.0,
    "flowchart_extra_kb": 150.0,
    "page_kb": 500.0,
    "lh_performance": 95,
    "lh_accessibility": 100,
}


# ---------------------------------------------------------------------------- helpers


def log(message: str) -> None:
    stamp = dt.datetime.now(dt.UTC).strftime("%H:%M:%S")
    print(f"[{stamp}] {message}", file=sys.stderr, flush=True)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """CPU seconds of fn (single-threaded: what its wall time is on an idle machine;
    unlike wall time it barely moves when other work shares the 2 cores)."""
    start = time.process_time()
    result = fn()
    return time.process_time() - start, result


def kb(size: float) -> float:
    return round(size / 1024, 1)


def site_path() -> str:
    """The path part of site_url: `mkdocs serve` serves the site under it."""
    return webserver.site_path(ROOT / "mkdocs.yml")


def copy_project(dest: Path) -> Path:
    """The project without its content, tests and caches (the build needs the rest)."""

    def ignore(folder: str, names: list[str]) -> list[str]:
        top = Path(folder) == ROOT
        return [
            n for n in names if (top and n in NOT_COPIED) or n == "__pycache__" or n.endswith(".egg-info")
        ]

    shutil.copytree(ROOT, dest, ignore=ignore, symlinks=True)
    (dest / "overrides").mkdir(exist_ok=True)  # custom_dir must exist even when empty
    return dest


def copy_real_content(dest: Path) -> None:
    for name in ("glossary", "conditions", "decision_trees"):
        shutil.copytree(ROOT / name, dest / name, dirs_exist_ok=True)


def hook_entries(mkdocs_yml: str) -> list[str]:
    """The paths listed under `hooks:` in mkdocs.yml (read as text: the file may hold
    `!!python/name` tags that a safe YAML loader rejects)."""
    match = re.search(r"^hooks:\s*\n((?:[ \t]*-.*\n|[ \t]*\n)+)", mkdocs_yml, re.MULTILINE)
    if not match:
        return []
    return [m.strip().strip("'\"") for m in re.findall(r"-\s*(.+)", match.group(1))]


def without_hooks(mkdocs_yml: str) -> str:
    lines, skipping = [], False
    for line in mkdocs_yml.splitlines(keepends=True):
        if re.match(r"^hooks\s*:", line):
            skipping = True
            continue
        if skipping and (line.startswith((" ", "\t", "-")) or not line.strip()):
            continue
        skipping = False
        lines.append(line)
    return "".join(lines)


_TIMING_WRAPPER = '''"""Benchmark wrapper (generated): runs the hook {name} and times each of its events."""
import atexit, functools, importlib.util, json, os, sys, time
from pathlib import Path

_spec = importlib.util.spec_from_file_location("_bench_orig_{stem}", Path(__file__).with_name("{name}"))
_hook = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = _hook
_spec.loader.exec_module(_hook)
_times = {{}}


def _wrap(event, fn):
    @functools.wraps(fn)  # keeps mkdocs_priority
    def timed(*args, **kwargs):
        start = time.process_time()  # CPU time: comparable with the build's CPU time
        try:
            return fn(*args, **kwargs)
        finally:
            entry = _times.setdefault(event, [0.0, 0])
            entry[0] += time.process_time() - start
            entry[1] += 1
    return timed


for _name in dir(_hook):
    if _name.startswith("on_") and callable(getattr(_hook, _name)):
        globals()[_name] = _wrap(_name, getattr(_hook, _name))


@atexit.register
def _write():
    target = os.environ.get("{env}")
    if target:
        with open(target, "a", encoding="utf-8") as out:
            out.write(json.dumps({{"hook": "{name}", "events": _times}}) + "\\n")
'''


def instrument_hooks(project: Path) -> list[str]:
    """Point mkdocs.yml at generated wrappers that time every event of every hook file,
    so that the hooks' own time is measured inside the real build, hook code untouched."""
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    hooks = hook_entries(text)
    for hook in hooks:
        path = project / hook
        wrapper = path.with_name(f"_bench_{path.stem}.py")
        wrapper.write_text(_TIMING_WRAPPER.format(name=path.name, stem=path.stem, env=TIMINGS_ENV), "utf-8")
        wrapped = str(Path(hook).with_name(wrapper.name))
        text = re.sub(rf"^(\s*-\s*)['\"]?{re.escape(hook)}['\"]?\s*$", rf"\g<1>{wrapped}", text, flags=re.M)
    config.write_text(text, "utf-8")
    return hooks


def read_hook_timings(path: Path) -> dict[str, Any]:
    events: dict[str, float] = collections.Counter()
    calls: dict[str, int] = collections.Counter()
    if path.exists():
        for line in path.read_text("utf-8").splitlines():
            record = json.loads(line)
            for event, (seconds, count) in record["events"].items():
                events[f"{record['hook']}:{event}"] += seconds
                calls[f"{record['hook']}:{event}"] += count
    return {
        "total_s": round(sum(events.values()), 3),
        "events": {k: round(v, 3) for k, v in events.items()},
        "calls": dict(calls),
    }


# ------------------------------------------------------------------------------ build


@dataclass
class BuildRun:
    wall_s: float
    peak_mb: float
    cpu_s: float
    ok: bool
    log_tail: str = ""
    load_before: float = 0.0


# cProfile's default (wall) clock: a CPU-time clock is a system call per function call,
# which made the N=2,000 build run for over 8 minutes. On a busy machine the seconds are
# inflated, so the report gives each package's share of the total.
_PROFILE = (
    "import cProfile, runpy, sys\n"
    "out = sys.argv[1]\n"
    "sys.argv = ['mkdocs', *sys.argv[2:]]\n"
    "profiler = cProfile.Profile()\n"
    "profiler.enable()\n"
    "try:\n"
    "    runpy.run_module('mkdocs', run_name='__main__')\n"
    "except SystemExit as stop:\n"
    "    code = stop.code\n"
    "else:\n"
    "    code = 0\n"
    "profiler.disable()\n"
    "profiler.dump_stats(out)\n"
    "sys.exit(code)\n"
)
GNU_TIME = "/usr/bin/time"


def run_build(
    project: Path, out: Path, timings: Path | None = None, profile: Path | None = None, timeout: float = 1800
) -> BuildRun:
    """`mkdocs build` in a subprocess: wall time, CPU time and peak memory.

    The build runs under GNU time: a child forked straight from this (large) process
    would report this process's memory as its own peak (ru_maxrss survives fork and exec).
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop(TIMINGS_ENV, None)
    if timings:
        env[TIMINGS_ENV] = str(timings)
    if profile:
        command = [sys.executable, "-c", _PROFILE, str(profile), "build", "-q", "-d", str(out)]
    else:
        command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)]
    usage_file = out.parent / f"{out.name}.usage"
    if Path(GNU_TIME).exists():
        command = [GNU_TIME, "-f", "%M %U %S", "-o", str(usage_file), *command]
    log_file = out.parent / f"{out.name}.log"
    load = os.getloadavg()[0]
    start = time.perf_counter()
    with open(log_file, "w") as output:
        process = subprocess.Popen(command, cwd=project, env=env, stdout=output, stderr=subprocess.STDOUT)
    timer = threading.Timer(timeout, process.kill)
    timer.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    peak_kb, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    with contextlib.suppress(OSError, ValueError, IndexError):
        last = usage_file.read_text().split("\n")
        fields = next(line for line in reversed(last) if re.match(r"^\d+ [\d.]+ [\d.]+$", line)).split()
        peak_kb, cpu = int(fields[0]), float(fields[1]) + float(fields[2])
    tail = "\n".join(log_file.read_text("utf-8", "replace").splitlines()[-15:])
    return BuildRun(
        wall_s=round(wall, 2),
        peak_mb=round(peak_kb / 1024, 1),
        cpu_s=round(cpu, 2),
        ok=process.returncode == 0,
        log_tail="" if process.returncode == 0 else tail,
        load_before=round(load, 2),
    )


def material_assets() -> set[str]:
    """Paths (relative to the site) of the files Material itself ships under assets/."""
    import material

    base = Path(material.__file__).parent / "templates"
    return {p.relative_to(base).as_posix() for p in (base / "assets").rglob("*") if p.is_file()}


def search_index_sizes(site: Path, langs: tuple[str, ...]) -> dict[str, Any]:
    """Bytes of search index per language: Material's combined index split by page
    location, and Pagefind's per-language files when the site has them."""
    sizes: dict[str, Any] = {}
    index = site / "search" / "search_index.json"
    if index.exists():
        data = json.loads(index.read_text("utf-8"))
        docs = data.get("docs", [])
        others = tuple(f"{lang}/" for lang in langs[1:])
        for lang in langs:
            mine = [
                d
                for d in docs
                if (
                    d["location"].startswith(f"{lang}/")
                    if lang != langs[0]
                    else not d["location"].startswith(others)
                )
            ]
            sizes[lang] = kb(len(json.dumps(mine, ensure_ascii=False).encode()))
        sizes["file_kb"] = kb(index.stat().st_size)
        sizes["kind"] = "material"
    pagefind = site / "pagefind"
    if pagefind.is_dir():
        files = [p for p in pagefind.rglob("*") if p.is_file()]
        sizes["pagefind"] = {
            lang: kb(sum(p.stat().st_size for p in files if p.name.startswith(f"{lang}_"))) for lang in langs
        }
        sizes["pagefind"]["total_kb"] = kb(sum(p.stat().st_size for p in files))
        sizes["kind"] = "pagefind" if "kind" not in sizes else "material+pagefind"
    return sizes


_REF = re.compile(r"""<(?:script[^>]*\ssrc|link[^>]*\shref|img[^>]*\ssrc)=["']([^"'#?]+)""", re.I)


def page_weight(site: Path, page: str, shared: set[str]) -> dict[str, Any]:
    """Bytes a first visit of `page` loads from disk, split into Material's shared theme
    files and the rest (the page, our CSS/JS, the search index Material fetches)."""
    html_file = site / page
    html = html_file.read_text("utf-8")
    folder = posixpath.dirname(page)
    own, theme, external = html_file.stat().st_size, 0, []
    seen = set()
    for url in _REF.findall(html):
        if re.match(r"^[a-z]+:", url) or url.startswith("//"):
            if not url.startswith("data:"):
                external.append(url)
            continue
        path = posixpath.normpath(posixpath.join(folder, url))
        if path in seen or not (site / path).is_file():
            continue
        seen.add(path)
        size = (site / path).stat().st_size
        if path in shared:
            theme += size
        else:
            own += size
    # Material's search fetches its whole index when any page loads; a site searched with
    # Pagefind (site/pagefind/) loads its index only on a query, in chunks.
    index = site / "search" / "search_index.json"
    eager = index.exists() and "workers/search" in html and not (site / "pagefind").is_dir()
    search = index.stat().st_size if eager else 0
    return {
        "page": page,
        "html_kb": kb(html_file.stat().st_size),
        "own_kb": kb(own),
        "search_index_kb": kb(search),
        "beyond_material_kb": kb(own + search),
        "material_kb": kb(theme),
        "external": external,
    }


def site_metrics(site: Path, langs: tuple[str, ...]) -> dict[str, Any]:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    largest = max(pages, key=lambda p: p.stat().st_size)
    return {
        "files": len(files),
        "pages": len(pages),
        "size_mb": round(sum(p.stat().st_size for p in files) / 2**20, 2),
        "largest_page": largest.relative_to(site).as_posix(),
        "largest_page_kb": kb(largest.stat().st_size),
        "search": search_index_sizes(site, langs),
    }


def hooks_work(root: Path, content: Content) -> dict[str, float]:
    """The hooks' work timed in-process, by phase: parse (YAML), load (parse + schema +
    cross-file checks = `load_content`), render (`site_pages`, per language)."""
    files = content_files(root)
    parse, _ = timed(lambda: [read_yaml(f) for f in files])
    load, _ = timed(lambda: load_content(root))
    phases = {
        "parse_s": round(parse, 3),
        "load_content_s": round(load, 3),
        "validate_s": round(load - parse, 3),
    }
    for lang in content.languages.codes:
        seconds, _ = timed(lambda lang=lang: site_pages(content, lang))
        phases[f"render_{lang}_s"] = round(seconds, 3)
    return phases


def write_baseline(project: Path, content: Content) -> None:
    """The same pages as pre-written Markdown (what the renderer produces), no hooks, and
    Material's own templates (the project's overrides may need what hooks provide)."""
    config = project / "mkdocs.yml"
    text = without_hooks(config.read_text("utf-8"))
    text = re.sub(r"^[ \t]+custom_dir:.*\n", "", text, flags=re.M)
    config.write_text(text, "utf-8")
    docs = project / "docs"
    for lang in content.languages.codes:
        for path, markdown in site_pages(content, lang).items():
            target = docs / f"{path.removesuffix('.md')}.{lang}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(markdown, "utf-8")


def profile_summary(profile: Path, top: int = 12) -> dict[str, Any]:
    """Where a profiled build spends its time: own time per package, and the functions
    with most cumulative time."""
    stats = pstats.Stats(str(profile))
    packages: dict[str, float] = collections.Counter()
    names = [
        "mkdocs_static_i18n",
        "material",
        "mkdocs",
        "markdown",
        "pymdownx",
        "jinja2",
        "yaml",
        "jsonschema",
        "handbook",
        "hooks",
        "markupsafe",
        "json",
        "re",
    ]
    functions = []
    for (filename, line, name), (_, _, own, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
        package = next((p for p in names if f"/{p}/" in filename), "other")
        packages[package] += own
        functions.append((cumulative, f"{'/'.join(Path(filename).parts[-2:])}:{line}({name})"))
    total = stats.total_tt  # type: ignore[attr-defined]
    functions.sort(reverse=True)
    interesting = [
        f for f in functions if not re.search(r"click/|runpy|<string>|builtins|__main__|plugins\.py", f[1])
    ]
    return {
        "total_s": round(total, 1),
        "own_time_by_package": {k: round(v, 1) for k, v in packages.most_common()},
        "top_cumulative": [{"s": round(c, 1), "function": f} for c, f in interesting[:top]],
    }


def bench_size(n: int, work: Path, real: Content, profile: bool, serve: bool = False) -> dict[str, Any]:
    project = copy_project(work / f"n{n}")
    # The real content stays: hand-written pages and other content files link to it.
    copy_real_content(project)
    # Synthetic statements cite sources without a regional scope (they would need `scope`).
    langs, sources = real.languages.codes, sorted(k for k, s in real.sources.items() if s.scope is None)
    info = generate(project, n, langs, sources, len(real.concepts), len(real.trees))
    log(f"N={n}: generated {info}")
    load_time, content = timed(lambda: load_content(project))  # the one loader checks it
    contentcache._open.clear()  # as a new process: the next load reads .cache/content from disk
    warm_time, _ = timed(lambda: load_content(project))
    result: dict[str, Any] = {
        "n": n,
        "generated": asdict(info),
        "load_content_s": round(load_time, 3),
        "load_content_warm_s": round(warm_time, 3),
    }
    result["hooks_work"] = hooks_work(project, content)

    hooks = instrument_hooks(project)
    # First build: no .cache/ (every file parsed and checked, every word analysed); second
    # build of the same, unchanged project: what the caches save on every later build.
    shutil.rmtree(project / ".cache", ignore_errors=True)
    for label in ("build", "build_warm"):
        timings = work / f"n{n}-{label}-timings.jsonl"
        build = run_build(project, work / f"n{n}-site", timings)
        result[label] = asdict(build)
        result[label.replace("build", "hooks")] = read_hook_timings(timings) | {"files": hooks}
        log(
            f"N={n}: {label} {build.cpu_s} s CPU ({build.wall_s} s wall), {build.peak_mb} MB, hooks "
            f"{result[label.replace('build', 'hooks')]['total_s']} s"
            + ("" if build.ok else f" FAILED:\n{build.log_tail}")
        )
        if label == "build" and build.ok:
            site = work / f"n{n}-site"
            result["site"] = site_metrics(site, content.languages.codes)
            shared = material_assets()
            result["flowchart_page"] = page_weight(site, f"{FLOWCHARTS}/{DEEPEST_TREE}/index.html", shared)
        shutil.rmtree(work / f"n{n}-site", ignore_errors=True)
    build = BuildRun(**result["build"])
    baseline_dir = copy_project(work / f"n{n}-baseline")
    write_baseline(baseline_dir, content)
    base = run_build(baseline_dir, work / f"n{n}-baseline-site")
    result["baseline"] = asdict(base)
    log(
        f"N={n}: baseline {base.wall_s} s, {base.peak_mb} MB"
        + ("" if base.ok else f" FAILED:\n{base.log_tail}")
    )
    if base.ok and build.ok:
        result["ratio_to_baseline"] = round(build.cpu_s / base.cpu_s, 2)
        if result["build_warm"]["ok"]:
            result["ratio_to_baseline_warm"] = round(result["build_warm"]["cpu_s"] / base.cpu_s, 2)
        result["memory_ratio"] = round(build.peak_mb / base.peak_mb, 2) if base.peak_mb else None
        result["baseline_site"] = site_metrics(work / f"n{n}-baseline-site", content.languages.codes)
    shutil.rmtree(work / f"n{n}-baseline-site", ignore_errors=True)

    if profile:
        log(f"N={n}: profiled build (cProfile)")
        prof = work / f"n{n}.prof"
        run = run_build(project, work / f"n{n}-profiled-site", profile=prof)
        if run.ok and prof.exists():
            result["profile"] = profile_summary(prof) | {"wall_s_under_profiler": run.wall_s}
        shutil.rmtree(work / f"n{n}-profiled-site", ignore_errors=True)
    if serve:
        log(f"N={n}: mkdocs serve edit-to-page")
        result["serve"] = measure_serve(work, 2, project=project)
    shutil.rmtree(project, ignore_errors=True)
    shutil.rmtree(baseline_dir, ignore_errors=True)
    return result


# ------------------------------------------------------------------------ real content


def validation_times() -> dict[str, Any]:
    # Every file parsed and checked (no cache), then the usual case: unchanged files.
    os.environ["HANDBOOK_CACHE"] = "off"
    try:
        cold, content = timed(lambda: load_content(ROOT))
    finally:
        del os.environ["HANDBOOK_CACHE"]
    load_content(ROOT)  # writes .cache/content
    runs = []
    for _ in range(5):
        contentcache._open.clear()  # from disk, as a new process would
        seconds, content = timed(lambda: load_content(ROOT))
        runs.append(seconds)
    cli = shutil.which("handbook", path=str(Path(sys.executable).parent)) or ""
    cli_s = None
    if cli:
        start = time.perf_counter()
        done = subprocess.run([cli, "--root", str(ROOT), "validate"], capture_output=True, text=True)
        cli_s = round(time.perf_counter() - start, 3) if done.returncode == 0 else None
    return {
        "concepts": len(content.concepts),
        "services": len(content.services),
        "trees": len(content.trees),
        "load_content_first_s": round(cold, 3),
        "load_content_median_s": round(statistics.median(runs), 3),
        "cli_validate_s": cli_s,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 5) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _edit_target(content: Content) -> tuple[Path, str, str] | None:
    """A concept without a note (or an example): adding one shows on its page."""
    for field_name in ("note", "example"):
        for concept in content.concepts.values():
            if getattr(concept, field_name) is None:
                return Path(concept.loc.path), concept.id, field_name
    return None


def _cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) a running process has used so far (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure_serve(work: Path, repeats: int, project: Path | None = None) -> dict[str, Any]:
    """Seconds from saving a glossary YAML file to `mkdocs serve` serving the new page (in
    a copy of the real project, or in `project`, e.g. the synthetic one at N = 2,000)."""
    if project is None:
        project = copy_project(work / "serve")
        copy_real_content(project)
    content = load_content(project)
    target = _edit_target(content)
    if target is None:
        return {"skipped": "every concept has a note and an example"}
    relative, concept_id, field_name = target
    yaml_file = project / relative
    original = yaml_file.read_text("utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}{site_path()}"
    url = f"{base}{GLOSSARY}/{concept_id}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log_file = work / "serve.log"
    with open(log_file, "w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    result: dict[str, Any] = {
        "file": str(relative),
        "page": url.removeprefix(base),
        "runs_s": [],
        "load_before": round(os.getloadavg()[0], 2),
    }
    try:
        start = time.perf_counter()
        while fetch(url) is None:
            if process.poll() is not None or time.perf_counter() - start > 1800:
                return result | {"error": "mkdocs serve did not start: " + log_file.read_text()[-800:]}
            time.sleep(0.2)
        result["startup_s"] = round(time.perf_counter() - start, 2)
        time.sleep(1.5)  # let the watcher settle after the first build
        for run in range(repeats):
            marker = f"benchmarkmarker{run}x{int(time.time())}"
            block = "\n".join(
                [f"{field_name}:", *[f"  {lang}: {marker}" for lang in content.languages.codes]]
            )
            cpu_before = _cpu_seconds(process.pid)
            yaml_file.write_text(f"{original.rstrip()}\n{block}\n", "utf-8")
            saved = time.perf_counter()
            while True:
                page = fetch(url)
                elapsed = time.perf_counter() - saved
                if page and marker in page:
                    result["runs_s"].append(round(elapsed, 2))
                    result.setdefault("rebuild_cpu_s", []).append(
                        round(_cpu_seconds(process.pid) - cpu_before, 2)
                    )
                    break
                if elapsed > 300:
                    result["runs_s"].append(None)
                    result["error"] = "page did not change within 300 s: " + log_file.read_text()[-800:]
                    break
                time.sleep(0.05)
            time.sleep(1.5)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        yaml_file.write_text(original, "utf-8")
    done = [r for r in result["runs_s"] if r is not None]
    result["median_s"] = round(statistics.median(done), 2) if done else None
    # What each rebuild rebuilt (hooks/serving.py logs it), e.g. "12 page(s) (fi; 2217 ...)".
    rebuilt = r"serve: rebuilt (\d+ page\(s\) \(\w+; \d+) generated"
    result["rebuilt"] = re.findall(rebuilt, log_file.read_text("utf-8", "replace"))
    return result


# -------------------------------------------------------------------------- lighthouse


def ensure_lighthouse() -> str | None:
    """Path of Lighthouse's CLI, installed into .cache/lighthouse with npm if missing."""
    if LIGHTHOUSE_CLI.exists():
        return None
    if not shutil.which("npm"):
        return "npm is not installed (apt-get install npm)"
    log("installing Lighthouse into .cache/lighthouse (npm)")
    done = subprocess.run(
        ["npm", "install", "--prefix", str(LIGHTHOUSE_DIR), "--no-audit", "--no-fund", "lighthouse@12"],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0 or not LIGHTHOUSE_CLI.exists():
        return "npm install lighthouse failed: " + done.stderr[-500:]
    return None


@contextlib.contextmanager
def serve_static(directory: Path, mount: str = "/") -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 under the path `mount` (site_url's path, as on the
    intranet: Material fetches e.g. the sitemap from there). Yields the site's base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    webroot = Path(tempfile.mkdtemp(prefix="webroot-", dir=directory.parent))
    target = webroot / mount.strip("/") if mount.strip("/") else webroot
    if target == webroot:
        webroot = directory
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(directory, target_is_directory=True)
    handler = functools.partial(Quiet, directory=str(webroot))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{mount}"
    finally:
        server.shutdown()


def lighthouse_pages(content: Content) -> list[tuple[str, str]]:
    """(label, path) of the front page, the glossary, a service page and a flowchart page
    in every language; other languages live under /<code>/."""
    service = next(iter(sorted(content.services)), None)
    tree = next(iter(sorted(content.trees)), None)
    pages = [("front", ""), ("glossary", f"{GLOSSARY}/")]
    if service:
        pages.append(("service", f"{GLOSSARY}/{service}/"))
    if tree:
        pages.append(("flowchart", f"{FLOWCHARTS}/{tree}/"))
    default = content.languages.default
    return [
        (f"{label} ({lang})", path if lang == default else f"{lang}/{path}")
        for lang in content.languages.codes
        for label, path in pages
    ]


def _audit_item(item: dict[str, Any]) -> str:
    """A short text saying which element or request failed an audit."""
    node = item.get("node") or {}
    if node:
        return f"{node.get('selector', '')} ({node.get('nodeLabel', '')[:40]})"
    location = item.get("sourceLocation") or {}
    return f"{item.get('description', '')[:80]} {location.get('url', item.get('url', ''))}".strip()


def run_lighthouse(url: str, out: Path, shared: set[str], base: str) -> dict[str, Any]:
    """One Lighthouse run; `base` is the site's base URL (requests elsewhere are outside
    the site; files under it that Material ships count as Material's)."""
    command = [
        "node",
        str(LIGHTHOUSE_CLI),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--chrome-path={CHROMIUM}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--only-categories=performance,accessibility,best-practices",
        "--max-wait-for-load=30000",
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=240, env={**os.environ, "CHROME_PATH": CHROMIUM}
    )
    if done.returncode != 0 or not out.exists():
        return {"error": (done.stderr or done.stdout)[-600:]}
    report = json.loads(out.read_text("utf-8"))
    scores = {k: round((v.get("score") or 0) * 100) for k, v in report["categories"].items()}
    audits = report["audits"]
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(base))
    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    beyond = 0
    external = []
    for item in requests:
        if item["url"].startswith("data:"):
            continue
        if not item["url"].startswith(origin):
            external.append(item["url"])
        elif urlsplit(item["url"]).path.removeprefix(urlsplit(base).path) not in shared:
            beyond += item.get("transferSize", 0)
    failed: dict[str, list[str]] = {}
    for category in report["categories"].values():
        if category["id"] not in ("accessibility", "best-practices"):
            continue
        for ref in category["auditRefs"]:
            audit = audits[ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                failed[audit["id"]] = [_audit_item(i) for i in audit.get("details", {}).get("items", [])[:3]]
    return {
        **scores,
        "transfer_kb": kb(audits["total-byte-weight"]["numericValue"]),
        "beyond_material_kb": kb(beyond),
        "requests": len(requests),
        "external_requests": external,
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "failed_audits": failed,
    }


def _lighthouse_runs(
    server: contextlib.AbstractContextManager[str],
    pages: list[tuple[str, str]],
    work: Path,
    shared: set[str],
    repeats: int,
) -> dict[str, Any]:
    runs = {}
    with server as base:
        for label, path in pages:
            log(f"Lighthouse: {label} at {base}")
            # Scores move a few points between runs on a busy machine: keep the median run.
            tries = [run_lighthouse(base + path, work / "lh.json", shared, base) for _ in range(repeats)]
            good = sorted((t for t in tries if "error" not in t), key=lambda t: t["performance"])
            chosen = good[len(good) // 2] if good else tries[0]
            runs[label] = {
                "path": "/" + path,
                **chosen,
                "performance_runs": [t.get("performance") for t in tries],
            }
    return runs


# Where Lighthouse loads the site from: Python's test server (no compression, no cache
# headers) and nginx with the repository's configuration (deploy/nginx/), as published.
LIGHTHOUSE_SERVERS = {
    "lighthouse": "Python's test server",
    "lighthouse_nginx": "nginx with deploy/nginx/ (production configuration)",
}


def measure_real_site(
    work: Path, content: Content, lighthouse: bool, quick: bool,
    servers: tuple[str, ...] = ("python", "nginx")
) -> dict[str, Any]:
    repeats = 1 if quick else 3
    project = copy_project(work / "real")
    copy_real_content(project)
    site = work / "real-site"
    build = run_build(project, site)
    result: dict[str, Any] = {"build": asdict(build)}
    if not build.ok:
        return result
    result["site"] = site_metrics(site, content.languages.codes)
    shared = material_assets()
    result["flowchart_pages"] = [
        page_weight(site, f"{path}index.html", shared)
        for label, path in lighthouse_pages(content)
        if label.startswith("flowchart")
    ]
    if not lighthouse:
        result["lighthouse"] = {"skipped": "--skip-lighthouse"}
        return result
    problem = ensure_lighthouse()
    if problem or not Path(CHROMIUM).exists():
        result["lighthouse"] = {"skipped": problem or f"no Chromium at {CHROMIUM}"}
        return result
    pages = lighthouse_pages(content)
    if quick:
        pages = [p for p in pages if p[0].startswith("front")]
    if "python" in servers:
        result["lighthouse"] = _lighthouse_runs(serve_static(site, site_path()), pages, work, shared, repeats)
    if "nginx" in servers:
        if webserver.find_nginx() is None:
            result["lighthouse_nginx"] = {"skipped": "nginx is not installed (apt-get install nginx)"}
        else:
            server = webserver.serving(webserver.make_config(site), work / "nginx")
            result["lighthouse_nginx"] = _lighthouse_runs(server, pages, work, shared, repeats)
    return result


# ---------------------------------------------------------------------------- machine


def machine() -> dict[str, Any]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = 0
    with contextlib.suppress(OSError, ValueError):
        memory = int(Path("/proc/meminfo").read_text().split()[1]) // 2**20
    versions = {}
    for package in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "Markdown", "PyYAML", "jsonschema"):
        with contextlib.suppress(Exception):
            from importlib.metadata import version

            versions[package] = version(package)
    lighthouse = None
    package_json = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "package.json"
    if package_json.exists():
        lighthouse = json.loads(package_json.read_text())["version"]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    branch = subprocess.run(
        ["git", "rev-parse", "--abbrev-ref", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": versions,
        "lighthouse": lighthouse,
        "commit": commit.stdout.strip(),
        "branch": branch.stdout.strip(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


# ---------------------------------------------------------------------------- report


@dataclass
class Verdict:
    target: str
    limit: str
    measured: str
    ok: bool | None
    miss: str = ""
    notes: list[str] = field(default_factory=list)


def verdicts(results: dict[str, Any]) -> list[Verdict]:
    sizes = {r["n"]: r for r in results["sizes"] if r.get("build", {}).get("ok")}
    out: list[Verdict] = []
    big = sizes.get(2000) or (sizes[max(sizes)] if sizes else None)
    small = sizes.get(200) or (sizes[min(sizes)] if sizes else None)
    if big:
        n = big["n"]
        for label, key, ratio_key in (
            ("first build, empty .cache", "build", "ratio_to_baseline"),
            ("second build, unchanged content", "build_warm", "ratio_to_baseline_warm"),
        ):
            ratio = big.get(ratio_key)
            if ratio is None:
                continue
            run = big[key]
            out.append(
                Verdict(
                    f"build CPU / plain-Material baseline, N={n} ({label})",
                    "≤ 1.2×",
                    f"{run['cpu_s']} s / {big['baseline']['cpu_s']} s = {ratio}× "
                    f"(wall {run['wall_s']} s / {big['baseline']['wall_s']} s)",
                    ratio <= TARGETS["ratio"],
                    f"+{ratio - TARGETS['ratio']:.2f}×",
                )
            )
        for label, key, hooks_key in (
            ("first build", "build", "hooks"),
            ("second build", "build_warm", "hooks_warm"),
        ):
            if key not in big or hooks_key not in big:
                continue
            cpu = big[key]["cpu_s"]
            share = big[hooks_key]["total_s"] / cpu if cpu else 0
            out.append(
                Verdict(
                    f"hooks' own time, N={n} ({label})",
                    "≤ 10 % of the build",
                    f"{big[hooks_key]['total_s']} s = {share:.0%}",
                    share <= TARGETS["hooks_share"],
                    f"+{(share - TARGETS['hooks_share']) * 100:.0f} points",
                )
            )
        for label, key in (("empty .cache", "load_content_s"), ("unchanged files", "load_content_warm_s")):
            if key not in big:
                continue
            load = big[key]
            out.append(
                Verdict(
                    f"validation (load_content), N={n} ({label})",
                    "≤ 1 s",
                    f"{load} s",
                    load <= TARGETS["validation_s"],
                    f"+{load - TARGETS['validation_s']:.2f} s",
                )
            )
        if big.get("memory_ratio") is not None:
            ratio = big["memory_ratio"]
            out.append(
                Verdict(
                    f"peak memory / baseline, N={n}",
                    "≤ 1.5×",
                    f"{big['build']['peak_mb']} MB / {big['baseline']['peak_mb']} MB = {ratio}×",
                    ratio <= TARGETS["memory_ratio"],
                    f"+{ratio - TARGETS['memory_ratio']:.2f}×",
                )
            )
        serve = big.get("serve", {})
        if serve.get("median_s") is not None:
            seconds = serve["median_s"]
            out.append(
                Verdict(
                    f"mkdocs serve: save a YAML file → its page served, N={n}",
                    "≤ 3 s",
                    f"{seconds} s wall (runs {serve['runs_s']}; the rebuild's CPU "
                    f"{serve.get('rebuild_cpu_s')} s; rebuilt {serve.get('rebuilt', [])[-2:]}; "
                    f"load {serve.get('load_before')})",
                    seconds <= TARGETS["edit_to_page_s"],
                    f"+{seconds - 3:.1f} s",
                )
            )
        elif serve:
            out.append(Verdict(f"mkdocs serve, N={n}", "≤ 3 s", "error", False, str(serve)[:200]))
    if big and small and big is not small:
        growth = big["build"]["cpu_s"] / small["build"]["cpu_s"]
        out.append(
            Verdict(
                f"growth t({big['n']})/t({small['n']})",
                "≤ 12",
                f"{growth:.1f}",
                growth <= TARGETS["growth"],
                f"+{growth - TARGETS['growth']:.1f}",
            )
        )
    real = results.get("real", {})
    val = real.get("validation", {})
    if val:
        seconds = val["load_content_median_s"]
        out.append(
            Verdict(
                "validation of the real content (load_content, median of 5 in one process)",
                "≤ 0.1 s",
                f"{seconds} s (first {val['load_content_first_s']} s; CLI {val['cli_validate_s']} s)",
                seconds <= TARGETS["real_validation_s"],
                f"+{seconds - TARGETS['real_validation_s']:.2f} s",
            )
        )
    serve = real.get("serve", {})
    if serve.get("median_s") is not None:
        seconds = serve["median_s"]
        out.append(
            Verdict(
                "edit-to-rebuilt page (mkdocs serve), real content",
                "≤ 3 s",
                f"{seconds} s wall (runs {serve['runs_s']}; the rebuild's CPU "
                f"{serve.get('rebuild_cpu_s')} s; load {serve.get('load_before')})",
                seconds <= TARGETS["edit_to_page_s"],
                f"+{seconds - 3:.1f} s"
                + (
                    "; wall time waited for other work: the rebuild itself used "
                    f"{max(serve['rebuild_cpu_s'])} s CPU"
                    if serve.get("rebuild_cpu_s") and max(serve["rebuild_cpu_s"]) <= TARGETS["edit_to_page_s"]
                    else ""
                ),
            )
        )
    pages = list(real.get("flowchart_pages", []))
    if big and big.get("flowchart_page"):
        pages.append({**big["flowchart_page"], "page": f"N={big['n']}: {big['flowchart_page']['page']}"})
    for page in pages:
        extra = page["beyond_material_kb"]
        out.append(
            Verdict(
                f"flowchart page beyond Material's files: {page['page']}",
                "≤ 150 KB",
                f"{extra} KB (page {page['html_kb']} KB + own assets, search index "
                f"{page['search_index_kb']} KB)",
                extra <= TARGETS["flowchart_extra_kb"],
                f"+{extra - TARGETS['flowchart_extra_kb']:.0f} KB",
            )
        )
    largest = [
        (r["site"]["largest_page_kb"], f"N={n}: {r['site']['largest_page']}")
        for n, r in sizes.items()
        if "site" in r
    ]
    if real.get("site"):
        largest.append((real["site"]["largest_page_kb"], f"real: {real['site']['largest_page']}"))
    if largest:
        size, where = max(largest)
        out.append(
            Verdict(
                "largest page (HTML)",
                "≤ 500 KB",
                f"{size} KB ({where})",
                size <= TARGETS["page_kb"],
                f"+{size - TARGETS['page_kb']:.0f} KB",
            )
        )
    # Judged on the production configuration where it was measured: that is what users get.
    lighthouse = real.get("lighthouse_nginx", {})
    if not lighthouse or "skipped" in lighthouse:
        lighthouse = real.get("lighthouse", {})
    if lighthouse and "skipped" not in lighthouse:
        for label, run in lighthouse.items():
            if "error" in run:
                out.append(Verdict(f"Lighthouse {label}", "ran", "error", False, run["error"][:120]))
                continue
            perf, a11y = run.get("performance", 0), run.get("accessibility", 0)
            ok = perf >= TARGETS["lh_performance"] and a11y >= TARGETS["lh_accessibility"]
            miss = []
            if perf < TARGETS["lh_performance"]:
                miss.append(f"performance −{TARGETS['lh_performance'] - perf}")
            if a11y < TARGETS["lh_accessibility"]:
                miss.append(f"accessibility −{TARGETS['lh_accessibility'] - a11y}")
            out.append(
                Verdict(
                    f"Lighthouse {label}",
                    "perf ≥ 95, a11y 100",
                    f"perf {perf}, a11y {a11y}",
                    ok,
                    ", ".join(miss),
                )
            )
    return out


def findings(results: dict[str, Any]) -> list[str]:
    """Measured explanations, written from the numbers of this run."""
    notes = []
    sizes = [r for r in results["sizes"] if r.get("build", {}).get("ok")]
    for r in sizes:
        wall, hooks, base = r["build"]["cpu_s"], r["hooks"]["total_s"], r.get("baseline", {})
        work = r["hooks_work"]
        render = sum(v for k, v in work.items() if k.startswith("render_"))
        line = (
            f"N={r['n']}: build {wall} s; hooks {hooks} s ({hooks / wall:.0%}) = YAML parse "
            f"{work['parse_s']} s + schema/model/cross-checks {work['validate_s']} s + render {render:.2f} s "
            f"(+ MkDocs glue)"
        )
        if base.get("ok"):
            line += (
                f"; plain Markdown without hooks {base['cpu_s']} s, so MkDocs + Material + static-i18n "
                f"alone take {base['cpu_s'] / wall:.0%} of our build"
            )
        notes.append(line + ".")
    for r in sizes:
        prof = r.get("profile")
        if not prof:
            continue
        total = prof["total_s"] or 1
        packages = ", ".join(f"{k} {v / total:.0%}" for k, v in list(prof["own_time_by_package"].items())[:7])
        top = "; ".join(f"{f['function']} {f['s'] / total:.0%}" for f in prof["top_cumulative"][:8])
        notes.append(
            f"Profile of N={r['n']} (cProfile, {prof['wall_s_under_profiler']} s under the profiler): "
            f"share of own time by package: {packages}. Largest cumulative share: {top}."
        )
    return notes


def _fmt(value: Any) -> str:
    return "–" if value is None else str(value)


def markdown_report(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        "# Benchmark results",
        "",
        f"Written by `scripts/benchmark.py {' '.join(results['argv'])}` on {results['date']} "
        f"(took {results['duration_min']} min). Analysis and what would close the gaps: "
        "[ANALYSIS.md](ANALYSIS.md).",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, {m['os']}, Python {m['python']}; "
        + ", ".join(f"{k} {v}" for k, v in m["packages"].items())
        + (f", Lighthouse {m['lighthouse']}" if m["lighthouse"] else "")
        + f". Branch `{m['branch']}` at {m['commit']}. Load average at start {m['load_average_at_start']} "
        "(other work on the machine makes single runs noisy).",
        "",
        "## Targets",
        "",
        "| target | limit | measured | met? | missed by |",
        "|---|---|---|---|---|",
    ]
    for v in verdicts(results):
        mark = "yes" if v.ok else ("no" if v.ok is False else "–")
        lines.append(f"| {v.target} | {v.limit} | {v.measured} | {mark} | {'' if v.ok else v.miss} |")
    lines += [
        "",
        "## Synthetic content, per size",
        "",
        "N concepts (N/10 services), N/10 decision trees (depth 2–8), Finnish and English: "
        "synthetic ones generated beside the real content. "
        "`build` = `mkdocs build` with the real hooks; `baseline` = the same pages as plain "
        "Markdown files with Material and static-i18n and no hooks (nor theme overrides). "
        "Times are CPU seconds "
        "(user + system) of the build process, wall seconds in brackets: the build runs on one "
        "core, so on an idle machine wall ≈ CPU, while wall time also counts waiting for the "
        "other work on this shared machine (load = load average just before the build); the "
        "targets are judged on CPU time. Hooks = CPU time inside the hooks' events in the real "
        "build (timing wrapper); load_content and render are timed in-process. Peak memory = "
        "the build process's maximum resident set.",
        "",
        "| N | pages | build s (wall) | second build s (wall) | baseline s (wall) | ratio (second) | load | "
        "peak MB (base) | hooks s (share) | hooks, second build | load_content s (unchanged files) | "
        "render s (fi/en) | site MB | largest page | search index KB (fi/en) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results["sizes"]:
        b, base, site = r.get("build", {}), r.get("baseline", {}), r.get("site", {})
        work = r.get("hooks_work", {})
        share = f"{r['hooks']['total_s']} ({r['hooks']['total_s'] / b['cpu_s']:.0%})" if b.get("ok") else "–"
        search = site.get("search", {})
        search_text = "/".join(_fmt(search.get(lang)) for lang in results["languages"])
        if "pagefind" in search:
            search_text += (
                " (Pagefind " + "/".join(_fmt(search["pagefind"].get(x)) for x in results["languages"]) + ")"
            )
        renders = "/".join(_fmt(work.get(f"render_{lang}_s")) for lang in results["languages"])
        warm, warm_hooks = r.get("build_warm", {}), r.get("hooks_warm", {})
        warm_share = "–"
        if warm.get("ok"):
            warm_share = f"{warm_hooks['total_s']} ({warm_hooks['total_s'] / warm['cpu_s']:.0%})"
        lines.append(
            f"| {r['n']} | {_fmt(site.get('pages'))} | {_fmt(b.get('cpu_s'))} ({_fmt(b.get('wall_s'))}) | "
            f"{_fmt(warm.get('cpu_s'))} ({_fmt(warm.get('wall_s'))}) | "
            f"{_fmt(base.get('cpu_s'))} ({_fmt(base.get('wall_s'))}) | {_fmt(r.get('ratio_to_baseline'))} "
            f"({_fmt(r.get('ratio_to_baseline_warm'))}) | "
            f"{_fmt(b.get('load_before'))} | "
            f"{_fmt(b.get('peak_mb'))} ({_fmt(base.get('peak_mb'))}) | {share} | {warm_share} | "
            f"{r['load_content_s']} ({_fmt(r.get('load_content_warm_s'))}) | {renders} | "
            f"{_fmt(site.get('size_mb'))} | "
            f"{_fmt(site.get('largest_page'))} {_fmt(site.get('largest_page_kb'))} KB | {search_text} |"
        )
    ok = [r for r in results["sizes"] if r.get("build", {}).get("ok")]
    if len(ok) >= 2:
        lo, hi = ok[0], ok[-1]
        growth = hi["build"]["cpu_s"] / lo["build"]["cpu_s"]
        base_growth = (
            hi["baseline"]["cpu_s"] / lo["baseline"]["cpu_s"]
            if hi["baseline"].get("ok") and lo["baseline"].get("ok")
            else None
        )
        lines += [
            "",
            f"Growth t({hi['n']})/t({lo['n']}) = {growth:.1f} for {hi['n'] / lo['n']:.0f}× the content"
            + (f" (baseline {base_growth:.1f})." if base_growth else "."),
        ]
    events = [
        f"N={r['n']}: "
        + ", ".join(f"{k} {v} s × {r['hooks']['calls'].get(k)}" for k, v in r["hooks"]["events"].items())
        for r in ok
    ]
    lines += ["", "Hook events (time × calls): " + "; ".join(events) + "." if events else ""]
    flow = [
        f"N={r['n']}: {r['flowchart_page']['page']} {r['flowchart_page']['html_kb']} KB HTML, "
        f"{r['flowchart_page']['beyond_material_kb']} KB beyond Material's files "
        f"(search index {r['flowchart_page']['search_index_kb']} KB of it)"
        for r in ok
        if r.get("flowchart_page")
    ]
    if flow:
        lines += ["", "Deepest flowchart page (depth 8): " + "; ".join(flow) + "."]

    real = results.get("real", {})
    lines += ["", "## Real content", ""]
    val = real.get("validation", {})
    if val:
        lines.append(
            f"- Content: {val['concepts']} concepts ({val['services']} services), {val['trees']} trees. "
            f"`load_content`: first {val['load_content_first_s']} s, median of 5 "
            f"{val['load_content_median_s']} s; `handbook validate` (new process) {val['cli_validate_s']} s."
        )
    if real.get("build"):
        b = real["build"]
        site = real.get("site", {})
        lines.append(
            f"- Build: {b['cpu_s']} s CPU ({b['wall_s']} s wall), peak {b['peak_mb']} MB; "
            f"{site.get('pages')} pages, "
            f"{site.get('size_mb')} MB, largest page {site.get('largest_page')} "
            f"{site.get('largest_page_kb')} KB, "
            f"search index {site.get('search')}."
        )
    serve = real.get("serve", {})
    if serve:
        lines.append(
            f"- `mkdocs serve`: start {serve.get('startup_s')} s; save `{serve.get('file')}` → "
            f"`{serve.get('page')}` rebuilt and served: {serve.get('runs_s')} s "
            f"(median {serve.get('median_s')} s)"
            + (f"; error: {serve['error']}" if serve.get("error") else "")
            + "."
        )
    for page in real.get("flowchart_pages", []):
        lines.append(
            f"- Flowchart page {page['page']}: HTML {page['html_kb']} KB, own assets + page "
            f"{page['own_kb']} KB, search index {page['search_index_kb']} KB, Material's shared files "
            f"{page['material_kb']} KB (from disk, uncompressed)."
        )
    for key, server in LIGHTHOUSE_SERVERS.items():
        lighthouse = real.get(key, {})
        if not lighthouse:
            continue
        # A table measured apart from the rest of the run (--lighthouse-only) says when.
        measured = real.get(f"{key}_date") or real.get("lighthouse_date")
        lines += [
            "",
            f"### Lighthouse on {server} (default: mobile emulation, simulated throttling; site served on "
            "127.0.0.1 under site_url's path; the median of the runs by performance score"
            + (f"; measured {measured}" if measured else "")
            + ")",
            "",
        ]
        if "skipped" in lighthouse:
            lines.append(f"Skipped: {lighthouse['skipped']}.")
        else:
            lines += [
                "| page | path | performance (runs) | accessibility | best practices | transfer KB | "
                "beyond Material KB | LCP ms | TBT ms | CLS | failed audits | outside requests |",
                "|---|---|---|---|---|---|---|---|---|---|---|---|",
            ]
            for label, run in lighthouse.items():
                if "error" in run:
                    lines.append(f"| {label} | {run['path']} | error: {run['error'][:80]!r} |||||||||")
                    continue
                lines.append(
                    f"| {label} | `{run['path']}` | {run.get('performance')} {run.get('performance_runs')} | "
                    f"{run.get('accessibility')} | "
                    f"{run.get('best-practices')} | {run['transfer_kb']} | {run['beyond_material_kb']} | "
                    f"{run['lcp_ms']} | {run['tbt_ms']} | {run['cls']} | "
                    f"{', '.join(run['failed_audits']) or '–'} | {len(run['external_requests'])} |"
                )
            details: dict[str, set[str]] = {}
            for run in lighthouse.values():
                for audit, items in run.get("failed_audits", {}).items():
                    details.setdefault(audit, set()).update(items)
            if details:
                lines += ["", "Failed audits (first elements or requests, all pages):", ""]
                lines += [
                    f"- `{audit}`: " + "; ".join(f"`{i}`" for i in sorted(items))
                    for audit, items in sorted(details.items())
                ]
    notes = findings(results)
    if notes:
        lines += ["", "## Where the time goes (measured in this run)", ""] + [f"- {n}" for n in notes]
    failures = [
        (r["n"], r["build"]["log_tail"]) for r in results["sizes"] if not r.get("build", {}).get("ok")
    ]
    if failures:
        lines += ["", "## Failed builds", ""] + [f"N={n}:\n\n```\n{tail}\n```" for n, tail in failures]
    return "\n".join(lines).rstrip() + "\n"


# ------------------------------------------------------------------------------ main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", help="comma-separated numbers of concepts (default 200,500,2000; --quick: 50,200)"
    )
    parser.add_argument("--skip-lighthouse", action="store_true", help="do not run Lighthouse")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small sizes, one mkdocs-serve edit, Lighthouse on the front pages only; "
        "results go to .cache/benchmark/ unless --output is given",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also build the largest size under cProfile and report where the time goes",
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="folder for results.md and results.json (default benchmarks/, with --quick .cache/benchmark/)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (printed at the end)")
    parser.add_argument(
        "--lighthouse-server",
        choices=("python", "nginx", "both"),
        default="both",
        help="serve the site to Lighthouse with Python's test server, nginx with deploy/nginx/, or both",
    )
    parser.add_argument(
        "--lighthouse-only",
        action="store_true",
        help="build the real content and run only Lighthouse; the other results in OUTPUT/results.json stay",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = [
        int(s) for s in (args.sizes or ("50,200" if args.quick else "200,500,2000")).split(",") if s.strip()
    ]
    output = args.output or (CACHE / "benchmark" if args.quick else ROOT / "benchmarks")
    try:
        import mkdocs  # noqa: F401
    except ImportError:
        print(
            "mkdocs is not installed for this Python; run with the project's venv: "
            ".venv/bin/python scripts/benchmark.py",
            file=sys.stderr,
        )
        return 2
    try:
        real = load_content(ROOT)
    except ContentError as error:
        print(f"The real content has problems; fix them first:\n{error}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    results: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "argv": sys.argv[1:] if argv is None else argv,
        "machine": machine(),
        "languages": list(real.languages.codes),
        "targets": TARGETS,
        "sizes": [],
        "real": {},
    }
    servers = ("python", "nginx") if args.lighthouse_server == "both" else (args.lighthouse_server,)
    if args.lighthouse_only and (output / "results.json").is_file():
        previous = json.loads((output / "results.json").read_text("utf-8"))
        results = {**previous, "real": previous.get("real", {})}
        for key in LIGHTHOUSE_SERVERS:
            results["real"].pop(key, None)
    work = Path(tempfile.mkdtemp(prefix="handbook-bench-"))

    def write() -> None:
        """Results so far: on a busy machine a run may be cut short, and what it measured
        is kept (the largest size is measured first: the targets are judged on it)."""
        results["sizes"].sort(key=lambda r: r["n"])
        if not args.lighthouse_only or "duration_min" not in results:
            results["duration_min"] = round((time.perf_counter() - started) / 60, 1)
        if not args.lighthouse_only:  # the other measurements' machine state stays theirs
            results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        output.mkdir(parents=True, exist_ok=True)
        text = json.dumps(results, indent=1, ensure_ascii=False) + "\n"
        (output / "results.json").write_text(text, "utf-8")
        (output / "results.md").write_text(markdown_report(results), "utf-8")

    try:
        if args.lighthouse_only:
            load = round(os.getloadavg()[0], 2)
            results["real"].update(measure_real_site(work, real, True, args.quick, servers))
            results["real"]["lighthouse_date"] = (
                f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M UTC}, load average {load} at the start, "
                f"{round(os.getloadavg()[0], 2)} at the end"
            )
            sizes = []
        for n in sorted(sizes, reverse=True):
            last = n == max(sizes)
            results["sizes"].append(bench_size(n, work, real, args.profile and last, serve=last))
            write()
        if not args.lighthouse_only:
            log("real content: validation")
            results["real"]["validation"] = validation_times()
            log("real content: mkdocs serve edit-to-page")
            results["real"]["serve"] = measure_serve(work, 1 if args.quick else 3)
            write()
            log("real content: build, page weight, Lighthouse")
            lighthouse = not args.skip_lighthouse
            results["real"].update(measure_real_site(work, real, lighthouse, args.quick, servers))
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    write()
    log(f"wrote {output / 'results.md'} and results.json")
    for v in verdicts(results):
        print(f"{'OK  ' if v.ok else 'MISS'} {v.target}: {v.measured} (target {v.limit})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
