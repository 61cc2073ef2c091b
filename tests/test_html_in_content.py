"""HTML and Markdown written in the YAML are shown as text on the built page and never
run: the real build of a project holding tests/fixtures/layers/html-in-text, opened in
headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
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

