"""The site builds from the real content with both languages in place."""

from pathlib import Path


def test_real_content_loads(content):
    assert content.languages.codes == ("fi", "en")
    assert content.services


def test_site_has_finnish_at_root_and_english_under_en(site_dir: Path):
    fi = (site_dir / "index.html").read_text("utf-8")
    en = (site_dir / "en" / "index.html").read_text("utf-8")
    assert '<html lang="fi"' in fi
    assert '<html lang="en"' in en
