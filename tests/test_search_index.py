"""The search index step of the build: law-section keys and readable failures."""

from pathlib import Path

import pytest

from handbook.search import SearchIndexError, build_search_index, law_keys


@pytest.mark.parametrize(
    ("section", "keys"),
    [
        ("27 d §", ["27d"]),
        ("27 e § (30.12.2015/1648)", ["27e"]),
        ("27 d ja 27 e §", ["27d", "27e"]),
        ("35 § 2 mom.", []),
        ("1 luku 1 §, 2 luku 7 §, 7 luku", []),
    ],
)
def test_law_keys_are_the_compact_sections_the_search_box_asks_for(section, keys):
    assert law_keys(section) == keys


def test_an_empty_site_is_a_readable_error_not_a_traceback(tmp_path: Path):
    with pytest.raises(SearchIndexError, match=r"Pagefind could not index .*: Error"):
        build_search_index(tmp_path, "article")


def test_the_built_site_has_one_index_per_language(site_dir: Path, content):
    entry = (site_dir / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")
    for lang in content.languages.codes:
        assert f'"{lang}"' in entry
    assert not (site_dir / "pagefind" / "pagefind-ui.js").exists(), "Pagefind's own UI is not used"
