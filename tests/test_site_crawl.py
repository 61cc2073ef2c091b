"""Every page of the built site, in both languages, served under the intranet sub-path:
nothing is requested outside the origin, nothing fails in the console, axe finds no
WCAG 2 A/AA violation, and every internal link and anchor leads somewhere."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import RecordingPage
from sitecrawl import file_for, ids_of, page_paths, serve_under_sub_path

pytestmark = pytest.mark.browser

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}, "resultTypes": ["violations"]}


@pytest.fixture(scope="module")
def sub_path_url(site_dir: Path):
    server, url = serve_under_sub_path(site_dir)
    yield url
    server.shutdown()


def _describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(n["target"]) for n in v["nodes"][:3]]
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} at {targets}")
    return "; ".join(lines)


def test_every_page_is_offline_error_free_accessible_and_well_linked(browser, site_dir, sub_path_url):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    paths = page_paths(site_dir)
    assert "" in paths and "en/" in paths and "404.html" in paths and "en/404.html" in paths
    parts = urlsplit(sub_path_url)
    context = browser.new_context()
    page = RecordingPage(context.new_page(), f"{parts.scheme}://{parts.netloc}")
    problems: list[str] = []
    try:
        for path in paths:
            url = sub_path_url + path
            response = page.goto(url, wait_until="load")
            if path.endswith("404.html"):
                assert response is not None
            else:
                assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
            result = axe.run(page.page, options=AXE_OPTIONS)
            violations = result.response["violations"]
            if violations:
                problems.append(f"{path}: axe: {_describe(violations)}")
            for href in page.eval_on_selector_all(
                "a[href]", "els => els.map(e => new URL(e.getAttribute('href'), document.baseURI).href)"
            ):
                problems += _check_link(site_dir, sub_path_url, path, href)
            if page.console_errors:
                problems.append(f"{path}: console: {page.console_errors}")
                page.console_errors.clear()
    finally:
        context.close()
    assert page.external_requests == []
    assert problems == [], "\n".join(problems)


def _check_link(site: Path, base: str, path: str, href: str) -> list[str]:
    parts = urlsplit(href)
    if parts.netloc != urlsplit(base).netloc:
        return []  # other sites (Finlex) are cited, not crawled; mailto: etc.
    target = file_for(site, href, base)
    if target is None:
        return [f"{path}: link {href} leaves the site's sub-path"]
    if not target.is_file():
        return [f"{path}: broken link {href}"]
    if parts.fragment and target.suffix == ".html" and parts.fragment not in ids_of(target):
        return [f"{path}: link {href}: no element with id '{parts.fragment}'"]
    return []
