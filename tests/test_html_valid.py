"""Every built page through the Nu HTML Checker (vnu, the W3C validator's engine, run
offline with Java): no error from our templates, hooks or content.

Material's own markup gives a few messages on every page; each is allowed below, matched
narrowly (the message and the very element Material writes), with why it is Material's and
harmless. Anything else, on any page, fails with the page, line and extract."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from checkers import vnu_command


@dataclass(frozen=True)
class Allowed:
    message: str  # a regular expression for vnu's message
    extract: str  # ... and for the markup it quotes
    why: str


MATERIAL_MESSAGES = (
    Allowed(
        r"^Attribute “autocomplete” is only allowed when the input type is ",
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" '
        r'autocomplete="off">',
        "Material's base.html puts autocomplete=off on its hidden drawer and search toggles so "
        "that Firefox does not restore an open drawer or search on reload; browsers honour it "
        "on checkboxes although the standard does not list it.",
    ),
    Allowed(
        r"^The value of the “for” attribute of the “label” element must be the ID of a non-hidden "
        r"form control\.$",
        r'<label class="md-nav__title" for="__toc">',
        "Material's partials/toc.html heads the table of contents with a label for the "
        "'__toc' toggle (it opens the contents in the mobile drawer), but only "
        "partials/nav-item.html writes that checkbox, for a page listed in the navigation; "
        "our generated pages (concepts, trees) are not listed, so the label points at "
        "nothing. Material's markup; the heading still reads as text.",
    ),
)


def _allowed(message: dict) -> Allowed | None:
    for allowed in MATERIAL_MESSAGES:
        if re.search(allowed.message, message.get("message", "")) and re.search(
            allowed.extract, message.get("extract", "")
        ):
            return allowed
    return None


def run_vnu(paths: list[Path]) -> list[dict]:
    result = subprocess.run(
        [*vnu_command(), "--format", "json", "--skip-non-html", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # vnu writes its JSON report to stderr, exit 1 when there is any error.
    return json.loads(result.stderr)["messages"]


def _problems(messages: list[dict], site: Path) -> list[str]:
    problems = []
    for m in messages:
        if m.get("type") == "info" or (m.get("type") == "error" and _allowed(m)):
            continue
        page = m.get("url", "").removeprefix("file:").removeprefix(str(site))
        extract = " ".join(m.get("extract", "").split())
        problems.append(f"{page}:{m.get('lastLine', '?')}: {m.get('type')}: {m.get('message')} [{extract}]")
    return problems


def test_every_built_page_is_valid_html(site_dir: Path) -> None:
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > 100  # both languages, every generated and hand-written page
    messages = run_vnu([site_dir])
    checked = {m.get("url") for m in messages}
    assert checked, "vnu said nothing at all: Material's known messages should appear"
    assert _problems(messages, site_dir) == []


def test_the_flowchart_pages_have_no_stray_end_tag(site_dir: Path) -> None:
    """The text version of each tree (nested lists after outcome items) was the error."""
    pages = [*site_dir.glob("flowcharts/*/index.html"), *site_dir.glob("en/flowcharts/*/index.html")]
    assert len(pages) >= 8
    messages = run_vnu(pages)
    assert [m for m in messages if "“li”" in m.get("message", "")] == []
    assert _problems(messages, site_dir) == []


@pytest.mark.parametrize(
    "body",
    [
        "<ul><li>a</li>\n</li></ul>",  # the stray </li> the tree text version had
        '<input type="checkbox" id="mine" autocomplete="off">',  # allowed only as Material's
        '<label class="md-nav__title" for="nothing">x</label>',
    ],
)
def test_the_check_catches_errors_in_our_own_markup(tmp_path: Path, body: str) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>t</title></head>'
        f"<body>{body}</body></html>",
        encoding="utf-8",
    )
    assert _problems(run_vnu([page]), tmp_path) != []
