"""`mkdocs serve` rebuilds when a content YAML file changes, and a mistake made while
it runs is reported as file:line without stopping the server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from projects import FIXTURES, site_project

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
    running = Server(project, tmp_path / "serve.log")
    with running.log.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{running.port}"],
            cwd=project,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, ended below by its id
        )
    try:
        started = _wait_for(lambda: "Ennen muokkausta." in (_fetch(running.url + PAGE) or ""), 120)
        assert started is not None, running.output()
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
