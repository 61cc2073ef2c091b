"""Helpers for tests that look at the whole built site: serve it under a sub-path as
on the intranet, list its pages, and read the ids every page offers as anchors."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

# The path part of site_url in mkdocs.yml: the site must work below it.
SUB_PATH = "/tyollistymisen-kasikirja/"


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def translate_path(self, path: str) -> str:
        if not path.startswith(SUB_PATH):
            return str(Path(self.directory) / "__outside_the_sub_path__")
        return super().translate_path("/" + path[len(SUB_PATH) :])


def serve_under_sub_path(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """The site at http://127.0.0.1:PORT/tyollistymisen-kasikirja/ and nowhere else."""
    handler = functools.partial(_SubPathHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"


def page_paths(site: Path) -> list[str]:
    """Every HTML page of the site as a URL path below the site root ('' is the front page)."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        paths.append(rel.removesuffix("index.html"))
    return paths


_ID = re.compile(r"""\sid=["']([^"']+)["']""")


@functools.cache
def ids_of(file: Path) -> frozenset[str]:
    return frozenset(_ID.findall(file.read_text("utf-8")))


def file_for(site: Path, url: str, base: str) -> Path | None:
    """The file a same-site URL serves, or None when it is outside the site."""
    path = unquote(urlsplit(url).path)
    root = urlsplit(base).path
    if not path.startswith(root):
        return None
    rel = path[len(root) :]
    target = site / rel
    if rel == "" or rel.endswith("/"):
        target = target / "index.html"
    return target
