"""Small projects written into a temporary folder, for tests of the loader, the CLI and
the real MkDocs build. The mistakes themselves live as files in tests/fixtures/."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE = FIXTURES / "base"
INVALID = FIXTURES / "invalid"

# What a copy of the real project needs to build (src too: the hook puts its own src/ first).
SITE_PARTS = [
    "mkdocs.yml",
    "languages.yaml",
    "sources.yaml",
    "hooks",
    "docs",
    "schemas",
    "overrides",
    "glossary",
    "decision_trees",
    "service_paths",
    "src",
]


def _copy(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def overlay(project: Path, layer: Path) -> None:
    """Lay every file of `layer` over `project`: same path replaces, a new path adds."""
    for file in sorted(layer.rglob("*")):
        if file.is_file():
            _copy(file, project / file.relative_to(layer))


def fixture_project(tmp_path: Path, case: str | None = None) -> Path:
    """The small valid project of tests/fixtures/base, with the mistake of `case` laid over."""
    project = tmp_path / "project"
    _copy(BASE, project)
    _copy(ROOT / "languages.yaml", project / "languages.yaml")
    _copy(ROOT / "schemas", project / "schemas")
    if case is not None:
        overlay(project, INVALID / case)
    return project


def site_project(tmp_path: Path, *layers: Path) -> Path:
    """A copy of the whole real project (it builds with `mkdocs build --strict`), with
    the files of `layers` laid over it."""
    project = tmp_path / "site-project"
    for part in SITE_PARTS:
        if (ROOT / part).exists():
            _copy(ROOT / part, project / part)
    (project / "overrides").mkdir(exist_ok=True)
    for layer in layers:
        overlay(project, layer)
    return project
