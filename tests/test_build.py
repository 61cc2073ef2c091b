"""The real `mkdocs build` stops on bad content with the editor's message, not a traceback."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import build_site
from projects import FIXTURES, handbook_command, site_project

UNKNOWN_SERVICE = (
    "decision_trees/testipuu.yaml:21: there is no service with id 'ei-tallaista-palvelua'; "
    "check the spelling (the id of a glossary entry that has a 'service:' block), or add "
    "that service to glossary/."
)


def test_a_leaf_naming_an_unknown_service_fails_the_build_with_file_and_line(tmp_path: Path):
    project = site_project(tmp_path, FIXTURES / "layers" / "unknown-service")
    result = build_site(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert UNKNOWN_SERVICE in output.splitlines()
    # The only problem: the copy of the real content is otherwise valid.
    assert "1 problem in the content." in output
    assert "Traceback" not in output
    assert not (tmp_path / "site" / "index.html").exists()


def test_handbook_validate_prints_the_same_message(tmp_path: Path):
    project = site_project(tmp_path, FIXTURES / "layers" / "unknown-service")
    result = subprocess.run(
        [*handbook_command(), "--root", str(project), "validate"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [UNKNOWN_SERVICE, "1 problem in the content."]
    assert "Traceback" not in result.stdout + result.stderr
