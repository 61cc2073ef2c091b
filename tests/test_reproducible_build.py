"""Three builds of unchanged content are byte-identical (`diff -r`): the site can be
compared, cached and deployed by checksum, and a diff between two builds shows only
what an edit changed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, build_site


def test_three_builds_of_the_same_content_are_byte_identical(site_dir: Path, tmp_path: Path):
    others = []
    for n in (2, 3):
        out = tmp_path / f"site-{n}"
        result = build_site(ROOT, out)
        assert result.returncode == 0, result.stderr
        others.append(out)
    for other in others:
        diff = subprocess.run(["diff", "-r", str(site_dir), str(other)], capture_output=True, text=True)
        assert diff.returncode == 0, diff.stdout[:3000]
    # The check can fail: the search entry file is one Pagefind wrote in thread order.
    assert (site_dir / "pagefind" / "pagefind-entry.json").is_file()


@pytest.mark.parametrize("name", ["pagefind-entry.json"])
def test_the_search_entry_lists_languages_in_order(site_dir: Path, name: str):
    import json

    entry = json.loads((site_dir / "pagefind" / name).read_text("utf-8"))
    assert list(entry["languages"]) == sorted(entry["languages"])
