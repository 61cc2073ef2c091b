"""Work done once, not every build: the content cache (.cache/content) and the lemma cache
(.cache/lemmas). A second build of unchanged content neither re-reads nor re-checks a file,
nor asks Voikko about a word; a cache of other code or another analyser is not used; and
the site is byte for byte the same with and without the caches, and with each analyser."""

from __future__ import annotations

import json
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
from projects import site_project

from handbook import contentcache, loading, terminology
from handbook.loading import load_content
from handbook.morphology import BACKENDS, LibVoikko, Morphology, PyVoikko
from handbook.terminology import TermIndex


def _has(backend: type) -> bool:
    try:
        backend()
    except Exception:
        return False
    return True


HAS_LIBVOIKKO = _has(LibVoikko)
needs_libvoikko = pytest.mark.skipif(
    not HAS_LIBVOIKKO and os.environ.get("CI") != "true",  # ./dev installs it: CI must have it
    reason="libvoikko1 and voikko-fi are not installed",
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return site_project(tmp_path)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Every file the loader parses and every file it checks against a schema."""
    calls: dict[str, list[str]] = {"parsed": [], "checked": []}
    read_yaml, check_schema = loading.read_yaml, loading.check_schema

    def parse(path, display=None):
        calls["parsed"].append(str(display or path))
        return read_yaml(path, display)

    def check(kind, data, file, schema_dir):
        calls["checked"].append(str(file))
        return check_schema(kind, data, file, schema_dir)

    monkeypatch.setattr(loading, "read_yaml", parse)
    monkeypatch.setattr(loading, "check_schema", check)
    return calls


# Read on every load, not cached: languages.yaml (the cache's salt) and what the site
# checks read besides the content (terminology_exceptions.yaml and its languages).
ALWAYS_READ = {"languages.yaml", "terminology_exceptions.yaml"}


def _cached(paths: list[str]) -> list[str]:
    return [path for path in paths if path not in ALWAYS_READ]


def _new_process() -> None:
    """Forget what this process holds in memory: the next load reads .cache/ from disk."""
    contentcache._open.clear()


def test_a_second_load_of_unchanged_content_reads_and_checks_no_file(project, counted):
    _new_process()
    first = load_content(project)
    content_files = len(_cached(counted["parsed"]))
    assert content_files > 60
    assert contentcache.last().misses == content_files
    _new_process()
    counted["parsed"].clear()
    counted["checked"].clear()
    second = load_content(project)
    assert _cached(counted["parsed"]) == []
    assert _cached(counted["checked"]) == []
    assert contentcache.last().hits == content_files and contentcache.last().misses == 0
    assert second.concepts == first.concepts and second.trees == first.trees
    assert second.sources == first.sources and second.service_paths == first.service_paths


def test_an_edited_file_is_read_again_and_only_it(project, counted):
    _new_process()
    load_content(project)
    file = project / "glossary" / "aktivointisuunnitelma.yaml"
    file.write_text(file.read_text("utf-8").replace("preferred: ", "preferred: muokattu ", 1), "utf-8")
    counted["parsed"].clear()
    content = load_content(project)
    assert _cached(counted["parsed"]) == ["glossary/aktivointisuunnitelma.yaml"]
    assert content.concepts["aktivointisuunnitelma"].terms["fi"].preferred.startswith("muokattu ")


def test_an_edited_conditions_file_is_used_and_a_cached_one_still_joins_its_service(project):
    """A condition's text is in every tree that asks it: an edit must reach them, and a
    second file for one service is refused on a load from the cache as on the first."""
    _new_process()
    load_content(project)
    file = next(iter(sorted((project / "conditions").glob("*.yaml"))))
    text = file.read_text("utf-8")
    file.write_text(text.replace("fi: ", "fi: Muokattu ", 1), "utf-8")
    content = load_content(project)
    assert any("Muokattu " in str(condition) for condition in content.conditions.values())
    (project / "conditions" / "toinen.yaml").write_text(text, "utf-8")
    for _ in range(2):  # the second load takes both files from the cache
        _new_process()
        with pytest.raises(loading.ContentError) as error:
            load_content(project)
        assert "has conditions in two files" in str(error.value)
    assert contentcache.last().misses == 0


def test_what_the_site_checks_read_is_read_again_on_every_load(project):
    """mkdocs.yml, the hand-written pages and terminology_exceptions.yaml are not in the
    file cache: a broken one stops a load whose content files all come from the cache."""
    _new_process()
    load_content(project)
    for name, change in (
        ("mkdocs.yml", lambda t: t.replace("default: true", "default: false", 1)),
        ("terminology_exceptions.yaml", lambda t: t + "\nbroken: [\n"),
    ):
        file = project / name
        original = file.read_text("utf-8")
        file.write_text(change(original), "utf-8")
        with pytest.raises(loading.ContentError) as error:
            load_content(project)
        assert name in str(error.value)
        assert contentcache.last().misses == 0
        file.write_text(original, "utf-8")
    load_content(project)


def test_a_broken_file_is_reported_from_the_cache_too(project):
    """Problems are cached with the file: the second run reports the same ones."""
    file = project / "glossary" / "aktivointisuunnitelma.yaml"
    file.write_text(file.read_text("utf-8").replace("reviewed:", "reviewed: [\nreviewed:", 1), "utf-8")
    _new_process()
    with pytest.raises(loading.ContentError) as first:
        load_content(project)
    _new_process()
    with pytest.raises(loading.ContentError) as second:
        load_content(project)
    assert contentcache.last().hits > 60
    assert str(first.value) == str(second.value)
    assert "glossary/aktivointisuunnitelma.yaml:" in str(second.value)


def test_a_cache_of_other_schemas_or_code_is_not_used(project, counted):
    _new_process()
    load_content(project)
    schema = project / "schemas" / "concept.schema.json"
    schema.write_text(schema.read_text("utf-8") + "\n", "utf-8")  # same rules, other bytes
    _new_process()
    counted["parsed"].clear()
    load_content(project)
    assert contentcache.last().hits == 0
    assert len(counted["parsed"]) > 60
    assert len(list((project / ".cache" / "content").glob("*.pickle"))) == 1  # the old one is gone


def test_a_damaged_cache_is_ignored(project):
    _new_process()
    load_content(project)
    for file in (project / ".cache" / "content").glob("*.pickle"):
        file.write_bytes(b"not a pickle")
    _new_process()
    load_content(project)
    assert contentcache.last().hits == 0
    for file in (project / ".cache" / "content").glob("*.pickle"):
        assert pickle.loads(file.read_bytes())["entries"]  # written again


def test_caches_off_reads_every_file(project, counted, monkeypatch):
    monkeypatch.setenv("HANDBOOK_CACHE", "off")
    _new_process()
    load_content(project)
    counted["parsed"].clear()
    load_content(project)
    assert len(counted["parsed"]) > 60
    assert not (project / ".cache").exists()


class _Renamed:
    """The same answers under another analyser version (as after an upgrade)."""

    def __init__(self, backend, version: str) -> None:
        self._backend, self.version = backend, version

    def lookup(self, word: str):
        return self._backend.lookup(word)


@pytest.fixture
def fresh_morphology(monkeypatch: pytest.MonkeyPatch):
    """Give the term finder a new Morphology, as a new process would have."""

    def use(morphology: Morphology) -> Morphology:
        monkeypatch.setattr(terminology, "_morphology", [morphology])
        terminology._finnish_keys.cache_clear()
        return morphology

    yield use
    terminology._finnish_keys.cache_clear()


def _backend():
    return LibVoikko() if HAS_LIBVOIKKO else PyVoikko()


def test_a_second_build_asks_the_analyser_nothing(project, fresh_morphology):
    content = load_content(project)
    first = fresh_morphology(Morphology(_backend()))
    TermIndex.build(content).find("Kuntouttavassa työtoiminnassa laaditaan aktivointisuunnitelma.", "fi")
    assert first.looked_up > 100
    first.save()
    second = fresh_morphology(Morphology(_backend()))
    index = TermIndex.build(content)
    found = index.find("Kuntouttavassa työtoiminnassa laaditaan aktivointisuunnitelma.", "fi")
    assert second.looked_up == 0
    assert second.loaded_from == first.cache_file(project / ".cache")
    assert {m.concept for m in found} >= {"kuntouttava-tyotoiminta", "aktivointisuunnitelma"}


def test_a_lemma_cache_of_another_analyser_version_is_ignored(project, fresh_morphology):
    content = load_content(project)
    old = fresh_morphology(Morphology(_Renamed(_backend(), "voikko 0.1 (old)")))
    TermIndex.build(content)
    old.save()
    new = fresh_morphology(Morphology(_backend()))
    TermIndex.build(content)
    assert new.loaded_from is None and new.looked_up > 100
    new.save()
    # A file that claims another version under this version's name is not read either.
    file = new.cache_file(project / ".cache")
    data = json.loads(file.read_text("utf-8"))
    data["analyser"] = "something else"
    data["words"] = {word: [["väärä", ["väärä"]]] for word in data["words"]}
    file.write_text(json.dumps(data), "utf-8")
    third = fresh_morphology(Morphology(_backend()))
    TermIndex.build(content)
    assert third.loaded_from is None and third.looked_up > 100
    assert "väärä" not in {lemma for found in third.answers.values() for lemma, _ in found}


def _build(project: Path, site: Path, **env: str) -> str:
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stderr


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


# The hidden search text of a page (issue 14): the base forms and compound parts the
# analyser found. pyvoikko finds a few readings libvoikko's rules drop ("ohja+aika"), so
# across analysers only these lines, and the search indexes made from them, may differ.
_SEARCH_KEYS = re.compile(
    rb'<div hidden data-pagefind-(?:weight|meta)="[^"]*">[^<]*</div>|data-pagefind-meta="hb_terms:[^"]*"'
)


def _same_site(a: Path, b: Path, search_text_may_differ: bool = False) -> None:
    left, right = _files(a), _files(b)
    if search_text_may_differ:
        for files in (left, right):
            for name in list(files):
                if name.startswith(("pagefind/", "search/")):  # both indexes hold that text
                    del files[name]
                elif name.endswith(".html"):
                    files[name] = _SEARCH_KEYS.sub(b"", files[name])
    assert sorted(left) == sorted(right)
    differ = [name for name in left if left[name] != right[name]]
    # Pagefind lists the languages of pagefind-entry.json in varying order: same JSON.
    entry = "pagefind/pagefind-entry.json"
    if entry in differ and json.loads(left[entry]) == json.loads(right[entry]):
        differ.remove(entry)
    assert differ == []


@needs_libvoikko
def test_the_site_is_the_same_with_and_without_caches_and_with_each_analyser(project, tmp_path):
    cold = _build(project, tmp_path / "cold")
    assert "Finnish analysis: libvoikko" in cold
    assert "Content: 0 file(s) read and checked" not in cold
    warm = _build(project, tmp_path / "warm")
    # The second build: no file parsed or checked, no word analysed.
    assert "Content: 0 file(s) read and checked" in warm
    assert "Finnish analysis: 0 new word form(s) analysed" in warm
    _same_site(tmp_path / "cold", tmp_path / "warm")
    python = _build(project, tmp_path / "python", HANDBOOK_CACHE="off", HANDBOOK_ANALYSER="pyvoikko")
    assert "Finnish analysis: pyvoikko" in python
    assert "Content: " in python and "from .cache" not in python
    _same_site(tmp_path / "cold", tmp_path / "python", search_text_may_differ=True)


def test_without_the_c_library_the_build_uses_pyvoikko_and_says_so(monkeypatch):
    def missing(self):
        raise OSError("libvoikko.so.1: cannot open shared object file")

    monkeypatch.delenv("HANDBOOK_ANALYSER", raising=False)
    monkeypatch.setattr(LibVoikko, "__init__", missing)
    chosen = Morphology.choose()
    assert isinstance(chosen.backend, PyVoikko)
    assert chosen.describe().startswith("Finnish analysis: pyvoikko")
    assert "libvoikko not available: libvoikko.so.1" in chosen.describe()
    assert set(BACKENDS) == {"libvoikko", "pyvoikko"}


def test_a_second_build_reads_no_page_again_for_its_search_keys(project, monkeypatch):
    """The search keys of a page come from .cache/search-keys/ when its HTML is unchanged
    (as in a new process); a changed page is read again, and only it."""
    from handbook import searchkeys

    content = load_content(project)
    read: list[str] = []
    real_text = searchkeys.html_text
    monkeypatch.setattr(searchkeys, "html_text", lambda html: read.append(html) or real_text(html))
    pages = ["<p>Kuntouttavassa työtoiminnassa laaditaan aktivointisuunnitelma.</p>", "<p>Palkkatuki.</p>"]
    first = searchkeys._PageKeys()
    made = [first.keys(page, "fi", content.root) for page in pages]
    first.save()
    assert len(read) == 2 and "aktivointisuunnitelma" not in made[0].lemmas  # written as such
    second = searchkeys._PageKeys()  # a new process
    assert [second.keys(page, "fi", content.root) for page in pages] == made
    assert len(read) == 2
    second.keys("<p>Työkokeilu muuttui.</p>", "fi", content.root)
    assert len(read) == 3
    monkeypatch.setenv("HANDBOOK_CACHE", "off")
    searchkeys._PageKeys().keys(pages[0], "fi", content.root)
    assert len(read) == 4
