"""`mkdocs serve` rebuilds when a content YAML file changes, only the pages that changed
(also at N = 2,000 concepts), to the same bytes as a full build; a mistake made while it
runs is reported as file:line without stopping the server, and until it is fixed the last
good site is served with the problems shown on every page."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from projects import FIXTURES, ROOT, site_project

sys.path.insert(0, str(ROOT / "scripts"))
from synthetic_content import generate

# mkdocs serve serves the site under site_url's path.
SITE_PATH = "/tyollistymisen-kasikirja/"
PAGE = "glossary/muokattava/"
FILE = Path("glossary/muokattava.yaml")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(check: Callable[[], bool], seconds: float) -> float | None:
    """Seconds until `check()` held, or None when it did not within `seconds`."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if check():
            return time.monotonic() - start
        time.sleep(0.2)
    return None


class Server:
    def __init__(self, project: Path, log: Path) -> None:
        self.project = project
        self.log = log
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}{SITE_PATH}"

    def output(self) -> str:
        return self.log.read_text("utf-8", errors="replace")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    project = site_project(tmp_path, FIXTURES / "layers" / "serve-edit")
    with _serve(project, tmp_path / "serve.log", 120) as running:
        yield running


@contextmanager
def _serve(project: Path, log_file: Path, start_seconds: float, *options: str) -> Iterator[Server]:
    running = Server(project, log_file)
    with running.log.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{running.port}", *options],
            cwd=project,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, ended below by its id
        )
    try:
        started = _wait_for(
            lambda: process.poll() is not None or "Ennen muokkausta." in (_fetch(running.url + PAGE) or ""),
            start_seconds,
        )
        assert started is not None and process.poll() is None, running.output()[-3000:]
        yield running
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _edit(file: Path, old: str, new: str) -> None:
    text = file.read_text("utf-8")
    assert old in text
    file.write_text(text.replace(old, new), "utf-8")


def test_editing_a_glossary_file_rebuilds_the_page(server: Server):
    _edit(server.project / FILE, "Ennen muokkausta.", "Muokkauksen jälkeen.")
    took = _wait_for(lambda: "Muokkauksen jälkeen." in (_fetch(server.url + PAGE) or ""), 120)
    assert took is not None, server.output()
    # The English page is rebuilt from the same file.
    assert "Before the edit." in (_fetch(server.url + "en/" + PAGE) or "")


def test_one_save_is_one_rebuild_and_an_idle_server_does_not_rebuild(server: Server):
    """The server watches with the system's change notices, which also tell of files
    opened for reading: a build reads every content file, and must not start the next."""
    time.sleep(5)
    assert server.output().count("Detected file changes") == 0, server.output()[-2000:]
    _edit(server.project / FILE, "Ennen muokkausta.", "Kerran muokattu.")
    assert _wait_for(lambda: "Kerran muokattu." in (_fetch(server.url + PAGE) or ""), 120) is not None
    assert _wait_for(lambda: len(_rebuilt(server.output(), "en")) >= 1, 60) is not None
    time.sleep(8)  # a rebuild started by the rebuild's own reading would show by now
    assert server.output().count("Detected file changes") == 1, server.output()[-3000:]


def test_a_rebuild_without_a_change_of_content_keeps_every_page_as_it_was(server: Server):
    """An editor's lock file beside a concept starts a rebuild in which no content changed:
    the pages it rebuilds (the navigation's) keep their menu, whose titles MkDocs knows only
    from pages it renders (they read "None" when the hand-written ones were skipped)."""
    pages = ["glossary/", "services/", "en/glossary/", "quick-reference/"]
    before = {page: _strip_livereload((_fetch(server.url + page) or "").encode()) for page in pages}
    (server.project / "glossary" / ".#muokattava.yaml").write_text("editor@host.1234", "utf-8")
    assert _wait_for(lambda: len(_rebuilt(server.output(), "en")) >= 1, 120) is not None, server.output()
    time.sleep(1)
    for page in pages:
        after = _strip_livereload((_fetch(server.url + page) or "").encode())
        assert after == before[page], page


def test_a_mistake_while_serving_is_reported_and_the_server_keeps_running(server: Server):
    file = server.project / FILE
    _edit(file, "source: hki-tyokyvyn-tuen-palvelut\nreviewed", "source: ei-tallaista-lahdetta\nreviewed")
    message = (
        "glossary/muokattava.yaml:13: there is no source with id 'ei-tallaista-lahdetta' in "
        "sources.yaml; check the spelling, or add the source to sources.yaml."
    )
    assert _wait_for(lambda: message in server.output(), 120) is not None, server.output()
    assert "Traceback" not in server.output()
    # Fixed again: the server is still there and the page comes back with the new text.
    _edit(file, "source: ei-tallaista-lahdetta", "source: hki-tyokyvyn-tuen-palvelut")
    _edit(file, "Ennen muokkausta.", "Korjattu.")
    took = _wait_for(lambda: "Korjattu." in (_fetch(server.url + PAGE) or ""), 120)
    assert took is not None, server.output()


def test_serve_started_with_dirty_builds_and_rebuilds_what_changed(tmp_path: Path):
    # Its first build is a dirty one too: MkDocs' warning about dirty builds must not stop
    # it under `strict: true`.
    project = site_project(tmp_path, FIXTURES / "layers" / "serve-edit")
    with _serve(project, tmp_path / "serve.log", 120, "--dirty") as running:
        _edit(project / FILE, "Ennen muokkausta.", "Muokattu.")
        took = _wait_for(lambda: "Muokattu." in (_fetch(running.url + PAGE) or ""), 60)
        assert took is not None, running.output()
        assert "glossary/muokattava.fi.md" in _rebuilt(running.output(), "fi")[-1]
        assert "Aborted" not in running.output()


def _rebuilt(output: str, lang: str) -> list[list[str]]:
    """The pages each rebuild of `lang` made, from the serve log (hooks/serving.py)."""
    pattern = rf"serve: rebuilt \d+ page\(s\) \({lang}; \d+ generated ones in all\): (.*)"
    runs = re.findall(pattern, output)
    return [run.split(", ") for run in runs]


def test_while_the_content_is_broken_the_last_good_site_is_served_with_the_problems(server: Server):
    file = server.project / FILE
    _edit(file, "Ennen muokkausta.", "Rikki.")
    _edit(file, "reviewed:", "reviewed: [\nreviewed:")  # an unclosed bracket: unreadable
    # Told at the line of the '[' that is never closed (issue 12's message), not at the end.
    problem = "glossary/muokattava.yaml:14: the YAML cannot be read: the "
    assert _wait_for(lambda: problem in server.output(), 60) is not None, server.output()
    started = time.monotonic()
    page = _fetch(server.url + PAGE)  # answered at once, not after the fix
    assert page is not None and time.monotonic() - started < 5
    assert "Ennen muokkausta." in page and "Rikki." not in page  # the last good version
    assert 'id="hb-serve-problems"' in page and problem in page  # with the problems on top
    assert "Traceback" not in server.output()
    _edit(file, "reviewed: [\nreviewed:", "reviewed:")
    fixed = _wait_for(lambda: "Rikki." in (_fetch(server.url + PAGE) or ""), 60)
    assert fixed is not None, server.output()
    assert "hb-serve-problems" not in (_fetch(server.url + PAGE) or "")


def _strip_livereload(page: bytes) -> bytes:
    return re.sub(rb"<script>\s*var livereload = .*?</script>", b"", page, flags=re.DOTALL)


def test_a_rebuild_of_what_changed_equals_a_full_build(server: Server, tmp_path: Path):
    """After an edit, every page served is the page a full build of the edited content
    writes (the server's site, fetched page by page, against `mkdocs build`)."""
    _edit(server.project / FILE, "muokattava testikäsite", "muokattu testikäsite")
    took = _wait_for(lambda: "muokattu testikäsite" in (_fetch(server.url + PAGE) or ""), 60)
    assert took is not None, server.output()
    assert _wait_for(lambda: len(_rebuilt(server.output(), "en")) >= 1, 60) is not None
    rebuilt = _rebuilt(server.output(), "fi")[-1]
    assert "glossary/muokattava.fi.md" in rebuilt and "glossary/index.fi.md" in rebuilt
    assert "glossary/aktivointisuunnitelma.fi.md" not in rebuilt  # unrelated: not rebuilt
    # The full build of the same project, with the server's address as site_url.
    config = server.project / "mkdocs.yml"
    served = config.read_text("utf-8").replace(
        "site_url: https://intranet.example.invalid/tyollistymisen-kasikirja/",
        f"site_url: {server.url}",
    )
    (server.project / "mkdocs-full.yml").write_text(served, "utf-8")
    site = tmp_path / "full"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs-full.yml", "-d", str(site)],
        cwd=server.project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=True,
        timeout=600,
    )
    pages = sorted(p.relative_to(site) for p in site.rglob("*.html"))
    assert len(pages) > 100
    differ = []
    for page in pages:
        url = server.url + str(page).removesuffix("index.html")
        with urllib.request.urlopen(url, timeout=10) as response:
            if _strip_livereload(response.read()) != (site / page).read_bytes():
                differ.append(str(page))
    assert differ == []


@pytest.fixture(scope="module")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The benchmark's synthetic content at N = 2,000 concepts beside the real content."""
    project = site_project(tmp_path_factory.mktemp("n2000"), FIXTURES / "layers" / "serve-edit")
    from handbook.loading import load_content

    real = load_content(ROOT)
    keep = len(real.concepts) + 1  # the real content and muokattava.yaml stay
    # Synthetic statements cite sources without a regional scope (a region is never a condition).
    sources = sorted(k for k, s in real.sources.items() if s.scope is None)
    generate(project, 2000, real.languages.codes, sources, keep, len(real.trees))
    return project


def test_at_2000_concepts_saving_one_concept_rebuilds_its_pages_not_the_site(big_project, tmp_path):
    assert len(list((big_project / "glossary").glob("*.yaml"))) >= 2000
    with _serve(big_project, tmp_path / "serve.log", 1800) as running:  # the first build is full
        edited = "Muokattu kahdentuhannen joukossa."
        _edit(running.project / FILE, "Ennen muokkausta.", edited)
        took = _wait_for(lambda: edited in (_fetch(running.url + PAGE) or ""), 300)
        assert took is not None, running.output()[-3000:]
        assert _wait_for(lambda: len(_rebuilt(running.output(), "en")) >= 1, 300) is not None
        for lang in ("fi", "en"):
            rebuilt = _rebuilt(running.output(), lang)[-1]
            # Its own page, the pages that list it and the section pages of the navigation;
            # not the 2,000 other concepts, the trees and the hand-written pages.
            assert len(rebuilt) < 40, rebuilt
        assert "glossary/muokattava.fi.md" in _rebuilt(running.output(), "fi")[-1]
        total = re.search(r"\(fi; (\d+) generated ones in all\)", running.output())
        assert total and int(total.group(1)) > 2000
        other = _fetch(running.url + "glossary/aktivointisuunnitelma/") or ""
        assert "aktivointisuunnitelma" in other and edited not in other
