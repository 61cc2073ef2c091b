"""The built site as the intranet serves it: the real nginx on 127.0.0.1 with the
repository's configuration (deploy/nginx/, made by handbook.webserver), over the built
site under site_url's path.

A miss gets its language's 404 page with status 404; responses are compressed; every
response carries the security headers and a cache lifetime fitting its kind; and every
page loads under the Content-Security-Policy with no violation in Chromium, search and
a decision tree included. One probe page breaks the policy on purpose, so that the check
is seen to catch a violation."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import CHROMIUM_ARGS, RecordingPage, find_chromium
from searchbox import search
from sitecrawl import page_paths

from handbook import webserver

NGINX = webserver.find_nginx()
CI = os.environ.get("CI") == "true"
WORKERS = max(1, min(3, os.cpu_count() or 2))
YEAR = 365 * 24 * 3600
# Records every CSP violation the page sees (an init script is not itself under the CSP).
WATCH_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(
  `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || ''}:${e.lineNumber}`));
"""


def _need_nginx() -> str:
    if NGINX is None:
        if CI:
            pytest.fail("CI=true but nginx is not installed; ./dev test installs Debian's nginx.")
        pytest.skip("nginx is not installed (Debian: apt-get install nginx)")
    return NGINX


@pytest.fixture(scope="module")
def config(site_dir: Path) -> webserver.Config:
    return webserver.make_config(site_dir)


@pytest.fixture(scope="module")
def server(config, tmp_path_factory) -> Iterator[str]:
    """The site's URL on nginx, e.g. http://127.0.0.1:PORT/tyollistymisen-kasikirja/."""
    nginx = _need_nginx()
    with webserver.serving(config, tmp_path_factory.mktemp("nginx"), nginx=nginx) as url:
        yield url


class Reply:
    def __init__(self, status: int, headers, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name: str) -> str:
        return self.headers.get(name, "")

    def text(self) -> str:
        data = gzip.decompress(self.body) if self.header("Content-Encoding") == "gzip" else self.body
        return data.decode("utf-8")


def get(url: str, encoding: str = "identity") -> Reply:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Reply(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.headers, error.read())


def _html_lang(text: str) -> str:
    match = re.search(r'<html[^>]*\blang="([^"]+)"', text)
    return match.group(1) if match else ""


# ------------------------------------------------------------------------ configuration


def test_the_configuration_passes_nginx_own_check(config, tmp_path):
    conf = webserver.write_standalone(config, tmp_path, "127.0.0.1:8118")
    assert webserver.check(_need_nginx(), conf) is None


def test_the_policy_hashes_exactly_the_inline_scripts_of_the_built_pages(site_dir, config):
    policy = config.csp
    assert "'unsafe-eval'" not in policy and "'unsafe-inline'" not in policy
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    hashes = set(re.findall(r"'sha256-[^']+'", directives["script-src"]))
    seen = set()
    for file in site_dir.rglob("*.html"):
        for script in webserver.inline_scripts(file.read_text("utf-8")):
            seen.add(webserver.script_hash(script))
    assert seen, "Material writes inline scripts: the parser found none"
    assert hashes == seen


def test_only_scripts_that_run_are_hashed():
    html = (
        '<script>a()</script><script src="x.js"></script>'
        '<script type="application/json">{"b": 1}</script><script type="module">c()</script>'
    )
    assert webserver.inline_scripts(html) == ["a()", "c()"]


def test_inline_styles_are_allowed_by_hash_and_only_when_a_page_has_them():
    none = webserver.content_security_policy(webserver.InlineCode(scripts=["a()"]))
    assert "style-src 'self';" in none and "unsafe" not in none.replace("'wasm-unsafe-eval'", "")
    found = webserver.inline_code('<p style="color: red">x</p><svg><style>p{}</style></svg><br style="x"/>')
    assert found.styles == ["p{}"] and found.style_attributes == ["color: red", "x"]
    policy = webserver.content_security_policy(found)
    style_src = next(d for d in policy.split("; ") if d.startswith("style-src"))
    assert webserver.script_hash("p{}") in style_src
    assert "'unsafe-hashes'" in style_src and webserver.script_hash("color: red") in style_src
    assert "'unsafe-inline'" not in policy


def test_paths_and_folders_that_would_break_the_configuration_are_refused(site_dir):
    for path in ['/a"b/', "/a;b/", "/a b/", "/a/../b/"]:
        with pytest.raises(webserver.ConfigError):
            webserver.make_config(site_dir, path=path)
    with pytest.raises(webserver.ConfigError):
        webserver.make_config(site_dir, root="/srv/hand;book")
    with pytest.raises(webserver.ConfigError, match="build the site first"):
        webserver.make_config(site_dir / "assets")


def test_the_site_path_and_root_folder_are_parameters(site_dir, tmp_path):
    config = webserver.make_config(site_dir, path="/palvelut/kasikirja", root="/srv/www/kasikirja/")
    http, location = webserver.render(config).values()
    assert "location ^~ /palvelut/kasikirja/ {" in location
    assert 'alias "/srv/www/kasikirja/";' in location
    assert "return 301 /palvelut/kasikirja/;" in location
    assert "/palvelut/kasikirja/en/404.html" in http
    assert "tyollistymisen" not in http + location


# ----------------------------------------------------------------------------- 404 pages


@pytest.mark.parametrize(
    ("miss", "lang"),
    [
        ("en/no-such-page/", "en"),
        ("en/glossary/no-such-entry/", "en"),
        ("en/a/b/c/d.html", "en"),
        ("no-such-page/", "fi"),
        ("glossary/no-such-entry/", "fi"),
        ("enx/no-such-page/", "fi"),  # only the folder en/ is English
        ("fi/no-such-page/", "fi"),
    ],
)
def test_a_miss_gets_the_404_page_of_its_language_with_status_404(server, content, miss, lang):
    reply = get(server + miss)
    assert reply.status == 404
    text = reply.text()
    assert _html_lang(text) == lang
    assert content.languages.word("page_not_found", lang) in text
    assert "Content-Security-Policy" in reply.headers


def test_the_site_path_without_its_slash_and_folders_without_theirs_redirect(server):
    root = urlsplit(server).path
    opener = urllib.request.build_opener(_NoRedirect)
    for asked, wanted in [(root.rstrip("/"), root), (root + "en/glossary", root + "en/glossary/")]:
        with pytest.raises(urllib.error.HTTPError) as raised:
            opener.open(f"{server.removesuffix(root)}{asked}", timeout=10)
        assert raised.value.code == 301, asked
        assert raised.value.headers["Location"] == wanted


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# ------------------------------------------------------------------ compression, types


def _samples(site: Path) -> dict[str, str]:
    """One file of each kind the site serves, as paths below the site root."""

    def first(pattern: str) -> str:
        found = sorted(site.glob(pattern))
        assert found, f"the built site has no {pattern}"
        return found[0].relative_to(site).as_posix()

    return {
        "html": "",
        "html-en": "en/glossary/",
        "css": first("assets/stylesheets/main.*.min.css"),
        "own-css": "assets/flowchart.css",
        "js": first("assets/javascripts/bundle.*.min.js"),
        "own-js": "assets/flowchart.js",
        "json": first("downloads/*.json"),
        "pagefind-js": "pagefind/pagefind.js",
        "pagefind-worker": "pagefind/pagefind-worker.js",
        "pagefind-entry": "pagefind/pagefind-entry.json",
        "pagefind-meta": first("pagefind/*.pf_meta"),
        "pagefind-index": first("pagefind/index/*.pf_index"),
        "pagefind-fragment": first("pagefind/fragment/*.pf_fragment"),
        "pagefind-wasm": first("pagefind/wasm.*.pagefind"),
        "ttl": first("downloads/*.ttl"),
        "csv": first("downloads/*.csv"),
        "svg": "assets/favicon.svg",
        "404": "404.html",
    }


COMPRESSED = [
    "html",
    "html-en",
    "css",
    "own-css",
    "js",
    "own-js",
    "json",
    "pagefind-js",
    "pagefind-worker",
    "ttl",
]


def test_text_responses_are_gzip_compressed_and_unchanged(server, site_dir):
    samples = _samples(site_dir)
    for kind in COMPRESSED:
        path = samples[kind]
        reply = get(server + path, "gzip")
        assert reply.status == 200, path
        assert reply.header("Content-Encoding") == "gzip", f"{kind} {path} is not compressed"
        assert "Accept-Encoding" in reply.header("Vary"), path
        file = site_dir / path / "index.html" if path.endswith("/") or not path else site_dir / path
        assert gzip.decompress(reply.body) == file.read_bytes(), path
        assert len(reply.body) < file.stat().st_size * 0.6, f"{path}: compressed {len(reply.body)} B"


def test_brotli_where_the_server_has_it(server, site_dir, config):
    if not config.brotli:
        pytest.skip("this nginx has no brotli module (./dev test installs it where Debian packages it)")
    for kind in ("html", "js", "css", "pagefind-js"):
        path = _samples(site_dir)[kind]
        br = get(server + path, "br, gzip")
        assert br.header("Content-Encoding") == "br", path
        assert len(br.body) < len(get(server + path, "gzip").body), path


def test_pagefind_binaries_are_already_gzip_and_sent_as_they_are(server, site_dir):
    """Pagefind writes its index, metadata and wasm gzipped and unpacks them itself."""
    samples = _samples(site_dir)
    for kind in ("pagefind-meta", "pagefind-index", "pagefind-fragment", "pagefind-wasm"):
        reply = get(server + samples[kind], "br, gzip")
        assert reply.body[:2] == b"\x1f\x8b", kind
        assert reply.header("Content-Encoding") == "", kind
        assert reply.header("Content-Type") == "application/octet-stream", kind


def test_each_kind_of_file_has_its_type(server, site_dir):
    samples = _samples(site_dir)
    wanted = {
        "html": "text/html; charset=utf-8",
        "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8",
        "json": "application/json; charset=utf-8",
        "pagefind-entry": "application/json; charset=utf-8",
        "ttl": "text/turtle; charset=utf-8",
        "csv": "text/csv; charset=utf-8",
        "svg": "image/svg+xml; charset=utf-8",
    }
    for kind, content_type in wanted.items():
        assert get(server + samples[kind]).header("Content-Type") == content_type, kind


def test_wasm_and_xlsx_have_their_types(probe_server):
    """Neither is in the site today (Pagefind's wasm is gzipped as .pagefind; the xlsx export
    is on its way): the probe copy of the site has one of each."""
    url, _ = probe_server
    assert get(url + "probe/empty.wasm").header("Content-Type") == "application/wasm"
    assert get(url + "probe/empty.xlsx").header("Content-Type") == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


# ------------------------------------------------------------------------------ headers


def test_every_kind_of_response_has_the_security_headers_and_its_cache_lifetime(server, site_dir, config):
    long_lived = {"css", "js", "pagefind-meta", "pagefind-index", "pagefind-fragment"}
    no_cache = {"html", "html-en", "404", "pagefind-entry"}
    pages = {
        "glossary entry": next(iter(sorted(site_dir.glob("glossary/*/index.html")))),
        "service list": site_dir / "services/index.html",
        "flowchart": next(iter(sorted(site_dir.glob("flowcharts/*/index.html")))),
        "terminology": next(iter(sorted(site_dir.glob("terminology/**/index.html")))),
        "en flowchart": next(iter(sorted(site_dir.glob("en/flowcharts/*/index.html")))),
    }
    urls = {kind: server + path for kind, path in _samples(site_dir).items()}
    urls |= {
        kind: server + file.parent.relative_to(site_dir).as_posix() + "/" for kind, file in pages.items()
    }
    urls["miss"] = server + "en/no-such-page/"
    for kind, url in urls.items():
        reply = get(url, "gzip")
        assert reply.status == (404 if kind == "miss" else 200), kind
        assert reply.header("Content-Security-Policy") == config.csp, kind
        assert reply.header("X-Content-Type-Options") == "nosniff", kind
        assert reply.header("Referrer-Policy") == "no-referrer", kind
        assert "frame-ancestors 'none'" in reply.header("Content-Security-Policy"), kind
        cache = reply.header("Cache-Control")
        if kind in long_lived:
            assert f"max-age={YEAR}" in cache and "immutable" in cache, f"{kind}: {cache}"
        elif kind in no_cache or kind in pages or kind == "miss":
            assert cache == "no-cache", f"{kind}: {cache}"
        else:
            max_age = int(re.search(r"max-age=(\d+)", cache).group(1))  # type: ignore[union-attr]
            assert 0 < max_age <= 3600, f"{kind}: {cache}"
        assert reply.header("Server") == "nginx", "the version stays private"


# ---------------------------------------------------------------- the site under the CSP


def _open(browser, origin: str) -> RecordingPage:
    page = RecordingPage(browser.new_context().new_page(), origin)
    page.add_init_script(WATCH_CSP)
    page.failed = []  # type: ignore[attr-defined]  (URLs answered with an error status)
    page.on("response", lambda r: r.status >= 400 and page.failed.append(r.url))  # type: ignore[attr-defined]
    return page


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _load(page: RecordingPage, url: str) -> list[str]:
    response = page.goto(url, wait_until="load")
    problems = []
    if response is None or response.status not in (200, 404):
        problems.append(f"HTTP {response and response.status}")
    elif "default-src 'self'" not in (response.headers.get("content-security-policy") or ""):
        problems.append("no Content-Security-Policy on the page")
    page.wait_for_timeout(50)  # violations are reported in a task after the load
    problems += [f"CSP: {v}" for v in page.evaluate("window.__csp")]
    errors = page.console_errors
    if response is not None and response.status == 404:
        # A miss: the page itself is the one 404 Chromium reports; nothing it loads may fail.
        errors = [e for e in errors if "status of 404" not in e]
        problems += [f"failed: {u}" for u in page.failed if u != response.url]  # type: ignore[attr-defined]
    problems += [f"console: {e}" for e in errors]
    problems += [f"request outside the origin: {u}" for u in page.external_requests]
    page.console_errors.clear()
    page.failed.clear()  # type: ignore[attr-defined]
    page.external_requests.clear()
    return problems


def _crawl(paths: list[str], base: str) -> list[str]:
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
        page = _open(browser, _origin(base))
        for path in paths:
            problems += [f"/{path}: {p}" for p in _load(page, base + path)]
        browser.close()
    return problems


def test_every_page_loads_under_the_policy_without_a_violation(browser, server, site_dir):
    paths = [*page_paths(site_dir), "en/no-such/page/", "no-such/deep/page/"]
    assert {"", "en/", "404.html", "en/404.html"} <= set(paths)
    chunks = [paths[i::WORKERS] for i in range(WORKERS)]
    with ThreadPoolExecutor(WORKERS) as pool:
        problems = [p for chunk in pool.map(lambda c: _crawl(c, server), chunks) for p in chunk]
    assert problems == [], "\n".join(problems)


def test_search_works_under_the_policy(browser, server, content):
    page = _open(browser, _origin(server))
    for home, query in (("", "työkokeilussa"), ("en/", "work trial")):
        results = search(page, server, home, query)
        assert results, f"no results for {query!r}"
        assert all(r.path.startswith(home) for r in results)
    assert page.evaluate("window.__csp") == []
    assert page.console_errors == []
    assert page.external_requests == []


def test_a_decision_tree_walks_to_a_result_under_the_policy(browser, server, content):
    tree = sorted(content.trees)[0]
    page = _open(browser, _origin(server))
    for prefix in ("", "en/"):
        page.goto(f"{server}{prefix}flowcharts/{tree}/", wait_until="load")
        for _ in range(40):
            choices = page.locator(".hb-flow-app a.hb-choice")
            if choices.count() == 0:
                break
            state = page.locator(".hb-flow-app").get_attribute("data-state") or ""
            choices.first.click(no_wait_after=True)
            page.wait_for_function(
                "s => document.querySelector('.hb-flow-app').dataset.state !== s", arg=state, timeout=10_000
            )
        card = page.locator(".hb-flow-app .hb-result-card")
        card.wait_for()
        assert card.locator("a[href]").count() > 0, "the result names no service page"
    assert page.evaluate("window.__csp") == []
    assert page.console_errors == []


def test_a_glossary_tooltip_shows_under_the_policy(browser, server, site_dir):
    """Material positions its tooltips from script; under the CSP they still appear."""
    path = next(
        file.parent.relative_to(site_dir).as_posix()
        for file in sorted(site_dir.glob("onboarding/*/index.html"))
        if 'class="hb-term"' in file.read_text("utf-8")
    )
    page = _open(browser, _origin(server))
    page.goto(f"{server}{path}/", wait_until="load")
    link = page.locator("a.hb-term").first
    link.evaluate(
        "e => { const s = document.createElement('span'); s.tabIndex = 0; e.before(s); s.focus(); }"
    )
    page.keyboard.press("Tab")
    page.locator(".md-tooltip2--active").wait_for(state="visible", timeout=5000)
    assert page.evaluate("window.__csp") == []
    assert page.console_errors == []


def test_print_works_under_the_policy(browser, server, site_dir):
    entry = next(iter(sorted(site_dir.glob("glossary/*/index.html")))).parent.relative_to(site_dir).as_posix()
    page = _open(browser, _origin(server))
    page.goto(f"{server}{entry}/", wait_until="load")
    page.emulate_media(media="print")
    assert page.pdf()[:4] == b"%PDF"
    assert page.evaluate("window.__csp") == []
    assert page.console_errors == []


# ------------------------------------------------------- a check that can fail, failing


PROBE = """<!doctype html><html lang="en"><head><title>CSP probe</title>
<script>window.inlineRan = true;</script></head><body>
<script src="probe.js"></script></body></html>"""
PROBE_JS = """
try { eval("window.evalRan = true"); } catch (e) {}
fetch("http://127.0.0.2:9/leak").catch(() => {});
"""


@pytest.fixture(scope="module")
def probe_server(site_dir, tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """A copy of the site with a page added after the configuration was made: its inline
    script has no hash in the policy, its script evals and fetches another origin."""
    nginx = _need_nginx()
    copy = tmp_path_factory.mktemp("probe") / "site"
    shutil.copytree(site_dir, copy)
    config = webserver.make_config(copy)
    (copy / "probe").mkdir()
    (copy / "probe" / "index.html").write_text(PROBE, "utf-8")
    (copy / "probe" / "probe.js").write_text(PROBE_JS, "utf-8")
    (copy / "probe" / "empty.wasm").write_bytes(b"\0asm\1\0\0\0")
    (copy / "probe" / "empty.xlsx").write_bytes(b"PK\5\6" + b"\0" * 18)
    with webserver.serving(config, tmp_path_factory.mktemp("nginx-probe"), nginx=nginx) as url:
        yield url, copy


def test_the_policy_check_sees_an_unhashed_inline_script_eval_and_a_foreign_fetch(browser, probe_server):
    url, _ = probe_server
    page = _open(browser, _origin(url))
    problems = _load(page, url + "probe/")
    page.wait_for_timeout(300)
    violations = " ".join(page.evaluate("window.__csp"))
    assert page.evaluate("window.inlineRan") is None
    assert page.evaluate("window.evalRan") is None
    assert "script-src-elem blocked inline" in violations
    assert "script-src blocked eval" in violations
    assert "connect-src blocked http://127.0.0.2:9/leak" in violations
    assert any(p.startswith("CSP:") for p in problems)
