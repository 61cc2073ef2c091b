"""The built site never calls outside its own origin: an intranet site, and what a
worker clicks about a client stays in the browser."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def built_pages(site_dir: Path) -> list[str]:
    return sorted(
        str(p.relative_to(site_dir).parent).replace(".", "") + "/"
        for p in site_dir.rglob("index.html")
    )


def test_no_page_requests_anything_outside_the_origin(page, base_url, site_dir):
    pages = built_pages(site_dir)
    assert len(pages) > 10
    for path in pages:
        page.goto(base_url + path.lstrip("/"), wait_until="networkidle")
    assert page.external_requests == []
