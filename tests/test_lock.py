"""requirements.lock is what ./dev installs: every dependency of pyproject.toml is in it
at a version its specifier allows, and every pinned package carries hashes. A branch
that adds a dependency without running `./dev lock` fails here, not on a fresh machine."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def _locked() -> dict[str, tuple[str, list[str]]]:
    """name → (version, hashes) from requirements.lock."""
    text = (ROOT / "requirements.lock").read_text("utf-8")
    locked = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        head = re.match(r"([A-Za-z0-9._-]+)==([^ \\\n;]+)", block)
        if head:
            locked[canonicalize_name(head.group(1))] = (
                head.group(2),
                re.findall(r"--hash=sha256:([0-9a-f]{64})", block),
            )
    return locked


def test_every_dependency_is_locked_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    locked = _locked()
    assert len(locked) > 20
    for line in wanted:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement.name} is not in requirements.lock: run ./dev lock"
        version, _ = locked[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements.lock has {name}=={version}, pyproject.toml wants {requirement}: run ./dev lock"
        )
    for name, (_, hashes) in locked.items():
        assert hashes, f"{name} has no hash in requirements.lock"
    # The build backend is locked too (./dev installs the project with --no-build-isolation).
    assert "setuptools" in locked


def test_the_npm_checkers_are_locked() -> None:
    import json

    package = json.loads((ROOT / "package.json").read_text("utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text("utf-8"))
    for name, version in package["devDependencies"].items():
        entry = lock["packages"][f"node_modules/{name}"]
        assert entry["version"] == version and entry["integrity"].startswith("sha512-"), name
