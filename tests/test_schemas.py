"""`handbook schemas`: the language parts of the schemas come from languages.yaml, and the
committed schemas are what it writes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from handbook.cli import main
from handbook.schemas import dumps, generated, site_languages

ROOT = Path(__file__).resolve().parent.parent


def test_committed_schemas_are_up_to_date_with_languages_yaml() -> None:
    languages, problems = site_languages(ROOT)
    assert problems == []
    for path, text in generated(ROOT, languages).items():
        assert path.read_text("utf-8") == text, (
            f"{path.relative_to(ROOT)} is not what languages.yaml gives: run "
            "'.venv/bin/handbook schemas' and commit the result."
        )
    assert main(["--root", str(ROOT), "schemas", "--check"]) == 0


def test_the_formatter_keeps_the_hand_written_layout() -> None:
    """Regenerating changes only the language lines: the rest is byte for byte the same."""
    text = (ROOT / "schemas" / "common.schema.json").read_text("utf-8")
    assert dumps(json.loads(text)) + "\n" == text


def _project_with_swedish(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOT / "schemas", root / "schemas")
    text = (ROOT / "languages.yaml").read_text("utf-8")
    swedish = "  - code: sv\n    name: Svenska\n    alphabet: abcdefghijklmnopqrstuvwxyzåäö\n\n"
    marker = "\n# Words of the interface"
    (root / "languages.yaml").write_text(text.replace(marker, "\n" + swedish + marker, 1), encoding="utf-8")
    return root


def test_a_new_language_is_required_in_every_text(tmp_path: Path, capsys) -> None:
    root = _project_with_swedish(tmp_path)
    assert main(["--root", str(root), "schemas", "--check"]) == 1
    assert "common.schema.json: not up to date" in capsys.readouterr().err
    assert main(["--root", str(root), "schemas"]) == 0
    common = json.loads((root / "schemas" / "common.schema.json").read_text("utf-8"))
    for name in ("text", "sourced_text"):
        definition = common["$defs"][name]
        assert list(definition["properties"])[:3] == ["fi", "en", "sv"]
        assert set(definition["required"]) >= {"fi", "en", "sv"}
    assert common["$defs"]["sourced_text"]["required"][-1] == "source"  # kept, not replaced
    assert "sv" not in common["$defs"]["id"]  # other definitions untouched
    assert main(["--root", str(root), "schemas", "--check"]) == 0


def _validator(schema_dir: Path, name: str) -> Draft202012Validator:
    resources = [
        (f.name, Resource.from_contents(json.loads(f.read_text("utf-8")))) for f in schema_dir.glob("*.json")
    ]
    registry = Registry().with_resources(resources)
    return Draft202012Validator(json.loads((schema_dir / name).read_text("utf-8")), registry=registry)


def test_the_schema_itself_refuses_a_text_without_english() -> None:
    """What an editor sees: the schema alone (no loader) finds the missing English."""
    validator = _validator(ROOT / "schemas", "concept.schema.json")
    concept = {
        "id": "kasite",
        "terms": {"fi": {"preferred": "käsite"}, "en": {"preferred": "concept"}},
        "definitions": [{"fi": "Määritelmä.", "en": "Definition.", "source": "lahde"}],
        "note": {"fi": "Huomautus."},
        "reviewed": {"date": "2026-11-24", "against": ["lahde"]},
    }
    errors = list(validator.iter_errors(concept))
    assert [(list(e.absolute_path), e.message) for e in errors] == [(["note"], "'en' is a required property")]
    concept["note"]["en"] = "A note."
    assert list(validator.iter_errors(concept)) == []
