"""How `mkdocs serve` rebuilds: only the pages whose inputs changed, and, while the
content has problems, the last good site with the problems shown on every page.

Not a hook file of its own: hooks/content.py wires it (on_startup, on_serve, on_files,
on_post_build). It knows MkDocs 1.6's serve loop (pinned in pyproject.toml):
- MkDocs' "dirty" builds skip a page when `file.is_modified()` is false. For a generated
  page MkDocs cannot know (it always says true), so every page's answer is given here:
  a page is rebuilt when what it is made of changed since the last build of this server
  (its Markdown; for pages with glossary tooltips also the terms and definitions; for
  hand-written pages any change of the content, which their blocks show). A change of
  mkdocs.yml, languages.yaml or the theme rebuilds every page.
- A plain `mkdocs serve` builds fully; after the first build its rebuilds are switched to
  dirty ones (the `is_dirty` of MkDocs' builder, and `--dirty` for static-i18n, which reads
  it from the command line). A page that no longer exists is deleted from the served site.
- Before a rebuild the content is checked; when it has problems the site is not rebuilt,
  MkDocs keeps serving the last good one (page requests no longer wait for a fix), and
  every served page shows the problems at its top until the content is fixed.
- Files are watched with the system's change notices instead of MkDocs' polling, and the
  search index and the downloads are made after a rebuild, not during it.
"""

from __future__ import annotations

import hashlib
import html
import logging
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.handbook")
ROOT = Path(__file__).resolve().parent.parent

_serving = {"command": "", "dirty": False, "incremental": False}
_built: dict[str, dict[str, str]] = {}  # lang → src_uri → fingerprint of the page as built
_dests: dict[str, dict[str, str]] = {}  # lang → src_uri → file written (to delete when gone)
_keys: dict[str, object] = {}  # lang → content key of the last build
# lang → src_uri of a page with tooltips → the concepts its tooltips showed, with the
# fingerprint of each one's definition then (a page is rebuilt when one of them changes).
_tooltips: dict[str, dict[str, dict[str, str]]] = {}
_TERM_LINK = re.compile(r'<a class="hb-term" href="[^"]*?glossary/([a-z0-9-]+)/')
_pending: dict[str, Rebuild] = {}
problems: list[str] = []  # shown on every page while not empty


def started(command: str, dirty: bool) -> None:
    # Only a server rebuilds incrementally: `mkdocs build --dirty` makes everything now.
    _serving.update(command=command, dirty=dirty, incremental=dirty and command == "serve")
    if command == "serve":  # `mkdocs serve --dirty` builds dirty from the first build on
        _quiet_dirty()


def recording() -> bool:
    """Whether builds note what they built: in `mkdocs serve` only."""
    return _serving["command"] == "serve"


def wire(server: Any, builder: Callable[..., None], check: Callable[[], list[str]]) -> None:
    """After the first build of `mkdocs serve`: dirty rebuilds, a content check before each,
    and the problem list on served pages."""
    if not _serving["incremental"]:
        names = builder.__code__.co_freevars
        if "is_dirty" in names and builder.__closure__:
            builder.__closure__[names.index("is_dirty")].cell_contents = True
            _serving["incremental"] = True
        else:  # another MkDocs: every rebuild is a full one, as before
            log.info("serve: this MkDocs cannot rebuild only what changed; every edit rebuilds the site")
    if _serving["incremental"]:
        if "--dirty" not in sys.argv:
            sys.argv.append("--dirty")  # static-i18n builds the other languages dirty only then
        _quiet_dirty()
    server.builder = _keeping_last_good(server.builder, check)
    server.set_app(_showing_problems(server.get_app()))
    _watching_natively(server)
    _start_later_work(run=True)  # what a first build with --dirty left for later


def _watching_natively(server: Any) -> None:
    """MkDocs 1.6 finds changes by polling: it lists and stats every watched file twice a
    second. With 2,000 concepts that is a sixth of a core all the time, and during a
    rebuild it competes with the build for Python's lock. The system's own notices
    (inotify, FSEvents, ReadDirectoryChangesW: watchdog picks the platform's) cost nothing
    while nothing changes. The watches made so far move to the native observer; where it
    cannot watch (e.g. a system limit), polling stays."""
    try:
        from watchdog.events import (
            FileClosedEvent,
            FileCreatedEvent,
            FileDeletedEvent,
            FileModifiedEvent,
            FileMovedEvent,
        )
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver
    except ImportError:
        return
    # Changes only: the native observers also tell of files opened and read, and the build
    # reads every content file, so each build would start the next one.
    changes = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent, FileClosedEvent]
    old = getattr(server, "observer", None)
    refs = getattr(server, "_watch_refs", None)
    handlers = getattr(old, "_handlers", None)
    if Observer is PollingObserver or not isinstance(old, PollingObserver) or None in (refs, handlers):
        return
    native = Observer()
    moved: dict[str, Any] = {}
    try:
        for path, watch in refs.items():
            for handler in handlers.get(watch, ()):
                if Path(watch.path).is_file():  # watched through its folder: only its own events
                    handler = _OnlyFile(handler, watch.path)
                moved[path] = native.schedule(
                    handler, watch.path, recursive=watch.is_recursive, event_filter=changes
                )
    except (OSError, TypeError) as error:  # TypeError: a watchdog without event filters
        log.info(f"serve: watching files by polling ({error})")
        return
    for path, watch in refs.items():
        old.unschedule(watch)
        refs[path] = moved.get(path, watch)
    server.observer = native


class _OnlyFile:
    """A watch of one file (mkdocs.yml, languages.yaml): the native observers watch its
    folder and tell of every file there (a copy of mkdocs.yml, an editor's swap file)."""

    def __init__(self, handler: Any, path: str) -> None:
        self.handler = handler
        self.path = str(Path(path).resolve())

    def dispatch(self, event: Any) -> None:
        paths = {event.src_path, getattr(event, "dest_path", "")}
        if any(p and str(Path(os.fsdecode(p)).resolve()) == self.path for p in paths):
            self.handler.dispatch(event)


def _quiet_dirty() -> None:
    build_log = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _QuietDirty) for f in build_log.filters):
        build_log.addFilter(_QuietDirty())


class _QuietDirty(logging.Filter):
    """MkDocs warns that a dirty build may be inaccurate; ours are not (every page's
    inputs are compared), and under `strict: true` the warning would stop the rebuild."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(
            ("A 'dirty' build is being performed", "The directory contains stale files")
        )


def _keeping_last_good(builder: Callable[[], None], check: Callable[[], list[str]]) -> Callable[[], None]:
    def rebuild() -> None:
        found = check()
        if not found:
            try:
                builder()
            except Exception as error:  # e.g. a hand-written page's block names a missing concept
                found = str(error).splitlines() or [type(error).__name__]
                # Some pages of the failed build may be written already: what each page was
                # made of is no longer known, so the next rebuild makes every page.
                _built.clear()
                _keys.clear()
                _pending.clear()
        _start_later_work(run=not found)
        if found:
            problems[:] = found
            log.error(
                "\n".join(found) + "\nServing the last good site until this is fixed; "
                "every page shows the problems at its top."
            )
        else:
            problems.clear()

    return rebuild


def _showing_problems(app: Callable) -> Callable:
    """A WSGI layer: while there are problems, every HTML page gets them at its top."""

    def show(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if not problems:
            return app(environ, start_response)
        answer: dict[str, Any] = {}

        def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable:
            answer.update(status=status, headers=headers)
            return lambda data: None

        served = app(environ, keep)
        try:
            body = b"".join(served)
        finally:  # WSGI: the body's file is closed by whoever reads it
            if hasattr(served, "close"):
                served.close()
        headers = answer.get("headers", [])
        if any(k.lower() == "content-type" and v.startswith("text/html") for k, v in headers):
            body = _with_banner(body)
            headers = [(k, str(len(body)) if k.lower() == "content-length" else v) for k, v in headers]
        start_response(answer.get("status", "500 Internal Server Error"), headers)
        return [body]

    return show


def _with_banner(page: bytes) -> bytes:
    items = "".join(f"<li>{html.escape(line)}</li>" for line in problems if line.strip())
    banner = (
        '<div role="alert" id="hb-serve-problems" style="position:sticky;top:0;z-index:100;'
        "background:#fff4e5;color:#1a1a1a;border-bottom:3px solid #a04a00;padding:1em 1.5em;"
        'font:1rem/1.5 system-ui,sans-serif;max-height:50vh;overflow:auto">'
        "<strong>The content has problems. This is the last good version of the site; fix the "
        "files below and save, and the page reloads.</strong>"
        f'<ul style="margin:.5em 0 0;padding-left:1.5em">{items}</ul></div>'
    ).encode()
    start = page.find(b"<body")
    end = page.find(b">", start) + 1 if start >= 0 else 0
    return page[:end] + banner + page[end:]


def _site_fingerprint(config: MkDocsConfig, nav: set[str]) -> str:
    """What every page is made of besides its own content: config, interface words, theme,
    and the hand-written pages of the navigation (their headings are in every page's menu)."""
    digest = hashlib.sha256()
    docs = Path(config.docs_dir)
    in_nav = sorted(
        f for stem in nav for f in [*docs.glob(f"{stem}.*.md"), docs / f"{stem}.md"] if f.is_file()
    )
    for file in [ROOT / "mkdocs.yml", ROOT / "languages.yaml", *in_nav]:
        digest.update(file.read_bytes() if file.exists() else b"-")
    for folder in [Path(d) for d in config.theme.dirs[:1]]:
        for file in sorted(folder.rglob("*")):
            stat = file.stat()
            digest.update(f"{file}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()


def _nav_paths(items: Any) -> Iterable[str]:
    for item in items or ():
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            for value in item.values():
                yield from _nav_paths([value] if isinstance(value, str) else value)
        elif isinstance(item, list):
            yield from _nav_paths(item)


class Rebuild:
    """What one language's build of `mkdocs serve` rebuilds (notes it in every serve build,
    answers `is_modified` in dirty ones)."""

    def __init__(self, lang: str, content_key: object, content: Any, config: MkDocsConfig) -> None:
        self.lang = lang
        self.dirty = _serving["incremental"]
        self.content_key = content_key
        self.terms_key, self.definitions = _tooltip_inputs(content)
        self.tooltips_before = _tooltips.get(lang, {})
        self.tooltips: dict[str, dict[str, str]] = {}
        self.nav = {p.removesuffix(".md") for p in _nav_paths(config.nav)}
        site = _site_fingerprint(config, self.nav)
        self.site_changed = _keys.get(f"site-{lang}") != site
        self.site_key = site
        self.content_changed = self.site_changed or _keys.get(lang) != content_key
        self.before = _built.get(lang, {})
        self.fingerprints: dict[str, str] = {}
        self.dests: dict[str, str] = {}
        self.rebuilt: list[str] = []
        _pending[lang] = self

    def mark(self, file: File, path: str, markdown: str) -> None:
        """A generated page: rebuilt when its Markdown (or its tooltips' terms) changed."""
        digest = hashlib.sha256(markdown.encode("utf-8"))
        tooltips = path.startswith("flowcharts/")  # pages.py adds glossary tooltips to these
        if tooltips:  # which words get a tooltip depends on every term of the glossary
            digest.update(self.terms_key.encode())
        fingerprint = digest.hexdigest()
        self.fingerprints[file.src_uri] = fingerprint
        self.dests[file.src_uri] = file.abs_dest_path
        shown = self.tooltips_before.get(file.src_uri)
        changed = (
            self.site_changed
            or self.before.get(file.src_uri) != fingerprint
            or path.removesuffix(".md") in self.nav  # nav titles come from rendered pages
            or (tooltips and (shown is None or any(self.definitions.get(c) != d for c, d in shown.items())))
        )
        if tooltips and shown is not None and not changed:
            self.tooltips[file.src_uri] = shown  # not rebuilt: it shows what it showed
        if changed:
            self.rebuilt.append(file.src_uri)
        if self.dirty:
            file.is_modified = (lambda: changed)  # type: ignore[method-assign]

    def mark_hand_written(self, files: Files) -> None:
        """Hand-written pages show content (blocks, tooltips, sources): any change of the
        content rebuilds them; otherwise MkDocs compares the file's time with its output's.
        Those in the navigation are always rebuilt: MkDocs knows a page's title only from
        rendering it, and without it every rebuilt page's menu would say "None"."""
        if not self.dirty:
            return
        for file in files.documentation_pages():
            if getattr(file, "generated_by", None) is None:
                in_nav = re.sub(r"\.[a-z]{2}$", "", file.src_uri.removesuffix(".md")) in self.nav
                if self.content_changed or in_nav:
                    file.is_modified = lambda: True  # type: ignore[method-assign]
                    self.rebuilt.append(file.src_uri)

    def page_written(self, src_uri: str, output: str) -> None:
        """Note which concepts' definitions a page's tooltips show."""
        if src_uri.startswith("flowcharts/"):
            shown = set(_TERM_LINK.findall(output))
            self.tooltips[src_uri] = {c: self.definitions[c] for c in shown if c in self.definitions}

    def done(self) -> None:
        """The build of this language succeeded: remember what it is made of."""
        if self.dirty:
            for src_uri, dest in _dests.get(self.lang, {}).items():
                if src_uri not in self.dests:
                    Path(dest).unlink(missing_ok=True)  # a page that no longer exists
            total = len(self.fingerprints)
            shown = ", ".join(self.rebuilt[:8]) + (", …" if len(self.rebuilt) > 8 else "")
            log.info(
                f"serve: rebuilt {len(self.rebuilt)} page(s) ({self.lang}; {total} generated ones "
                f"in all): {shown}"
            )
        _built[self.lang] = self.fingerprints
        _dests[self.lang] = self.dests
        _keys[self.lang] = self.content_key
        _tooltips[self.lang] = self.tooltips
        _keys[f"site-{self.lang}"] = self.site_key


_later = threading.Lock()
_queued: list[tuple[str, Callable[[], None]]] = []


def after_the_build(what: str, work: Callable[[], None]) -> None:
    """Work that no page waits for (the search index, the downloads): in a build, now;
    in a rebuild of `mkdocs serve`, after the rebuild of every language, beside the
    server, so that the edited page is served at once (MkDocs holds page requests until
    the whole rebuild is done, and work beside it would slow it down by sharing Python's
    lock); the search and the downloads follow a few seconds later."""
    if not _serving["incremental"]:
        work()
        return
    _queued.append((what, work))


def _start_later_work(run: bool) -> None:
    """After a rebuild: start its queued work (dropped when the rebuild failed: the last
    good site's search and downloads stay)."""
    queued = _queued[:]
    _queued.clear()
    if not (run and queued):
        return

    def later() -> None:
        with _later:  # one rebuild's work at a time, in the order of the rebuilds
            for what, work in queued:
                try:
                    work()
                except Exception as error:
                    message = str(error)
                    log.error(message if message.startswith(what) else f"{what}: {message}")

    threading.Thread(target=later, name="after the rebuild", daemon=True).start()


def finished(lang: str) -> None:
    rebuild = _pending.pop(lang, None)
    if rebuild is not None:
        rebuild.done()


def page_written(lang: str, src_uri: str, output: str) -> None:
    rebuild = _pending.get(lang)
    if rebuild is not None:
        rebuild.page_written(src_uri, output)


def _tooltip_inputs(content: Any) -> tuple[str, dict[str, str]]:
    """What glossary tooltips are made of: every concept's terms (they decide which words
    get a tooltip), and each concept's tooltip text in every language (its definition, and
    the regional label its source gives it)."""
    from handbook.tooltips import short_definition

    terms = hashlib.sha256()
    definitions = {}
    for concept in content.concepts.values():
        terms.update(repr((concept.id, sorted(concept.terms.items()))).encode("utf-8"))
        shown = [short_definition(content, concept.id, lang) for lang in content.languages.codes]
        definitions[concept.id] = hashlib.sha256(repr(shown).encode("utf-8")).hexdigest()
    return terms.hexdigest(), definitions
