"""Where the independent checkers are: the Nu HTML Checker (npm vnu-jar, run with
Java) and yaml-language-server (npm, run with Node). `./dev` installs them from
package-lock.json (npm ci) and Debian's Java and Node where it may. A test that needs one
skips when it is missing on a user's machine, and fails in CI (CI=true)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
YAML_LANGUAGE_SERVER = NODE_MODULES / "yaml-language-server" / "bin" / "yaml-language-server"


def _missing(what: str) -> None:
    message = f"{what} is not installed; ./dev test installs it (npm ci, Debian packages)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None:
        _missing("Java (Debian: default-jre-headless)")
    if not VNU_JAR.is_file():
        _missing("the Nu HTML Checker (npm vnu-jar)")
    return [java, "-Xss4m", "-jar", str(VNU_JAR)]


def yaml_language_server_command() -> list[str]:
    node = shutil.which("node")
    if node is None:
        _missing("Node.js (Debian: nodejs)")
    if not YAML_LANGUAGE_SERVER.is_file():
        _missing("yaml-language-server (npm)")
    return [node, str(YAML_LANGUAGE_SERVER), "--stdio"]
