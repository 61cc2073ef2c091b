"""MkDocs hooks for hand-written pages: content-driven blocks, the sources and review
date from the front matter, and glossary tooltips. Thin: the work is in the handbook
package (blocks, pagemeta, tooltips)."""

from __future__ import annotations

import html
import sys
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from content import content  # noqa: E402  (the sibling hook's cached loader)

from handbook.blocks import BlockError, render_blocks  # noqa: E402
from handbook.pagemeta import PageMetaError, page_sources  # noqa: E402
from handbook.terminology import TermIndex  # noqa: E402
from handbook.tooltips import add_tooltips  # noqa: E402


def _hand_written(page: Page) -> bool:
    return getattr(page.file, "generated_by", None) is None


def _lang(page: Page) -> str:
    return page.file.locale  # set by mkdocs-static-i18n on every file


def _linker(page: Page, files: Files):
    def link(path: str) -> str:
        target = files.get_file_from_path(path)
        if target is None:
            raise ValueError(f"the page {path} does not exist")
        return get_relative_url(target.url, page.url)

    return link


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not _hand_written(page):
        return markdown
    link = _linker(page, files)
    try:
        return render_blocks(markdown, content(), _lang(page), link)
    except BlockError as error:
        # `markdown` has lost the front matter: find the line in the file itself.
        block_line = error.text
        line = _file_line(page, lambda text: text.strip() == block_line)
        raise PluginError(f"{_shown(page, config)}:{line}: {error}") from None


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Tooltips on glossary terms in hand-written pages and decision-tree texts."""
    if not (_hand_written(page) or page.file.src_uri.startswith("flowcharts/")):
        return html
    return add_tooltips(html, content(), TermIndex.of(content()), _lang(page), _linker(page, files))


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    if not _hand_written(page):
        return context
    lang = _lang(page)
    data = content()
    try:
        context["hb_page_sources"] = page_sources(page.meta, data, lang)
    except PageMetaError as error:
        field = f"{error.field}:"
        line = _file_line(page, lambda text: text.startswith(field))
        raise PluginError(f"{_shown(page, config)}:{line}: {error}") from None
    context["hb_t"] = lambda key: data.languages.word(key, lang)
    return context


def _i18n_language(config: MkDocsConfig) -> tuple[str, bool]:
    """The language being built, and whether it is the default (built at the root)."""
    i18n = config.plugins["i18n"]
    return i18n.current_language, i18n.current_language == i18n.default_language


def on_template_context(context: dict, template_name: str, config: MkDocsConfig) -> dict:
    if template_name == "404.html":
        lang, default = _i18n_language(config)
        data = content()
        context["hb_t"] = lambda key: data.languages.word(key, lang)
        index = "" if config.use_directory_urls else "index.html"
        context["hb_home"] = (index or ".") if default else f"{lang}/{index}"
    return context


_default_404: dict[str, str] = {}


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """Every language build writes 404.html at the site root (static-i18n); keep the
    default language's there and put each other language's at <lang>/404.html."""
    if template_name != "404.html":
        return output
    lang, default = _i18n_language(config)
    if default:
        _default_404["html"] = output
        return output
    target = Path(config.site_dir) / lang / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    return _default_404.get("html", output)


def _shown(page: Page, config: MkDocsConfig) -> str:
    """The page's file as the project sees it (docs/x.fi.md), like every other message."""
    path = Path(config.docs_dir) / page.file.src_path
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return page.file.src_path


_TOC_TOGGLE = '<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Material's table-of-contents toggle (#__toc) is a checkbox whose <label> Material
    leaves out on pages with no table of contents; pa11y (HTML_CodeSniffer) then reports
    an unlabelled form field. Name it on every page."""
    word = content().languages.word("table_of_contents", _lang(page))
    named = _TOC_TOGGLE.replace(' id="__toc">', f' id="__toc" aria-label="{html.escape(word, quote=True)}">')
    return output.replace(_TOC_TOGGLE, named, 1)


def _file_line(page: Page, wanted: Callable[[str], bool]) -> int:
    """The number of the first line of the page's file that `wanted` accepts (else 1)."""
    source = Path(page.file.abs_src_path or "")
    if source.is_file():
        for number, line in enumerate(source.read_text("utf-8").splitlines(), start=1):
            if wanted(line):
                return number
    return 1
