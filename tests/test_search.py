"""Search as a worker uses it: typed into the header search box of the built site.

The query set (tests/search_queries.yaml) holds what workers type — inflected Finnish,
English plurals, other and not-recommended terms, law sections — and the page each query
must bring into the top 3, in the language of the page searched from.
"""

from __future__ import annotations

import pytest
import yaml
from conftest import ROOT, build_site, serve
from projects import site_project
from searchbox import home_path, page_languages, record_transfer, search

pytestmark = pytest.mark.browser

QUERIES_FILE = ROOT / "tests" / "search_queries.yaml"
PASS_RATE = 0.95
TOP = 3


def query_set() -> list[dict]:
    return yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))["queries"]


def test_query_set_covers_what_the_issue_asks():
    queries = query_set()
    by_lang = {lang: [q for q in queries if q["lang"] == lang] for lang in ("fi", "en")}
    kinds = {kind for q in queries for kind in q.get("kind", "").split()}
    assert len(queries) >= 40
    assert len(by_lang["fi"]) >= 25
    assert len(by_lang["en"]) >= 10
    assert {"inflected", "synonym", "law", "plural"} <= kinds
    assert len({(q["lang"], q["query"]) for q in queries}) == len(queries), "a query is listed twice"


def test_queries_find_their_page_in_the_top_3_in_the_page_language(page, base_url, site_dir, content):
    languages = page_languages(site_dir)
    failures = []
    queries = query_set()
    for q in queries:
        expected = home_path(content.languages, q["lang"]) + q["page"]
        assert expected in languages, f"{q['page']} ({q['lang']}) in the query set is not a built page"
        results = search(page, base_url, home_path(content.languages, q["lang"]), q["query"])
        top = [r.path for r in results[:TOP]]
        wrong_language = [r.path for r in results if languages.get(r.path) != q["lang"]]
        if expected not in top or wrong_language:
            failures.append(
                f"{q['lang']} {q['query']!r}: wanted {expected} in the top {TOP}, got {top}"
                + (f"; results in another language: {wrong_language}" if wrong_language else "")
            )
    assert page.external_requests == []
    passed = len(queries) - len(failures)
    print(f"\nsearch query set: {passed}/{len(queries)} passed")
    assert passed / len(queries) >= PASS_RATE, "\n".join(failures)


def test_results_stay_in_the_language_of_the_page(page, base_url, site_dir, content):
    """A term that is the same in both languages finds pages of the current language only."""
    languages = page_languages(site_dir)
    for lang in content.languages.codes:
        results = search(page, base_url, home_path(content.languages, lang), "B-lausunto")
        results += search(page, base_url, home_path(content.languages, lang), "27 d")
        assert results, lang
        assert {languages.get(r.path) for r in results} == {lang}


def test_keyboard_shortcut_opens_the_search_and_escape_closes_it(page, base_url):
    page.goto(base_url)
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.id") == "hb-search-input"
    assert page.is_checked("#__search")
    page.keyboard.type("työkokeilu")
    page.wait_for_selector("#hb-search-results a")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('#hb-search-results') !== null")
    page.keyboard.press("Escape")
    assert not page.is_checked("#__search")


def test_magnifier_button_opens_the_search_on_a_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    phone = context.new_page()
    phone.goto(base_url)
    phone.locator(".md-header label[for=__search]").first.click()
    phone.wait_for_function("document.activeElement.id === 'hb-search-input'")
    assert phone.is_checked("#__search")  # Material's style then shows the box over the header
    phone.keyboard.type("työkokeilu")
    phone.wait_for_selector("#hb-search-results a", state="visible")
    context.close()


def test_result_page_highlights_the_matched_words(page, base_url, content):
    results = search(page, base_url, "", "palkkatuesta")
    assert results
    link = page.locator("#hb-search-results a").first
    assert "?" not in (link.get_attribute("href") or ""), "typed words must not reach the server's logs"
    link.click()
    page.wait_for_load_state()
    assert "highlight" not in page.url
    marks = page.locator("article.md-content__inner mark.hb-search-mark").all_inner_texts()
    assert marks and all(m.lower().startswith("palkkatu") for m in marks), marks


def test_nothing_typed_is_stored(page, base_url):
    search(page, base_url, "", "työkokeilussa")
    stored = page.evaluate(
        """async () => ({
            cookies: document.cookie,
            local: localStorage.length,
            session: sessionStorage.length,
            databases: (await indexedDB.databases()).length,
        })"""
    )
    assert stored == {"cookies": "", "local": 0, "session": 0, "databases": 0}


def test_nothing_of_the_index_loads_before_the_first_query(page, base_url):
    transfer = record_transfer(page)
    page.goto(base_url, wait_until="networkidle")
    assert transfer.total("/pagefind/") == 0
    assert transfer.total("search_index.json") == 0, "Material's own index is loaded"


def test_first_search_weight(page, base_url):
    """The bytes a worker's browser loads for search: on every page view, and for the
    first query (Pagefind's script, worker, Finnish wasm, index and result fragments).
    Printed for the README; the limit guards against a heavy engine slipping in."""
    transfer = record_transfer(page)
    page.goto(base_url, wait_until="networkidle")
    on_view = transfer.total("/assets/handbook/")
    before = dict(transfer.sizes)
    search(page, base_url, "", "työkokeilussa")
    page.wait_for_load_state("networkidle")
    first = sum(size for url, size in transfer.sizes.items() if url not in before)
    print(f"\nsearch weight: {on_view} B on every page view (search.js + .css), {first} B on the first query")
    assert on_view < 20_000
    assert first < 250_000


# --- A not-recommended term leads to the preferred concept --------------------------------
# The real glossary may not (yet) have not-recommended terms, so this builds a copy of the
# project with one added to an existing concept: the hint must say which term matched.

NOT_RECOMMENDED = {"fi": "työvalmennustoiminta", "en": "work coaching activity"}


@pytest.fixture(scope="module")
def site_with_not_recommended_term(tmp_path_factory: pytest.TempPathFactory):
    project = site_project(tmp_path_factory.mktemp("not-recommended"))
    concept = project / "glossary" / "tyovalmennus.yaml"
    text = concept.read_text(encoding="utf-8")
    for lang, preferred in (("fi", "työvalmennus"), ("en", "work coaching")):
        line = f"    preferred: {preferred}\n"
        assert line in text, f"{concept.name}: the {lang} preferred term changed; update this test"
        text = text.replace(line, f"{line}    not_recommended: [{NOT_RECOMMENDED[lang]}]\n", 1)
    concept.write_text(text, encoding="utf-8")
    out = project / "site"
    result = build_site(project, out)
    assert result.returncode == 0, result.stderr
    server, url = serve(out)
    yield url
    server.shutdown()


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_not_recommended_term_leads_to_the_preferred_concept(
    page, site_with_not_recommended_term, content, lang
):
    url = site_with_not_recommended_term
    preferred = content.concepts["tyovalmennus"].term(lang)
    home = home_path(content.languages, lang)
    results = search(page, url, home, NOT_RECOMMENDED[lang])
    assert results, f"nothing found for {NOT_RECOMMENDED[lang]!r}"
    first = results[0]
    assert first.path == f"{home}glossary/tyovalmennus/"
    see = content.languages.word("see", lang)
    label = content.languages.word("not_recommended", lang)
    assert first.hint == f"{NOT_RECOMMENDED[lang]} ({label}) → {see} {preferred}"


def test_real_not_recommended_terms_lead_to_their_concepts(page, base_url, content):
    """Every not-recommended term in the glossary finds its concept first, with the hint."""
    checked = 0
    for concept in content.concepts.values():
        for lang, terms in concept.terms.items():
            home = home_path(content.languages, lang)
            for term in terms.not_recommended:
                results = search(page, base_url, home, term)
                assert results and results[0].path == f"{home}glossary/{concept.id}/", (lang, term)
                assert f"→ {content.languages.word('see', lang)} {concept.term(lang)}" in results[0].hint
                checked += 1
    print(f"\nnot-recommended terms checked: {checked}")


def test_other_term_says_which_term_matched(page, base_url, content):
    """A query for another (accepted) term says which term matched and where it leads."""
    for concept in content.concepts.values():
        terms = concept.terms[content.languages.default]
        if terms.accepted and " " not in terms.accepted[0]:
            results = search(page, base_url, "", terms.accepted[0])
            hit = next(r for r in results if r.path == f"glossary/{concept.id}/")
            see = content.languages.word("see", content.languages.default)
            assert hit.hint == f"{terms.accepted[0]} → {see} {terms.preferred}"
            return
    pytest.skip("no concept has a one-word other term yet")


@pytest.mark.parametrize("query", ["", "palkkatuesta", "EHO"])
def test_search_box_passes_axe(page, base_url, query):
    """axe-core finds nothing wrong with the search box, closed or showing results (Material's
    own search dialog fails aria-dialog-name). Only the box is checked: the rest of the page
    is other tests' business."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(base_url)
    if query:  # "EHO" is another term: the result says which term matched
        search(page, base_url, "", query)
    results = Axe().run(page, context="[data-hb-search]")
    violations = results.response["violations"]
    problems = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}" for v in violations]
    assert problems == []
    assert page.locator("[data-hb-search] [role=dialog]").count() == 0
