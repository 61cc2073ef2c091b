"""Shared fixtures: the real content, a built site, a local server, and headless Chromium.

Browser tests skip when no Chromium is installed, except in CI (CI=true), where a
missing browser is a failure.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from handbook.loading import load_content
from handbook.model import Content

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Debian's real binary; /usr/bin/chromium is a wrapper script that adds its own flags.
CHROMIUM_CANDIDATES = ["/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content(ROOT)


def build_site(root: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run the real `mkdocs build --strict` for the project at `root` into `out`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out), *extra],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test run."""
    out = tmp_path_factory.mktemp("site") / "site"
    result = build_site(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The built site served on loopback; URLs end with '/'."""
    server, url = serve(site_dir)
    yield url
    server.shutdown()


def find_chromium() -> str | None:
    candidates = [os.environ.get("CHROMIUM", ""), *CHROMIUM_CANDIDATES]
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    found = shutil.which("chromium")
    return found


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = find_chromium()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but no Chromium was found; .ci/run installs Debian's chromium.")
        pytest.skip("no Chromium on this machine (install Debian's chromium to run browser tests)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class RecordingPage:
    """A Playwright page that records every request leaving the site's origin, and
    every console error."""

    def __init__(self, page, origin: str) -> None:
        self.page = page
        self.origin = origin
        self.external_requests: list[str] = []
        self.console_errors: list[str] = []
        self.pending: set[object] = set()  # requests not yet answered, for settle()
        page.on("request", self._on_request)
        page.on("requestfinished", self._on_request_done)
        page.on("requestfailed", self._on_request_done)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append(str(error)))

    def _on_request(self, request) -> None:
        self.pending.add(request)
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.external_requests.append(url)

    def _on_request_done(self, request) -> None:
        self.pending.discard(request)

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(message.text)

    def __getattr__(self, name: str):
        return getattr(self.page, name)


def settle(pages: list[RecordingPage], idle_ms: int = 500, timeout_ms: int = 20_000) -> None:
    """Wait until none of `pages` has had a request in flight for `idle_ms`: Playwright's
    "networkidle" (500 ms), but for several pages loading at once, so that a test can
    open many pages in parallel tabs and wait once."""
    step = 50
    quiet = waited = 0
    while quiet < idle_ms:
        pages[0].wait_for_timeout(step)  # lets Playwright deliver the request events
        waited += step
        quiet = 0 if any(page.pending for page in pages) else quiet + step
        if waited > timeout_ms:
            pending = [r.url for page in pages for r in page.pending]  # type: ignore[attr-defined]
            raise TimeoutError(f"requests still open after {timeout_ms} ms: {pending}")


@pytest.fixture
def page(browser, base_url: str) -> Iterator[RecordingPage]:
    """A fresh page (new context: no cookies or storage from other tests)."""
    context = browser.new_context()
    parts = urlsplit(base_url)
    recording = RecordingPage(context.new_page(), f"{parts.scheme}://{parts.netloc}")
    yield recording
    context.close()
