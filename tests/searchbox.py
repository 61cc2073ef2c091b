"""Driving the header search box of a built site in Chromium, as a worker does: open a
page, press "/", type, read the results. Shared by the search tests and
scripts/search_weight.py."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from handbook.model import SiteLanguages

_HTML_LANG = re.compile(r"<html[^>]*\blang=\"([^\"]+)\"")


@dataclass
class Result:
    path: str  # site-relative, e.g. "en/glossary/tyokokeilu/"
    title: str
    hint: str
    kind: str = ""  # the label of the kind of page: "Palvelu", "Concept", ...


@dataclass
class Transfer:
    """What the browser fetched: url → bytes of the response body."""

    sizes: dict[str, int] = field(default_factory=dict)

    def total(self, part: str = "") -> int:
        return sum(size for url, size in self.sizes.items() if part in url)


def home_path(languages: SiteLanguages, lang: str) -> str:
    """The default language is built at the site root, every other one under /<code>/."""
    return "" if lang == languages.default else f"{lang}/"


def page_languages(site_dir: Path) -> dict[str, str]:
    """Every built page's site-relative path and the language of its <html lang>."""
    found = {}
    for file in site_dir.rglob("index.html"):
        path = file.relative_to(site_dir).parent.as_posix()
        match = _HTML_LANG.search(file.read_text(encoding="utf-8")[:2000])
        found["" if path == "." else f"{path}/"] = match.group(1) if match else ""
    return found


def search(page, base_url: str, home: str, query: str) -> list[Result]:
    """Type `query` into the search box of the page at `home` and return the results shown."""
    if page.url != base_url + home:
        page.goto(base_url + home)
    box = page.locator("[data-hb-search]")
    box.evaluate("el => { delete el.dataset.query; }")
    page.keyboard.press("Escape")
    page.keyboard.press("/")  # the keyboard shortcut focuses the box and selects its text
    page.keyboard.press("Backspace")
    page.keyboard.type(query)
    page.wait_for_function(
        "q => document.querySelector('[data-hb-search]').dataset.query === q", arg=query, timeout=10_000
    )
    results = []
    root = urlsplit(base_url).path
    for link in box.locator("#hb-search-results a").all():
        href = urlsplit(link.get_attribute("href") or "").path
        hint = link.locator(".hb-search-hint")
        kind = link.locator(".hb-search-kind")
        results.append(
            Result(
                path=href.removeprefix(root),
                title=link.locator(".hb-search-title").inner_text(),
                hint=hint.inner_text() if hint.count() else "",
                kind=(kind.text_content() or "").strip() if kind.count() else "",
            )
        )
    return results


def record_transfer(page) -> Transfer:
    """Record the body size of every response the page gets from now on."""
    transfer = Transfer()

    def on_response(response) -> None:
        try:
            transfer.sizes[response.url] = len(response.body())
        except Exception:  # redirects and aborted requests have no body
            transfer.sizes[response.url] = 0

    page.on("response", on_response)
    return transfer
