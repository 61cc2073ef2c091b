"""Small projects written into a temporary folder, for tests of the loader, the CLI and
the real MkDocs build. The mistakes themselves live as files in tests/fixtures/."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BASE = FIXTURES / "base"
INVALID = FIXTURES / "invalid"

# What a copy of the real project leaves out: everything else (mkdocs.yml, hooks/, docs/,
# src/, every content file and folder, also ones added later) is copied.
# Hidden entries (.git, .venv, caches) are left out too.
NOT_COPIED = {"site", "tests", "build", "dist", "node_modules", "test-results"}


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
    project.mkdir()
    for part in ROOT.iterdir():
        if part.name in NOT_COPIED or part.name.startswith(".") or part.name.endswith(".egg-info"):
            continue
        _copy(part, project / part.name)
    (project / "overrides").mkdir(exist_ok=True)
    for layer in layers:
        overlay(project, layer)
    return project


def handbook_command() -> list[str]:
    """The installed `handbook` command of this venv (or the module, when not installed)."""
    installed = Path(sys.executable).parent / "handbook"
    return [str(installed)] if installed.exists() else [sys.executable, "-m", "handbook.cli"]
