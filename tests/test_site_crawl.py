"""Every page of the built site, in both languages, served under the intranet sub-path:
nothing is requested outside the origin, nothing fails in the console, axe finds no
WCAG 2 A/AA violation and no breach of its best practices, and every internal link and
anchor leads somewhere.

axe takes about a second a page, so the pages are shared among a few browsers running
side by side (Playwright wants one instance per thread)."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import CHROMIUM_ARGS, RecordingPage, find_chromium
from sitecrawl import file_for, ids_of, page_paths, serve_under_sub_path

pytestmark = pytest.mark.browser

# WCAG 2 A/AA and axe's best practices (landmark-unique, region, heading order, ...).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "best-practice"]},
    "resultTypes": ["violations"],
}
WORKERS = max(1, min(4, (os.cpu_count() or 2)))


@pytest.fixture(scope="module")
def sub_path_url(site_dir: Path):
    server, url = serve_under_sub_path(site_dir)
    yield url
    server.shutdown()


def test_every_page_is_offline_error_free_accessible_and_well_linked(browser, site_dir, sub_path_url):
    paths = page_paths(site_dir)
    assert {"", "en/", "404.html", "en/404.html"} <= set(paths)
    chunks = [paths[i::WORKERS] for i in range(WORKERS)]
    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(lambda chunk: _crawl(chunk, site_dir, sub_path_url), chunks))
    problems = [problem for chunk_problems in results for problem in chunk_problems]
    assert problems == [], "\n".join(problems)


def _crawl(paths: list[str], site: Path, base: str) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    parts = urlsplit(base)
    axe = Axe()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        page = RecordingPage(browser.new_page(), f"{parts.scheme}://{parts.netloc}")
        for path in paths:
            response = page.goto(base + path, wait_until="load")
            if response is None or not response.ok:
                problems.append(f"{path}: HTTP {response and response.status}")
                continue
            violations = axe.run(page.page, options=AXE_OPTIONS).response["violations"]
            problems += [f"{path}: axe: {_describe(v)}" for v in violations]
            hrefs = page.eval_on_selector_all(
                "a[href]", "els => els.map(e => new URL(e.getAttribute('href'), document.baseURI).href)"
            )
            for href in set(hrefs):
                problems += _check_link(site, base, path, href)
            problems += [f"{path}: console: {error}" for error in page.console_errors]
            problems += [f"{path}: request outside the origin: {url}" for url in page.external_requests]
            page.console_errors.clear()
            page.external_requests.clear()
        browser.close()
    return problems


def _describe(violation: dict) -> str:
    targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
    return f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}"


def _check_link(site: Path, base: str, path: str, href: str) -> list[str]:
    parts = urlsplit(href)
    if parts.netloc != urlsplit(base).netloc:
        return []  # other sites (Finlex) are cited, not crawled
    target = file_for(site, href, base)
    if target is None:
        return [f"{path}: link {href} leaves the site's sub-path"]
    if not target.is_file():
        return [f"{path}: broken link {href}"]
    # A fragment with "=" is a page's state (the decision trees keep the answers there), not an anchor.
    anchor = parts.fragment if "=" not in parts.fragment else ""
    if anchor and target.suffix == ".html" and anchor not in ids_of(target):
        return [f"{path}: link {href}: no element with id '{anchor}'"]
    return []
