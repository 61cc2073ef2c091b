"""The site's search index: Pagefind run over the built HTML.

Knows nothing of MkDocs. Pagefind reads `<html lang>` and writes one index per language
(with its Finnish and English stemmers) into `<site>/pagefind/`; the search box in
`overrides/partials/search.html` loads it from the site's own origin on the first query.
Only the page body is indexed (`root_selector`), and only pages (`index.html`; not 404.html).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

BUNDLE_DIR = "pagefind"

# Pagefind's own UI files: the site has its own search box, so they are never loaded.
_UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


_SECTION = re.compile(r"\b(\d+)\s*([a-zåäö])\b", re.IGNORECASE)


def law_keys(section: str) -> list[str]:
    """The compact search keys of a law section: "27 d § (30.12.2015/1648)" → ["27d"].

    Pagefind reads "27 d" as two words, and a lone "d" matches every word starting with d;
    the search box turns "27 d", "27 e §" and "SHL 27 d" into these keys, which the concept
    page carries as hidden text next to its legal basis.
    """
    return [f"{number}{letter.lower()}" for number, letter in _SECTION.findall(section)]


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message says why and what to do."""


def build_search_index(site_dir: Path, root_selector: str, timeout: float = 300) -> str:
    """Index the built site in `site_dir`, reading only the element `root_selector` of each
    page (the theme's article, so navigation and footers are not indexed).
    Returns Pagefind's summary."""
    site_dir = Path(site_dir)
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        BUNDLE_DIR,
        "--root-selector",
        root_selector,
        "--glob",
        "**/index.html",
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexError(
            f"could not run Pagefind ({error}); run `pip install -e .` to install it."
        ) from None
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        lines = output.splitlines()
        errors = list(dict.fromkeys(line for line in lines if line.startswith("Error"))) or lines[-5:]
        hint = (
            "install it with `pip install -e .` (the package 'pagefind[bin]' ships the binary)"
            if "No module named" in output
            else "check that the build wrote its HTML pages there"
        )
        raise SearchIndexError(f"Pagefind could not index {site_dir}: {' '.join(errors)} ({hint}).")
    for name in _UNUSED:
        (site_dir / BUNDLE_DIR / name).unlink(missing_ok=True)
    playground = site_dir / BUNDLE_DIR / "playground"
    if playground.is_dir():
        shutil.rmtree(playground)
    summary = [line.strip() for line in output.splitlines() if "Indexed" in line or "Finished" in line]
    return "; ".join(summary)
