"""MkDocs hooks for search: the interface words for the search box, the hidden text every
page gets for the index (base forms, compound parts, kind of page), and the Pagefind index
built after the last language of the site has been written. The work is in handbook.search
and handbook.searchkeys."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent.parent
# What Pagefind indexes of a Material page: the article, without header, navigation or footer.
PAGE_BODY = "article.md-content__inner"
sys.path.insert(0, str(ROOT / "src"))

import serving  # noqa: E402  (a sibling: in serve, the index is built beside the server)
from content import content  # noqa: E402  (the sibling hook's cached loader)

from handbook.loading import format_problems, load_languages  # noqa: E402
from handbook.search import BUNDLE_DIR, SearchIndexError, build_search_index  # noqa: E402
from handbook.searchkeys import KINDS, page_keys, search_annotations  # noqa: E402

log = logging.getLogger("mkdocs.hooks.search")


def on_env(env: Environment, config: MkDocsConfig, files) -> Environment:
    """`interface_word(key)` in templates: a word from languages.yaml in the language being built."""
    languages, problems = load_languages(ROOT)
    if languages is None:
        raise PluginError(f"The content has problems:\n{format_problems(problems)}")
    i18n = config.plugins["i18n"]
    env.globals["interface_word"] = lambda key: languages.word(key, i18n.current_language)
    # The search box leaves these out of a query ("kuka voi saada ..."), and names each
    # result's kind of page.
    env.globals["search_stop_words"] = lambda: " ".join(
        sorted(languages.get(i18n.current_language).stop_words)
    )
    env.globals["search_kinds"] = KINDS
    return env


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    lang = page.file.locale  # set by mkdocs-static-i18n on every file
    # "glossary/palkkatuki.en.md" → "glossary/palkkatuki.md": pages are known by that path
    src_path = page.file.src_uri.removesuffix(f".{lang}.md").removesuffix(".md") + ".md"
    return html + search_annotations(html, src_path, page.title or "", content(), lang)


@event_priority(-200)  # after mkdocs-static-i18n's on_post_build (-100), which builds the other languages
def on_post_build(config: MkDocsConfig) -> None:
    # static-i18n builds the other languages from inside the first build's on_post_build;
    # while it does, `building` is true. Index once, when every language is on disk.
    if getattr(config.plugins["i18n"], "building", False):
        return

    def index() -> None:
        site_dir = Path(config.site_dir)
        try:
            summary = build_search_index(site_dir, PAGE_BODY)
        except SearchIndexError as error:
            raise PluginError(f"Search index: {error}") from None
        _sort_entry(site_dir)
        log.info("Search index: %s", summary)

    serving.after_the_build("Search index", index)  # in serve, beside the server (issue 15)
    page_keys.save()  # every language's pages are done: their keys, for the next build


def _sort_entry(site_dir: Path) -> None:
    """Pagefind writes the languages of pagefind-entry.json in the order its threads
    finish; sorted, two builds of the same content are byte-identical."""
    entry = site_dir / BUNDLE_DIR / "pagefind-entry.json"
    if not entry.is_file():
        return
    data = json.loads(entry.read_text("utf-8"))
    if isinstance(data.get("languages"), dict):
        data["languages"] = dict(sorted(data["languages"].items()))
    entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
