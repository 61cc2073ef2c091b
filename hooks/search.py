"""MkDocs hooks for search: the interface words for the search box, and the Pagefind index
built after the last language of the site has been written. The work is in handbook.search."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
# What Pagefind indexes of a Material page: the article, without header, navigation or footer.
PAGE_BODY = "article.md-content__inner"
sys.path.insert(0, str(ROOT / "src"))

import serving  # noqa: E402  (a sibling: in serve, the index is built beside the server)

from handbook.loading import format_problems, load_languages  # noqa: E402
from handbook.search import SearchIndexError, build_search_index  # noqa: E402

log = logging.getLogger("mkdocs.hooks.search")


def on_env(env: Environment, config: MkDocsConfig, files) -> Environment:
    """`interface_word(key)` in templates: a word from languages.yaml in the language being built."""
    languages, problems = load_languages(ROOT)
    if languages is None:
        raise PluginError(f"The content has problems:\n{format_problems(problems)}")
    i18n = config.plugins["i18n"]
    env.globals["interface_word"] = lambda key: languages.word(key, i18n.current_language)
    return env


@event_priority(-200)  # after mkdocs-static-i18n's on_post_build (-100), which builds the other languages
def on_post_build(config: MkDocsConfig) -> None:
    # static-i18n builds the other languages from inside the first build's on_post_build;
    # while it does, `building` is true. Index once, when every language is on disk.
    if getattr(config.plugins["i18n"], "building", False):
        return

    def index() -> None:
        try:
            summary = build_search_index(Path(config.site_dir), PAGE_BODY)
        except SearchIndexError as error:
            raise PluginError(f"Search index: {error}") from None
        log.info("Search index: %s", summary)

    serving.after_the_build("Search index", index)  # in serve, beside the server (issue 15)
