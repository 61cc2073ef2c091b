"""Content-driven parts of hand-written pages, the pilot's results data, and the front
matter that gives a page its sources: bad input is told as file:line and how to fix it."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, build_site

from handbook.blocks import BlockError, render_blocks
from handbook.loading import ContentError, load_content
from handbook.pagemeta import page_sources


def link(path: str) -> str:
    return "../" + path.replace(".md", "/")


def test_results_block_draws_every_figure_of_the_dataset(content):
    html = render_blocks("x\n\n[[handbook:results tyokykyisempi-stadi-tulokset]]\n", content, "fi", link)
    dataset = content.datasets["tyokykyisempi-stadi-tulokset"]
    values = {m.id: m.value for m in dataset.measures}
    assert values["asiakkaat"] == 42 and values["tyollistyi"] == 65 and values["tyosopimukset"] == 28
    assert "<svg" in html and 'role="img"' in html
    for measure in dataset.measures:
        assert measure.label["fi"] in html
    # The bar of 65 % is 65 % of the full bar.
    assert 'width="273.0"' in html  # 420 * 0.65


def test_service_landscape_and_quick_reference_list_every_service(content):
    for block in ["service-landscape", "quick-reference"]:
        html = render_blocks(f"[[handbook:{block}]]", content, "en", link)
        for service_id in content.services:
            assert f"../glossary/{service_id}/" in html, (block, service_id)


def test_an_unknown_block_or_id_is_an_editors_message_with_the_line():
    from handbook.loading import load_content as load

    content = load(ROOT)
    with pytest.raises(BlockError) as error:
        render_blocks("# T\n\n[[handbook:chart x]]\n", content, "fi", link)
    assert error.value.line == 3 and "unknown block 'chart'" in str(error.value)
    with pytest.raises(BlockError, match="no glossary entry 'tyokokeilut'"):
        render_blocks("[[handbook:concepts tyokokeilut]]", content, "fi", link)
    with pytest.raises(BlockError, match="no dataset 'x'"):
        render_blocks("[[handbook:results x]]", content, "fi", link)
    with pytest.raises(BlockError, match="takes 1 argument"):
        render_blocks("[[handbook:results]]", content, "fi", link)


def test_page_sources_from_front_matter(content):
    found = page_sources({"sources": ["shl"], "reviewed": datetime.date(2026, 11, 24)}, content, "en")
    assert found is not None and found.sources[0].id == "shl"
    assert found.reviewed == "24 November 2026" and found.reviewed_iso == "2026-11-24"
    assert page_sources({}, content, "fi") is None
    with pytest.raises(ValueError, match="unknown source 'nope'"):
        page_sources({"sources": ["nope"], "reviewed": "2026-11-24"}, content, "fi")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        page_sources({"sources": ["shl"], "reviewed": "eilen"}, content, "fi")


def _copy_project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    skip = shutil.ignore_patterns(".venv", "site", ".git", "__pycache__", "*.egg-info", ".*cache")
    shutil.copytree(ROOT, root, ignore=skip)
    return root


def test_a_bad_dataset_is_reported_with_file_and_line(tmp_path):
    root = _copy_project(tmp_path)
    data = root / "datasets" / "tyokykyisempi-stadi-tulokset.yaml"
    data.write_text(data.read_text("utf-8").replace("value: 65", "value: 650"), "utf-8")
    with pytest.raises(ContentError) as error:
        load_content(root)
    assert "datasets/tyokykyisempi-stadi-tulokset.yaml:" in str(error.value)
    assert "a percentage cannot be 650" in str(error.value)


def test_a_bad_block_or_front_matter_stops_the_build_with_file_and_line(tmp_path):
    root = _copy_project(tmp_path)
    page = root / "docs" / "onboarding" / "network.fi.md"
    page.write_text(page.read_text("utf-8") + "\n[[handbook:results ei-ole]]\n", "utf-8")
    line = len(page.read_text("utf-8").splitlines())
    result = build_site(root, tmp_path / "site")
    assert result.returncode != 0
    assert f"onboarding/network.fi.md:{line}: block 'results': there is no dataset 'ei-ole'" in result.stderr
    assert "Traceback" not in result.stderr
    page.write_text(page.read_text("utf-8").replace("[[handbook:results ei-ole]]", ""), "utf-8")
    page.write_text(page.read_text("utf-8").replace("sources: [", "sources: [ei-lahde, "), "utf-8")
    result = build_site(root, tmp_path / "site")
    assert result.returncode != 0 and "onboarding/network.fi.md:2: unknown source 'ei-lahde'" in result.stderr
    assert "Traceback" not in result.stderr
