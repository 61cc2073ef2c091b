"""Page furniture users and their tools see: the English home page's title once, the menu
with the reader's pages before the reviewer's, the front page leading to the service
paths, navigation landmarks with names of their own (axe landmark-unique) and a name for
Material's table-of-contents checkbox (pa11y / HTML_CodeSniffer). Read from the built
HTML with the standard library's parser."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from sitecrawl import page_paths


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self._in_title = False
        self.inputs: list[dict[str, str | None]] = []
        self.labels_for: set[str] = set()
        self.navs: list[str] = []  # the name of each navigation landmark
        self.own_navs: list[str] = []  # those not in Material's menus
        self.links: list[str] = []
        self._label_ids: dict[str, str] = {}
        self._nav_labelledby: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "title":
            self._in_title = True
        elif tag == "input":
            self.inputs.append(a)
        elif tag == "label" and a.get("for"):
            self.labels_for.add(a["for"] or "")
        elif tag == "nav":
            # Material writes its table of contents twice (drawer and sidebar, one of them
            # hidden at any width): only the navigations of our own pages are compared.
            if "md-nav" not in (a.get("class") or "").split():
                self.own_navs.append(a.get("aria-label") or "")
            if a.get("aria-label"):
                self.navs.append(a["aria-label"] or "")
            elif a.get("aria-labelledby"):
                self._nav_labelledby.append(a["aria-labelledby"] or "")
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def _read(site: Path, path: str) -> tuple[_Page, str]:
    html = (site / (path if path.endswith(".html") else path + "index.html")).read_text("utf-8")
    page = _Page()
    page.feed(html)
    return page, html


def test_the_home_pages_title_is_the_site_name_once(site_dir: Path):
    names = {"": "Työllistymisen palvelut – käsikirja", "en/": "Employment services – handbook"}
    for path, name in names.items():
        page, _ = _read(site_dir, path)
        assert page.title.strip() == name
    services, _ = _read(site_dir, "en/services/")
    assert services.title.strip() == "Services - Employment services – handbook"


def test_menu_has_the_readers_pages_before_the_reviewers(site_dir: Path):
    _, html = _read(site_dir, "")
    primary = html[html.index('md-nav--primary'):]
    order = [m.group(1) for m in re.finditer(r'href="(?:\./|\.\./)*([a-z-]+)/"', primary)]
    sections = {
        "onboarding", "quick-reference", "flowcharts", "services", "service-paths", "glossary", "terminology",
    }
    seen = list(dict.fromkeys(x for x in order if x in sections))
    assert seen[-1] == "terminology", seen
    assert seen.index("service-paths") < seen.index("terminology")


def test_the_front_page_links_the_service_paths(site_dir: Path):
    for path in ("", "en/"):
        page, _ = _read(site_dir, path)
        article = [href for href in page.links if "service-paths/" in href]
        assert article, f"{path or 'fi'}: no link to the service paths"


def test_our_navigation_landmarks_have_names_of_their_own_and_every_field_a_label(site_dir: Path):
    problems = []
    for path in page_paths(site_dir):
        page, html = _read(site_dir, path)
        names = list(page.navs)
        for ids in page._nav_labelledby:
            label = re.search(rf'id="{re.escape(ids)}"[^>]*>\s*(?:<[^>]+>\s*)*([^<]+)', html)
            names.append(" ".join(label.group(1).split()) if label else ids)
        counts = Counter(names)
        twice = [name for name in page.own_navs if counts[name] > 1]
        if twice:
            problems.append(f"{path}: navigation landmarks named alike: {twice}")
        for field in page.inputs:
            if field.get("type") in ("hidden", "submit", "reset", "button"):
                continue
            labelled = field.get("id") in page.labels_for
            named = field.get("aria-label") or field.get("aria-labelledby") or labelled
            if not named:
                problems.append(f"{path}: form field #{field.get('id')} has no label")
    assert problems == []
