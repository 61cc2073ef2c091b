"""`mkdocs build --strict` puts Finnish at the site root and English under en/; every
page says its language in <html lang>, and the language switcher leads to the same page
in the other language. Read from the built HTML of the real site (tests/conftest.py's
site_dir), for hand-written and generated pages alike."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from handbook.model import Content

SITE_URL = "https://intranet.example.invalid/tyollistymisen-kasikirja/"
LANGS = {"fi": "", "en": "en/"}  # language → folder of its pages in site/


class _PageFacts(HTMLParser):
    """The language of a page and the switcher's links, by hreflang."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.switcher: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        classes = (a.get("class") or "").split()
        if tag == "a" and "md-select__link" in classes and a.get("hreflang"):
            self.switcher.setdefault(a["hreflang"] or "", []).append(a.get("href") or "")


def _facts(file: Path) -> _PageFacts:
    parser = _PageFacts()
    parser.feed(file.read_text("utf-8"))
    return parser


def _pages(site: Path, lang: str) -> set[str]:
    """Page folders of one language, relative to that language's root ('' = home)."""
    root = site / LANGS[lang]
    found = set()
    for file in root.rglob("index.html"):
        folder = file.parent.relative_to(root).as_posix()
        folder = "" if folder == "." else folder + "/"
        if lang == "fi" and folder.startswith("en/"):
            continue
        found.add(folder)
    return found


def _url(lang: str, folder: str, base: str = SITE_URL) -> str:
    return base + LANGS[lang] + folder


def test_finnish_at_the_root_and_english_under_en_with_the_same_pages(site_dir: Path, content: Content):
    fi, en = _pages(site_dir, "fi"), _pages(site_dir, "en")
    assert fi == en
    # Hand-written and generated pages are all there, in both languages.
    expected = {"", "glossary/", "services/", "flowcharts/"}
    expected |= {f"glossary/{cid}/" for cid in content.concepts}
    expected |= {f"flowcharts/{tid}/" for tid in content.trees}
    assert expected <= fi


@pytest.mark.parametrize("lang", list(LANGS))
def test_every_page_has_the_right_html_lang(site_dir: Path, lang: str):
    wrong = {
        folder: facts.lang
        for folder in _pages(site_dir, lang)
        if (facts := _facts(site_dir / LANGS[lang] / folder / "index.html")).lang != lang
    }
    assert wrong == {}


# Where the site may be served: at site_url, and anywhere else (the intranet address is
# not final), so the switcher's links must not depend on site_url's path.
BASES = [SITE_URL, "http://127.0.0.1:8000/", "https://other.example.invalid/a/b/"]


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("lang", list(LANGS))
def test_the_language_switcher_links_the_twin_page(site_dir: Path, lang: str, base: str):
    problems = []
    for folder in sorted(_pages(site_dir, lang)):
        facts = _facts(site_dir / LANGS[lang] / folder / "index.html")
        page_url = _url(lang, folder, base)
        resolved = {
            other: [urljoin(page_url, href) for href in hrefs] for other, hrefs in facts.switcher.items()
        }
        wanted = {other: [_url(other, folder, base)] for other in LANGS}
        if resolved != wanted:
            problems.append((folder, resolved))
    assert problems == []


def test_generated_and_hand_written_pages_are_both_checked(site_dir: Path, content: Content):
    # The tests above would pass on a site of one page; name one of each kind.
    tree = next(iter(content.trees))
    concept = next(iter(content.concepts))
    for folder in ["", "glossary/", f"glossary/{concept}/", f"flowcharts/{tree}/"]:
        for lang in LANGS:
            facts = _facts(site_dir / LANGS[lang] / folder / "index.html")
            assert facts.lang == lang
            assert facts.switcher["fi"] and facts.switcher["en"]


def test_the_404_page_is_finnish_and_its_switcher_leads_to_each_home(site_dir: Path):
    # One 404.html serves every missing address; every language's build writes it.
    facts = _facts(site_dir / "404.html")
    assert facts.lang == "fi"
    home = urlsplit(SITE_URL).path
    assert facts.switcher == {"fi": [home], "en": [home + "en/"]}
