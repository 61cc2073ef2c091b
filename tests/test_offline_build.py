"""The file-share copy: `OFFLINE=true mkdocs build` makes a site that works opened from
disk (file://): pages link to .html files, scripts are local (the iframe-worker shim
too, no CDN), and nothing is requested elsewhere. The browser will not load Pagefind's
module from file://, so the search box says that search needs the served site."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import ROOT, build_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("offline") / "site"
    os.environ["OFFLINE"] = "true"
    try:
        result = build_site(ROOT, out)
    finally:
        del os.environ["OFFLINE"]
    assert result.returncode == 0, result.stderr
    return out


def test_offline_copy_loads_only_local_scripts_and_styles(offline_site):
    html = (offline_site / "en" / "onboarding" / "benefits.html").read_text("utf-8")
    assert "iframe-worker-shim.js" in html
    for tag in re.findall(r"<(?:script|link)\b[^>]*>", html):
        if "rel=\"canonical\"" in tag:
            continue  # the intranet address of the page, never requested
        assert not re.search(r'(src|href)="(https?:)?//', tag), tag


def test_offline_copy_works_from_a_file_share(browser, offline_site):
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto((offline_site / "index.html").as_uri())
        page.locator(".md-content a[href$='onboarding/index.html']").first.click()
        page.wait_for_load_state()
        assert page.url.endswith("/onboarding/index.html")
        page.goto((offline_site / "en" / "index.html").as_uri())
        page.locator(".md-content a[href$='glossary/index.html']").first.click()
        page.wait_for_load_state()
        assert page.url.endswith("/en/glossary/index.html")
        page.fill(".md-search__input", "work trial")
        page.wait_for_function(
            "() => document.querySelector('#hb-search-status').textContent.includes('copy opened as files')"
        )
    finally:
        context.close()
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:", "about:"))] == []
    assert errors == []
