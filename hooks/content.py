"""MkDocs hooks: the only place that knows MkDocs. They load the content once per
change, hand the rendered pages to MkDocs as virtual files for the language being built,
and make `mkdocs serve` watch the YAML. The work itself is in the handbook package."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent.parent
# A checkout works without `pip install -e .`, and a worktree uses its own code.
sys.path.insert(0, str(ROOT / "src"))

import serving  # noqa: E402  (a sibling: how `mkdocs serve` rebuilds, and what it shows)

from handbook.contentcache import fingerprint, package_fingerprint, remembered  # noqa: E402
from handbook.contentcache import last as last_cache  # noqa: E402
from handbook.docpages import page_files  # noqa: E402
from handbook.export import write_downloads  # noqa: E402
from handbook.loading import (  # noqa: E402
    CONTENT_DIRS,
    EXCEPTIONS_FILE,
    LANGUAGES_FILE,
    MKDOCS_FILE,
    SCHEMA_DIR,
    SOURCES_FILE,
    ContentError,
    checked_files,
    language_mismatch,
    load_content,
)
from handbook.model import Content  # noqa: E402
from handbook.morphology import caches_enabled  # noqa: E402
from handbook.rendering import site_pages  # noqa: E402
from handbook.terminology import morphology  # noqa: E402

log = logging.getLogger("mkdocs.hooks.handbook")


def _shared_state() -> dict[str, object]:
    """MkDocs loads this file as a module named after its mkdocs.yml entry, and pages.py
    imports it again as `content`: two modules of one file. They share one state, so that
    page events see the content that on_files loaded (also after an edit in serve)."""
    here = os.path.realpath(__file__)
    for module in list(sys.modules.values()):
        state = getattr(module, "_cache", None)
        if isinstance(state, dict) and os.path.realpath(getattr(module, "__file__", None) or "") == here:
            return state
    return {}


_cache: dict[str, object] = _shared_state()


def _fingerprint() -> tuple:
    files = [*checked_files(ROOT), *sorted((ROOT / "schemas").glob("*.json"))]
    return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.exists())


def content() -> Content:
    """The content of the current build. Every page event of a build runs after
    on_files, which has already checked the files, so pages need not stat them again."""
    if "content" not in _cache:
        return _load_if_changed()
    return _cache["content"]  # type: ignore[return-value]


def _load_if_changed() -> Content:
    """The validated content, loaded again only when a content file changed."""
    key = _fingerprint()
    if _cache.get("key") != key:
        _cache.clear()
        try:
            _cache["content"] = load_content(ROOT)
            log.info(last_cache().summary())  # type: ignore[union-attr]
        except ContentError as error:
            # PluginError ends the build with this text and no traceback; during
            # `mkdocs serve` the server keeps running until the editor fixes the file.
            raise PluginError(f"The content has problems:\n{error}") from None
        _cache["key"] = key
        # Worked out now, while the cache's counts are this load's: the downloads are made
        # later, beside the server, when another load may have begun.
        _cache["made_of"] = _made_of()
    return _cache["content"]  # type: ignore[return-value]


def _made_of() -> str | None:
    """Everything the generated pages and downloads are made of: the content files, the
    hand-written pages (the review counts their terms), terminology_exceptions.yaml,
    mkdocs.yml, the handbook package's code and templates, and the Finnish analyser.
    None: caches off."""
    cache = last_cache()
    if not caches_enabled() or cache is None:
        return None
    # Every file load_content reads besides the content files (those are in the cache's
    # fingerprint): the same list that serve watches, so that none can be forgotten here.
    extra = [*page_files(ROOT), ROOT / EXCEPTIONS_FILE, ROOT / MKDOCS_FILE]
    return fingerprint(
        [cache.fingerprint(), package_fingerprint(), morphology().backend.version]
        + [part for f in extra if f.exists() for part in (str(f.relative_to(ROOT)), f.read_bytes())]
    )



def _site_pages(data: Content, lang: str) -> dict[str, str]:
    """Every generated page's Markdown; from .cache/pages/ when nothing it is made of changed."""
    key = _cache.get("made_of")
    if key is None:
        return site_pages(data, lang)
    return remembered(ROOT, f"pages-{lang}", key, lambda: site_pages(data, lang))


def _downloads(data: Content, base_uri: str, key: str | None) -> dict[str, bytes]:
    """The glossary exports (the same for every language), made once per content."""

    def make() -> dict[str, bytes]:
        with tempfile.TemporaryDirectory() as folder:
            written = write_downloads(data, Path(folder), base_uri=base_uri)
            return {path.name: path.read_bytes() for path in written}

    if key is None:
        return make()
    return remembered(ROOT, "downloads", fingerprint([key, base_uri]), make)


def _i18n(config: MkDocsConfig):
    return config.plugins["i18n"]


@event_priority(-200)  # after mkdocs-static-i18n's own on_files (-100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    from mkdocs_static_i18n.suffix import create_i18n_file

    i18n = _i18n(config)
    lang = i18n.current_language
    data = _load_if_changed()
    if lang == i18n.default_language:
        log.info(morphology().describe())  # which analyser ran: C or the Python fallback
    wrong = language_mismatch(list(i18n.build_languages), i18n.default_language, data.languages.codes)
    if wrong:
        raise PluginError(f"{MKDOCS_FILE}: {wrong}")
    try:
        pages = _site_pages(data, lang)
    except ContentError as error:  # e.g. a malformed terminology_exceptions.yaml
        raise PluginError(f"The content has problems:\n{error}") from None
    built = None
    if serving.recording():
        built = serving.Rebuild(lang, _cache.get("key"), data, config)
    for path, markdown in pages.items():
        stem = path.removesuffix(".md")
        twins = {}
        for other in data.languages.codes:
            virtual = File.generated(config, f"{stem}.{other}.md", content="")
            twin = create_i18n_file(virtual, other, i18n.default_language, i18n.all_languages, config)
            twins[other] = twin
        page = twins[lang]
        page.content_string = markdown
        page.generated_by = "handbook"
        page.alternates = twins
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(page)
        if built is not None:
            built.mark(page, path, markdown)
    if built is not None:
        built.mark_hand_written(files)
    return files


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if serving.recording():  # which definitions the page's tooltips show, for serve's rebuilds
        serving.page_written(page.file.locale, page.file.src_uri, output)
    return output


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.generated_by == "handbook" and page.title:
        # page.title is HTML (the escaped heading), but Material writes it into <title>
        # through `striptags`, which unescapes it: a term holding "</title><script>" would
        # run. Material writes page.meta.title as it is, so give it the escaped form.
        page.meta["title"] = page.title
    return html


@event_priority(-200)  # after mkdocs-static-i18n's own on_page_context
def on_page_context(context, page: Page, config: MkDocsConfig, nav):
    # The plugin gives the home pages' language switcher absolute links built from
    # site_url's path, which break when the intranet serves the site at another path;
    # every page's twin is known, so link it like any other page (relative).
    # (read as an attribute: the plugin sets `config.extra.alternate`, which is what the
    # theme reads, and which is not the same as the 'alternate' key of the mapping)
    for alternate in getattr(config.extra, "alternate", None) or []:
        twin = (getattr(page.file, "alternates", None) or {}).get(alternate.get("lang"))
        if twin is not None:
            alternate["link"] = twin.url
    return context


def on_template_context(context, template_name: str, config: MkDocsConfig):
    if template_name == "404.html":
        # The 404 page is served at any address: its switcher leads to each language's
        # home (not to the twin of whichever page happened to be built last).
        base = urlsplit(config.site_url or "/").path.rstrip("/") + "/"
        default = _i18n(config).default_language
        for alternate in getattr(config.extra, "alternate", None) or []:
            lang = alternate.get("lang")
            alternate["link"] = base if lang == default else f"{base}{lang}/"
    return context


def on_startup(command: str, dirty: bool) -> None:
    serving.started(command, dirty)


def on_serve(server, config: MkDocsConfig, builder):
    for path in [LANGUAGES_FILE, SOURCES_FILE, SCHEMA_DIR, *CONTENT_DIRS]:
        if (ROOT / path).exists():  # watching a missing path crashes the server
            server.watch(str(ROOT / path))
    exceptions = ROOT / "terminology_exceptions.yaml"  # the review page reads it; optional
    if exceptions.exists():
        server.watch(str(exceptions))
    serving.wire(server, builder, check=_check_content)
    return server


def _check_content() -> list[str]:
    """The content's problems before a rebuild in serve (none: build it)."""
    try:
        _load_if_changed()
    except PluginError as error:
        return [line for line in str(error).splitlines()[1:] if line.strip()]  # without the heading
    return []


def on_post_build(config: MkDocsConfig) -> None:
    # The glossary exports, linked from the terminology page as ../downloads/<file>.
    # Each language's pages live under its own folder (en/...), so each gets a copy.
    i18n = _i18n(config)
    lang = i18n.current_language
    folder = Path(config.site_dir)
    if lang != i18n.default_language:
        folder = folder / lang
    base = (config.site_url or "urn:x-handbook:") + "glossary/"
    data = content()
    key = _cache.get("made_of")  # of this build's content, not of a later load's

    def write() -> None:
        for name, exported in _downloads(data, base, key).items():
            target = folder / "downloads" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(exported)

    serving.after_the_build("Downloads", write)
    serving.finished(lang)
    if lang == i18n.default_language:
        log.info(morphology().summary())
    morphology().save()  # the word forms this build analysed, for the next build
