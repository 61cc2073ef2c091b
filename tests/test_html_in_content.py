"""HTML and Markdown written in the YAML are shown as text on the built page and never
run: the real build of a project holding tests/fixtures/layers/html-in-text, opened in
headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import RecordingPage, build_site, serve
from projects import FIXTURES, site_project

pytestmark = pytest.mark.browser

LAYER = FIXTURES / "layers" / "html-in-text"

# The texts of tests/fixtures/layers/html-in-text/glossary/html-testi.yaml, as a worker must see them.
TEXTS = {
    "fi": {
        "term": "<b>lihava</b> termi",
        "shown": [
            "<i>kursiivi</i>, **tähdet**",
            'Skripti <script>window.hbInjected = "script"; alert("xss")</script> ja kuva '
            "<img src=x onerror=\"window.hbInjected = 'img'; alert(1)\"> ja **lihava** ja "
            "[linkki](https://example.com/) ja `koodi` ja {: #id } ja R&amp;D.",
            "- ei lista # eikä otsikko",
            "1. ei numeroitu lista",
            '<a href="javascript:alert(1)">klikkaa</a> <iframe src="https://example.com/"></iframe>',
            "<style>body { display: none }</style> > lainaus",
        ],
    },
    "en": {
        "term": "</title><script>window.hbInjected = 'title'</script> <b>bold</b> term",
        "shown": [
            'Script <script>window.hbInjected = "script"; alert("xss")</script> and image '
            "<img src=x onerror=\"window.hbInjected = 'img'; alert(1)\"> and **bold** and "
            "[link](https://example.com/) and `code` and {: #id } and R&amp;D.",
            "- not a list # nor a heading",
            "1. not a numbered list",
            '<a href="javascript:alert(1)">click</a> <iframe src="https://example.com/"></iframe>',
            "<style>body { display: none }</style> > quote",
        ],
    },
}
PREFIX = {"fi": "", "en": "en/"}
# Elements that would mean the text became markup: none may be in the page body.
INJECTED_TAGS = ["script", "img", "iframe", "style", "b", "i", "code", "a[href^='javascript']"]
INJECTED = ", ".join(f"article {tag}" for tag in [*INJECTED_TAGS, "a[href*='example.com']"])


@pytest.fixture(scope="module")
def html_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("html-in-text")
    project = site_project(tmp, LAYER)
    result = build_site(project, tmp / "site")
    assert result.returncode == 0, result.stderr
    server, url = serve(tmp / "site")
    yield url
    server.shutdown()


@pytest.fixture
def fixture_page(browser, html_site: str) -> Iterator[RecordingPage]:
    context = browser.new_context()
    parts = urlsplit(html_site)
    page = RecordingPage(context.new_page(), f"{parts.scheme}://{parts.netloc}")
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def _no_side_effects(page: RecordingPage) -> None:
    assert page.dialogs == []
    assert page.evaluate("window.hbInjected") is None
    # Material asks for <twin page>/sitemap.xml (404) on every page of this i18n setup;
    # that is not ours to judge here. Script errors are.
    assert [e for e in page.console_errors if not e.startswith("Failed to load resource")] == []
    assert page.external_requests == []
    assert page.locator(INJECTED).count() == 0


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_html_and_markdown_in_a_definition_are_shown_as_text(fixture_page, html_site, lang):
    texts = TEXTS[lang]
    fixture_page.goto(f"{html_site}{PREFIX[lang]}glossary/html-testi/", wait_until="load")
    fixture_page.wait_for_timeout(300)  # let anything that would run, run
    _no_side_effects(fixture_page)
    assert fixture_page.locator("article h1").inner_text() == texts["term"]
    assert fixture_page.title().startswith(texts["term"] + " - ")
    body = fixture_page.locator("article").inner_text()
    for text in texts["shown"]:
        assert text in body
    # Markdown syntax stayed text: no list, no link, no bold made of the content.
    # (Several definitions are themselves list items of the page, one per source; the
    # content's own "- " and "1. " must not open a list inside them or start an item.)
    assert fixture_page.locator("article li li").count() == 0
    items = fixture_page.locator("article li").all_inner_texts()
    assert not [t for t in items if t.strip().startswith(("not a", "ei lista", "ei numeroitu"))]
    assert fixture_page.locator("article strong", has_text="lihava").count() == 0
    assert fixture_page.locator("article strong", has_text="bold").count() == 0
    # The page is still visible: the <style> in the example did not hide it.
    assert fixture_page.locator("article h1").is_visible()


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_html_in_a_term_is_text_in_the_glossary_index(fixture_page, html_site, lang):
    fixture_page.goto(f"{html_site}{PREFIX[lang]}glossary/", wait_until="load")
    fixture_page.wait_for_timeout(300)
    _no_side_effects(fixture_page)
    links = fixture_page.locator("article a[href*='html-testi']").all_inner_texts()
    assert TEXTS[lang]["term"] in links



# --- Markup in every field of every file kind (issue 12) --------------------------------
# A copy of the real project with this written into every text of every YAML file (every
# fi/en text, every term, citation, source date, law section, language name, month name
# and interface word), built with `mkdocs build --strict`: no page may run it, and the
# pages show it as text.
PAYLOAD = (
    " <img src=x onerror=\"window.hbXss='img';alert('img')\">"
    " </title><script>window.hbXss='script';alert('script')</script>"
    " \"><svg onload=alert('svg')>"
    " [k](javascript:alert('md')) {{ 7*7 }}"
)
# Raw forms that may appear in no built HTML file: each would be live markup.
RAW_MARKERS = ["<img src=x", "<script>window.hbXss", "<svg onload", 'href="javascript:']
_TEXT_KEYS = {"fi", "en", "preferred", "citation", "section", "name"}
_TEXT_LISTS = {"accepted", "not_recommended", "month_names"}


def _inject(data: object, key: object = None) -> object:
    """`data` with PAYLOAD appended to every free text (never to ids, dates or URLs)."""
    if isinstance(data, dict):
        return {k: _inject(v, k) for k, v in data.items()}
    if isinstance(data, list):
        if key in _TEXT_LISTS:
            return [f"{item}{PAYLOAD}" for item in data]
        return [_inject(item) for item in data]
    if isinstance(data, str) and key in _TEXT_KEYS:
        return data + PAYLOAD
    return data


def _inject_file(file: Path, extra: dict | None = None) -> None:
    import yaml

    data = yaml.safe_load(file.read_text("utf-8"))
    data = _inject(data)
    for name, value in (extra or {}).items():
        for source in data[name]:
            source.update(value)
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    tmp = tmp_path_factory.mktemp("markup-everywhere")
    project = site_project(tmp)
    # conditions/: the questions, rules and help that flowcharts, results and service pages show.
    for folder in ("glossary", "conditions", "decision_trees", "service_paths", "datasets"):
        for file in sorted((project / folder).glob("*.yaml")):
            _inject_file(file)
    # Every source gets a date and a note, which the pages print beside the citation.
    _inject_file(
        project / "sources.yaml",
        {"sources": {"date": f"2020{PAYLOAD}", "note": {"fi": f"Huom{PAYLOAD}", "en": f"Note{PAYLOAD}"}}},
    )
    _inject_file(project / "languages.yaml")
    result = build_site(project, tmp / "site")
    assert result.returncode == 0, result.stderr
    server, url = serve(tmp / "site")
    yield tmp / "site", url
    server.shutdown()


def test_no_built_page_holds_content_markup_raw(injected_site):
    site, _ = injected_site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        html = page.read_text("utf-8")
        for marker in RAW_MARKERS:
            assert marker not in html, f"{page.relative_to(site)} holds {marker!r} as markup"


# One page of every kind the site has, in both languages: every template we own.
INJECTED_PAGES = [
    "",
    "glossary/",
    "glossary/terms/",
    "glossary/tyokokeilu/",
    "glossary/palkkatuettu-tyo/",
    "glossary/kuntouttava-tyotoiminta/",  # a service page listing its conditions
    "services/",
    "flowcharts/",
    "flowcharts/palvelupolku/",
    "flowcharts/tyokyvyn-tuki/",  # questions that ask conditions
    "terminology/",
    "service-paths/",
    "service-paths/shl-27-d-e-palveluprosessi/",
    "quick-reference/",
    "onboarding/key-concepts/",
    "onboarding/service-landscape/",
    "onboarding/tyokykyisempi-stadi/",
    "404.html",
]


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_markup_in_every_field_fires_nothing_and_shows_as_text(browser, injected_site, lang):
    _, url = injected_site
    context = browser.new_context()
    parts = urlsplit(url)
    page = RecordingPage(context.new_page(), f"{parts.scheme}://{parts.netloc}")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        for path in INJECTED_PAGES:
            address = f"{url}{PREFIX[lang]}{path}"
            page.goto(address, wait_until="load")
            page.wait_for_timeout(150)
            assert dialogs == [], f"{address}: {dialogs}"
            assert page.evaluate("window.hbXss") is None, address
            assert page.locator("img[src='x'], svg[onload], a[href^='javascript']").count() == 0, address
            body = page.locator("body").inner_text()
            # The injected text is there, as text (the interface words carry it on every page).
            assert "<img src=x onerror=" in body, address
            assert "</title><script>" in body, address
            assert "[k](javascript:alert('md')) {{ 7*7 }}" in body, address  # no link, no template
        assert [e for e in page.console_errors if not e.startswith("Failed to load resource")] == []
        assert page.external_requests == []
    finally:
        context.close()
