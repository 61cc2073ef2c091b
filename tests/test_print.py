"""Printing from Chromium: the quick reference is one A4 page in each language, and a
service page and a decision tree print without the site's navigation."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

# Texts of the navigation chrome: the header's site name, the sidebars' headings, the footer.
CHROME = {
    "fi": ["Työllistymisen palvelut – käsikirja", "Sisällysluettelo", "Made with"],
    "en": ["Employment services – handbook", "Table of contents", "Made with"],
}


def _poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but {tool} (poppler-utils) is missing")
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return found


def print_pdf(page, url: str, out: Path) -> Path:
    page.goto(url)
    page.emulate_media(media="print")
    page.pdf(path=str(out), prefer_css_page_size=True)
    return out


def pdf_info(pdf: Path) -> dict[str, str]:
    text = subprocess.run([_poppler("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in text.splitlines() if ":" in line)


def pdf_text(pdf: Path) -> str:
    return subprocess.run(
        [_poppler("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def assert_no_chrome(page, text: str, lang: str) -> None:
    for selector in [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"]:
        assert not page.locator(selector).first.is_visible(), f"{selector} is printed"
    for chrome in CHROME[lang]:
        assert chrome not in text, f"'{chrome}' is printed"


@pytest.mark.parametrize("lang,prefix", [("fi", ""), ("en", "en/")])
def test_quick_reference_prints_on_one_a4_page(page, base_url, tmp_path, lang, prefix):
    pdf = print_pdf(page, f"{base_url}{prefix}quick-reference/", tmp_path / f"quick-{lang}.pdf")
    info = pdf_info(pdf)
    assert info["Pages"].strip() == "1"
    assert "(A4)" in info["Page size"]
    text = pdf_text(pdf)
    assert_no_chrome(page, text, lang)
    # Every service of the glossary is on that one page.
    services = page.locator(".hb-quickref tbody th").all_inner_texts()
    assert len(services) >= 3
    flat = " ".join(text.split())
    for name in services:
        assert " ".join(name.split())[:12] in flat


def test_a_service_page_prints_without_navigation(page, base_url, tmp_path, content):
    service = sorted(content.services)[0]
    pdf = print_pdf(page, f"{base_url}glossary/{service}/", tmp_path / "service.pdf")
    text = pdf_text(pdf)
    assert content.concepts[service].term("fi").split()[0] in text
    assert_no_chrome(page, text, "fi")


def test_a_decision_tree_result_prints_without_navigation(page, base_url, tmp_path, content):
    """A result reached by answering every question (the answers are in the address)."""
    tree = content.trees[sorted(content.trees)[0]]
    steps, _outcome = max(tree.paths(), key=lambda path: len(path[0]))
    state = ",".join(f"{node}:{answer}" for node, answer in steps)
    pdf = print_pdf(page, f"{base_url}en/flowcharts/{tree.id}/#a={state}", tmp_path / "tree.pdf")
    assert page.locator(".hb-result-card").is_visible()
    text = pdf_text(pdf)
    assert tree.title["en"].split()[0] in text
    assert_no_chrome(page, text, "en")
