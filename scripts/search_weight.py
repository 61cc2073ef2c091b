"""Measure what search costs a worker's browser, file by file: on every page view, and for
the first query. Builds the site, serves it on loopback, types a query in headless Chromium.

    .venv/bin/python scripts/search_weight.py [query]

Prints each file's body size and its gzip size (what a compressing web server sends), and
the size of each language's index on disk (index chunks, page fragments, metadata).
"""

from __future__ import annotations

import gzip
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]

from conftest import CHROMIUM_ARGS, build_site, find_chromium, serve  # noqa: E402
from searchbox import search  # noqa: E402

PRECOMPRESSED = (".pagefind", "_index", "_fragment", "_meta")


def main() -> int:
    query = sys.argv[1] if len(sys.argv) > 1 else "työkokeilussa"
    chromium = find_chromium()
    if chromium is None:
        print("No Chromium found; install Debian's chromium.", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "site"
        result = build_site(ROOT, out)
        if result.returncode != 0:
            print(result.stderr, file=sys.stderr)
            return 1
        _index_sizes(out / "pagefind")
        server, base_url = serve(out)
        bodies: dict[str, bytes] = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.on("response", lambda r: bodies.setdefault(r.url, _body(r)))
            page.goto(base_url, wait_until="networkidle")
            on_view = {u: b for u, b in bodies.items() if "/assets/handbook/" in u}
            before = set(bodies)
            search(page, base_url, "", query)
            page.wait_for_load_state("networkidle")
            first = {u: b for u, b in bodies.items() if u not in before}
            browser.close()
        server.shutdown()
    _table("On every page view (the search box's own script and style)", on_view, base_url)
    _table(f"First query ({query!r}): Pagefind and the index, from this site only", first, base_url)
    return 0


def _index_sizes(bundle: Path) -> None:
    """Pagefind's files of each language: index/<lang>_*, fragment/<lang>_*, pagefind.<lang>_*."""
    print("\nIndex per language (Pagefind's files are gzip-compressed already)")
    for lang in sorted({f.name.split("_")[0] for f in (bundle / "index").glob("*.pf_index")}):
        index = sum(f.stat().st_size for f in (bundle / "index").glob(f"{lang}_*"))
        fragments = sum(f.stat().st_size for f in (bundle / "fragment").glob(f"{lang}_*"))
        meta = sum(f.stat().st_size for f in bundle.glob(f"pagefind.{lang}_*"))
        print(f"  {lang}: {index:>8} B index  {fragments:>8} B fragments  {meta:>6} B meta")


def _body(response) -> bytes:
    try:
        return response.body()
    except Exception:  # a redirect has no body
        return b""


def _table(title: str, files: dict[str, bytes], base_url: str) -> None:
    print(f"\n{title}")
    raw = packed = 0
    for url, body in sorted(files.items()):
        # Pagefind's own files (.pf_*, wasm) are gzip-compressed already.
        compressed = url.split("?")[0].endswith(PRECOMPRESSED)
        size = len(body) if compressed else len(gzip.compress(body))
        raw += len(body)
        packed += size
        print(f"  {len(body):>8} B  {size:>8} B gz  {url.removeprefix(base_url)}")
    print(f"  {raw:>8} B  {packed:>8} B gz  total ({len(files)} files)")


if __name__ == "__main__":
    raise SystemExit(main())
