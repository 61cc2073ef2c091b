"""Checks of the hand-written pages (docs/**/*.md) that the build would otherwise get
wrong without a word: front matter that MkDocs cannot read (it then shows the front
matter as text and the page loses its sources), `[[handbook:...]]` lines that miss the
pattern (they appear raw), block lines that name what does not exist, and a page without
its twin in every language (the other language silently shows this one).

Knows nothing of MkDocs; `handbook validate` and the build run the same checks, through
`load_content`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from handbook.blocks import BLOCK_LINE, BlockError, render_blocks
from handbook.model import Content, Problem
from handbook.pagemeta import PageMetaError, page_sources
from handbook.yamlsource import Mapping, line_of, parse_yaml, read_config, read_text

DOCS_DIR = "docs"
# The same pattern MkDocs uses to find front matter: '---' on the first line, the
# fields, and '---' (or '...') on a line of its own, followed by a line break.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
# The theme prints other fields (title, description, ...) into the page unescaped.
FRONT_MATTER_FIELDS = ("sources", "reviewed", "hide")
HIDE_WORDS = ("navigation", "toc", "footer", "path")
_FIELD_LINE = re.compile(r"^[A-Za-z][\w-]*:(\s|$)")
_BLOCK_START = re.compile(r"\[\[\s*handbook\s*:", re.I)


def page_files(root: Path) -> list[Path]:
    docs = root / DOCS_DIR
    if not docs.is_dir():
        return []
    return sorted(p for p in docs.rglob("*.md") if not p.name.startswith((".", "#")))


def split_front_matter(text: str) -> tuple[str | None, int, int]:
    """(front matter text or None, its first line, the line the page body starts on)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return None, 0, 1
    return match.group(1), 2, text.count("\n", 0, match.end()) + 1


# A Markdown link to another page: [text](path.md) or [text](path.md#anchor).
_PAGE_LINK = re.compile(r"\]\(\s*<?([^)\s>#]+\.md)(?:#[^)\s>]*)?>?(?:\s+\"[^\"]*\")?\s*\)")


def page_names(content: Content) -> set[str]:
    """Every page the site has, as the path a link or the nav names (no language suffix):
    the generated ones, and each hand-written one (docs/x.fi.md is 'x.md')."""
    from handbook.rendering import Renderer  # the generated pages are the renderer's

    names = set(Renderer(content, content.languages.default).page_paths())
    for file in page_files(content.root):
        parts = file.relative_to(content.root / DOCS_DIR).as_posix().split(".")
        if len(parts) >= 3:
            names.add(".".join(parts[:-2]) + ".md")
    return names


def check_links(content: Content, names: set[str] | None = None) -> list[Problem]:
    """Links between pages and the nav of mkdocs.yml must lead to pages that exist (the
    strict build stops on any that does not)."""
    names = page_names(content) if names is None else names
    problems = []
    docs = content.root / DOCS_DIR
    for file in page_files(content.root):
        text = file.read_text("utf-8", errors="replace")
        folder = file.parent.relative_to(docs)
        for number, line in enumerate(text.split("\n"), start=1):
            for match in _PAGE_LINK.finditer(line):
                target = match.group(1)
                if "://" in target:
                    continue
                resolved = _normalise((folder / target).as_posix())
                if resolved not in names:
                    problems.append(
                        Problem(
                            file.relative_to(content.root),
                            number,
                            f"the link to '{target}' leads to no page (it would be docs/{resolved}); "
                            "check the path, which is relative to this page, without the "
                            "language suffix (e.g. ../glossary/tyokokeilu.md).",
                        )
                    )
    return problems


def _check_nav(content: Content, names: set[str]) -> list[Problem]:
    file = content.root / "mkdocs.yml"
    if not file.is_file():
        return []
    data, problems = read_config(file, Path("mkdocs.yml"))
    if problems or not isinstance(data, dict) or not isinstance(data.get("nav"), list):
        return []  # the configuration's own problems are check_site_config's
    found = []
    stack: list[tuple[Any, list[Any]]] = [(data["nav"], ["nav"])]
    while stack:
        item, path = stack.pop()
        if isinstance(item, list):
            stack.extend((child, [*path, i]) for i, child in enumerate(item))
        elif isinstance(item, dict):
            stack.extend((child, [*path, key]) for key, child in item.items())
        elif isinstance(item, str) and item.endswith(".md") and _normalise(item) not in names:
            found.append(
                Problem(
                    Path("mkdocs.yml"),
                    line_of(data, path),
                    f"the nav names '{item}', which is no page; write the page "
                    f"(docs/{item.removesuffix('.md')}.<language>.md for every language) or "
                    "remove it from the nav.",
                )
            )
    return sorted(found, key=lambda p: p.line)


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def check_pages(content: Content) -> list[Problem]:
    """Every problem of every hand-written page, as file:line messages."""
    root = content.root
    problems: list[Problem] = []
    files = page_files(root)
    problems += _check_twins(root, files, content.languages.codes)
    names = page_names(content)
    problems += check_links(content, names)
    problems += _check_nav(content, names)
    project = root.resolve()
    for file in files:
        shown = file.relative_to(root)
        if file.is_symlink() and not file.resolve().is_relative_to(project):
            problems.append(
                Problem(shown, 1, "this page is a link to a file outside the project, which the "
                        "site must not read; put a copy of the page here instead of the link.")
            )
            continue
        lang = _language_of(file, content.languages.codes)
        text, read_problems = read_text(file, shown)
        problems += read_problems
        if text is None or lang is None:
            continue
        text = text.replace("\r\n", "\n").removeprefix("\ufeff")  # as MkDocs reads it
        problems += _check_front_matter(text, shown, content, lang)
        problems += _check_block_lines(text, shown, content, lang)
    return problems


def _language_of(file: Path, codes: tuple[str, ...]) -> str | None:
    parts = file.name.split(".")
    return parts[-2] if len(parts) >= 3 and parts[-2] in codes else None


def _check_twins(root: Path, files: list[Path], codes: tuple[str, ...]) -> list[Problem]:
    problems = []
    names = {"fi": "Finnish", "en": "English", "sv": "Swedish"}
    present: dict[Path, set[str]] = {}
    for file in files:
        parts = file.name.split(".")
        shown = file.relative_to(root)
        if len(parts) < 3 or not re.fullmatch(r"[a-z]{2}", parts[-2]):
            twins = " and ".join(f"{parts[0]}.{code}.md" for code in codes)
            problems.append(
                Problem(
                    shown,
                    1,
                    f"this page has no language in its name, so every language would show the "
                    f"same text; name it by language: {twins}.",
                )
            )
            continue
        if parts[-2] not in codes:
            problems.append(
                Problem(
                    shown,
                    1,
                    f"'{parts[-2]}' is not a language of the site (languages.yaml); rename the "
                    f"page to one of {', '.join(f'.{code}.md' for code in codes)}.",
                )
            )
            continue
        present.setdefault(file.with_name(".".join(parts[:-2])), set()).add(parts[-2])
    for base, langs in sorted(present.items()):
        have = sorted(langs, key=codes.index)
        for code in codes:
            if code not in langs:
                twin = base.with_name(f"{base.name}.{code}.md").relative_to(root)
                first = base.with_name(f"{base.name}.{have[0]}.md").relative_to(root)
                problems.append(
                    Problem(
                        first,
                        1,
                        f"this page has no {names.get(code, code)} twin {twin}; without it the "
                        f"{names.get(code, code)} site silently shows this page instead: write "
                        "the twin (same name, that language's suffix).",
                    )
                )
    return problems


def _check_front_matter(text: str, shown: Path, content: Content, lang: str) -> list[Problem]:
    meta_text, first_line, _ = split_front_matter(text)
    lines = text.split("\n")
    if meta_text is None:
        if lines[0].rstrip() == "---":
            return [
                Problem(
                    shown,
                    1,
                    "the front matter opened with '---' on this line is never closed; add a "
                    "line '---' after its last field (sources:, reviewed:).",
                )
            ]
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is not None and (lines[first].strip() == "---" or _FIELD_LINE.match(lines[first])):
            return [
                Problem(
                    shown,
                    first + 1,
                    "this looks like front matter, but front matter must start on the very "
                    "first line with '---' and end with a line '---'; move it to the top "
                    "between two '---' lines.",
                )
            ]
        meta: Any = {}
    else:
        meta, problems = parse_yaml(meta_text, shown, first_line)
        if problems:
            return problems
        if meta is None:
            meta = {}
        if not isinstance(meta, dict):
            return [
                Problem(
                    shown,
                    first_line,
                    "the front matter must be 'name: value' lines (sources: [...], reviewed: "
                    "YYYY-MM-DD); write it as such.",
                )
            ]
    unknown = [
        Problem(
            shown,
            line_of(meta, [key]) if isinstance(meta, Mapping) else 1,
            f"'{key}' is not a front matter field of this handbook (the theme would print it "
            f"into the page as it is); use only {', '.join(FRONT_MATTER_FIELDS)}: the page's "
            "title is its first heading.",
        )
        for key in meta
        if key not in FRONT_MATTER_FIELDS
    ]
    hide = meta.get("hide", [])
    if not (isinstance(hide, list) and all(h in HIDE_WORDS for h in hide)):
        unknown.append(
            Problem(
                shown,
                line_of(meta, ["hide"]) if isinstance(meta, Mapping) else 1,
                f"'hide:' lists what the theme hides on this page; use a list of "
                f"{', '.join(HIDE_WORDS)}, e.g. 'hide: [toc]'.",
            )
        )
    if unknown:
        return unknown
    try:
        page_sources(meta, content, lang)
    except PageMetaError as error:
        line = line_of(meta, [error.field]) if isinstance(meta, Mapping) else 1
        return [Problem(shown, line, str(error))]
    return []


def _check_block_lines(text: str, shown: Path, content: Content, lang: str) -> list[Problem]:
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not _BLOCK_START.search(line):
            continue
        if not BLOCK_LINE.fullmatch(line.rstrip()):
            problems.append(
                Problem(
                    shown,
                    number,
                    "this line has '[[handbook:' but is not a block line, so it would appear "
                    "as it is; a block is a line of its own, in lower case, such as "
                    "[[handbook:concepts tyokokeilu]]: put it on its own line and check its spelling.",
                )
            )
            continue
        try:
            render_blocks(line.rstrip(), content, lang, lambda path: path)
        except BlockError as error:
            problems.append(Problem(shown, number, str(error)))
    return problems
