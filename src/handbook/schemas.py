"""The language parts of the JSON Schemas, generated from languages.yaml.

A schema cannot read languages.yaml, so without this an editor (VS Code's YAML extension,
i.e. yaml-language-server) would not underline a text that lacks its English. The
language-dependent definitions are the objects in common.schema.json's `$defs` that hold
one value per language: those with the pattern property `^[a-z]{2}$` (text,
sourced_text, terms_per_language).
For each, `handbook schemas` writes one property per site language and requires them all;
every other line of the schemas is hand-written and left as it is. The loader checks the
same texts itself from languages.yaml, so a schema left behind never lets a missing
translation through; tests/test_schemas.py fails until the schemas are regenerated.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from handbook.model import Problem
from handbook.yamlsource import read_yaml

GENERATED = "common.schema.json"
LANGUAGE_KEY = "^[a-z]{2}$"
WIDTH = 110  # the longest line the formatter puts several values on


def site_languages(root: Path) -> tuple[list[tuple[str, str]], list[Problem]]:
    """(code, name) of each language in languages.yaml. Read without the schema check:
    a new language must be generatable before its interface words are translated."""
    file = root / "languages.yaml"
    if not file.exists():
        missing = "languages.yaml is missing; run the command in the project folder."
        return [], [Problem(Path("languages.yaml"), 1, missing)]
    data, problems = read_yaml(file, Path("languages.yaml"))
    languages = data.get("languages") if isinstance(data, dict) else None
    found = [
        (str(lang["code"]), str(lang.get("name") or lang["code"]))
        for lang in languages or []
        if isinstance(lang, dict) and re.fullmatch(r"[a-z]{2}", str(lang.get("code", "")))
    ]
    if not found and not problems:
        none = "no languages found; list them under 'languages:' with 'code' and 'name'."
        problems = [Problem(Path("languages.yaml"), 1, none)]
    return found, problems


def with_languages(schema: dict[str, Any], languages: list[tuple[str, str]]) -> dict[str, Any]:
    """`schema` with every language-dependent definition made to name and require the
    languages; its other keys keep their order."""
    codes = [code for code, _ in languages]
    defs = {}
    for name, definition in schema.get("$defs", {}).items():
        pattern = (definition.get("patternProperties") or {}).get(LANGUAGE_KEY)
        if pattern is None:
            defs[name] = definition
            continue

        def is_code(key: str) -> bool:
            return re.fullmatch(LANGUAGE_KEY, key) is not None

        others = {k: v for k, v in (definition.get("properties") or {}).items() if not is_code(k)}
        properties = {code: {**pattern, "description": label} for code, label in languages}
        required = [r for r in definition.get("required", []) if not is_code(r)]
        updated = {}
        for key, value in definition.items():
            if key == "properties":
                value = {**properties, **others}
            elif key == "required":
                value = [*codes, *required]
            updated[key] = value
        if "properties" not in updated:
            updated["properties"] = {**properties, **others}
        if "required" not in updated:
            # After the properties, where a reader of the schema looks for it.
            keys = list(updated)
            at = keys.index("properties") + 1
            items = list(updated.items())
            items.insert(at, ("required", codes))
            updated = dict(items)
        defs[name] = updated
    return {**schema, "$defs": defs}


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def dumps(value: Any, indent: int = 0, level: int = 0, prefix: str = "") -> str:
    """JSON in the schemas' hand-written style: the file, $defs and each definition one
    key a line; deeper, a flat value (or a short one of two levels) on one line."""
    inline = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    fits = indent + len(prefix) + len(inline) + 1 <= WIDTH
    if not isinstance(value, dict | list):
        return inline
    if level > 2 and (_depth(value) <= 1 or (_depth(value) == 2 and fits)):
        return inline
    if isinstance(value, list):
        if not value:
            return "[]"
        inner = [" " * (indent + 2) + dumps(v, indent + 2, level + 1) for v in value]
        return "[\n" + ",\n".join(inner) + "\n" + " " * indent + "]"
    if not value:
        return "{}"
    lines = []
    for key, item in value.items():
        head = json.dumps(key, ensure_ascii=False) + ": "
        lines.append(" " * (indent + 2) + head + dumps(item, indent + 2, level + 1, head))
    return "{\n" + ",\n".join(lines) + "\n" + " " * indent + "}"


def generated(root: Path, languages: list[tuple[str, str]]) -> dict[Path, str]:
    """What each generated schema file should hold."""
    path = root / "schemas" / GENERATED
    schema = json.loads(path.read_text("utf-8"))
    return {path: dumps(with_languages(schema, languages)) + "\n"}


def outdated(root: Path, languages: list[tuple[str, str]]) -> list[Path]:
    return [
        path
        for path, text in generated(root, languages).items()
        if not path.exists() or path.read_text("utf-8") != text
    ]


def write(root: Path, languages: list[tuple[str, str]]) -> list[Path]:
    """Write the schemas that differ; return them."""
    changed = []
    for path, text in generated(root, languages).items():
        if not path.exists() or path.read_text("utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
