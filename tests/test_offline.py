"""The built site never calls outside its own origin: an intranet site, and what a
worker clicks about a client stays in the browser."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import RecordingPage, serve, settle

pytestmark = pytest.mark.browser

TABS = 6  # pages loaded at once; one 500 ms quiet wait per batch instead of per page


def built_pages(site_dir: Path) -> list[str]:
    return sorted(
        str(p.relative_to(site_dir).parent).replace(".", "") + "/"
        for p in site_dir.rglob("index.html")
    )


def visit_all(browser, base_url: str, paths: list[str]) -> list[str]:
    """Load every page (in batches of parallel tabs), wait until each batch's network is
    quiet for 500 ms after the load event, and return the external requests seen."""
    parts = urlsplit(base_url)
    context = browser.new_context()
    tabs = [RecordingPage(context.new_page(), f"{parts.scheme}://{parts.netloc}") for _ in range(TABS)]
    try:
        for start in range(0, len(paths), TABS):
            batch = list(zip(tabs, paths[start : start + TABS], strict=False))
            for tab, path in batch:
                tab.goto(base_url + path.lstrip("/"), wait_until="commit")
            for tab, _ in batch:
                tab.wait_for_load_state("load")
            settle([tab for tab, _ in batch])
        return [url for tab in tabs for url in tab.external_requests]
    finally:
        context.close()


def test_no_page_requests_anything_outside_the_origin(browser, base_url, site_dir):
    pages = built_pages(site_dir)
    assert len(pages) > 10
    pages.append("404.html")  # what a mistyped address shows
    assert visit_all(browser, base_url, pages) == []


@pytest.fixture
def leaky_site(tmp_path: Path) -> Iterator[str]:
    """A page that calls outside its origin in the ways a theme or plugin could: an
    image, a stylesheet, and a script that fetches a little after the page has loaded."""
    (tmp_path / "index.html").write_text(
        """<!doctype html><html lang="fi"><head><title>vuotava</title>
<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
</head><body><img src="https://cdn.example.com/logo.png" alt="">
<script>addEventListener("load", () => setTimeout(
  () => fetch("https://analytics.example.com/collect").catch(() => {}), 200));</script>
</body></html>""",
        encoding="utf-8",
    )
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "index.html").write_text("<!doctype html><title>ok</title><p>ok</p>", encoding="utf-8")
    server, url = serve(tmp_path)
    yield url
    server.shutdown()


def test_the_offline_check_sees_external_requests(browser, leaky_site):
    # The test above must not pass because requests go unseen.
    seen = visit_all(browser, leaky_site, ["/", "/ok/"])
    assert sorted(seen) == [
        "https://analytics.example.com/collect",
        "https://cdn.example.com/logo.png",
        "https://fonts.googleapis.com/css?family=Roboto",
    ]
