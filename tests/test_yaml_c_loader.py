"""The C YAML parser (libyaml) reads every file exactly as the pure-Python loader does:
the same data, the same line of every key and item, the same problems; and a file the
pure loader refuses never passes through the C parser (its messages come from the pure
loader, tests/test_validation.py pins them)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from handbook import yamlsource
from handbook.yamlsource import Mapping, Sequence, read_yaml

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("glossary", "decision_trees", "service_paths", "datasets", "conditions")
FILES = sorted(
    [ROOT / "languages.yaml", ROOT / "sources.yaml"]
    + [p for folder in FOLDERS for p in (ROOT / folder).glob("*.yaml")]
    + list((ROOT / "tests" / "fixtures").rglob("*.yaml"))
)
# What editors slip in: the characters where YAML parsers tend to disagree.
SLIPS = [
    "?", ":", " ?", ": ", "?x", "x?", "}?", "?]", "\t", '"', "'", "#", "-", "[", "]", "{", "}",
    ",", "? ", " :", ":x", "|", ">", "%", "@", "`", "!", "!!str ", "&a ", "*a", "<<: ", "\\",
    "\r", "\ufeff", "\x85", "\u2028", "\u00a0", " - ", "\n  ", "\n", "---\n", "...\n", "  ",
]

pytestmark = pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML without libyaml")


def _pure(text: str) -> tuple[Any, ...]:
    loader = yamlsource._Loader(text)
    loader.problems = []
    loader.path = Path("x.yaml")
    try:
        return ("read", _shape(loader.get_single_data()), [str(p) for p in loader.problems])
    except yaml.YAMLError:
        return ("refused",)
    finally:
        loader.dispose()


def _fast(text: str) -> tuple[Any, ...] | None:
    found = yamlsource._read_fast(text, Path("x.yaml"))
    if found is None:
        return None
    data, problems = found
    return ("read", _shape(data), [str(p) for p in problems])


def _shape(value: Any) -> Any:
    """The data with every line number the loader keeps, and every type."""
    if isinstance(value, Mapping):
        return ("map", value.line, [(k, value.key_lines[k], _shape(v)) for k, v in value.items()])
    if isinstance(value, Sequence):
        return ("seq", value.line, value.item_lines, [_shape(v) for v in value])
    return (type(value).__name__, value)


@pytest.mark.parametrize("file", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_reads_the_same_through_the_c_parser(file: Path):
    text = file.read_text("utf-8")
    fast = _fast(text)
    if fast is not None:
        assert fast == _pure(text)


def test_the_real_content_goes_through_the_c_parser():
    """Else the checks above prove nothing: sources.yaml holds a '&', the rest is plain."""
    content = [f for f in FILES if "fixtures" not in f.parts]
    fast = [f for f in content if _fast(f.read_text("utf-8")) is not None]
    assert len(fast) >= len(content) - 2, sorted(set(content) - set(fast))


def test_mutated_files_read_the_same_or_go_to_the_pure_loader():
    """A few thousand one-character slips in real files: where the C parser reads the
    file, it reads what the pure loader reads; where the pure loader refuses it, so does
    the fast path (then the pure loader's message is shown)."""
    rng = random.Random(15)
    checked = through_c = 0
    for file in FILES[::2]:
        text = file.read_text("utf-8")
        for _ in range(25):
            at = rng.randrange(len(text) + 1)
            cut = at + (rng.randrange(1, 4) if rng.random() < 0.3 else 0)
            mutated = text[:at] + rng.choice(SLIPS) + text[cut:]
            fast = _fast(mutated)
            checked += 1
            if fast is None:
                continue
            through_c += 1
            assert fast == _pure(mutated), (file, mutated[max(0, at - 80) : at + 80])
    assert through_c > checked / 3  # most slips still take the fast path


def test_a_file_the_c_parser_would_accept_still_gets_the_pure_loaders_message(tmp_path: Path):
    # libyaml reads '{fi: Toinen kysymys?, en: ...}'; PyYAML's scanner does not, and a file
    # must not build on a machine with libyaml and fail on one without it.
    file = tmp_path / "puu.yaml"
    file.write_text("question: {fi: Toinen kysymys?, en: Second question?}\n", "utf-8")
    assert yaml.load(file.read_text("utf-8"), Loader=yaml.CSafeLoader)  # the C parser reads it
    data, problems = read_yaml(file, Path("puu.yaml"))
    assert data is None
    assert [p.message for p in problems] == [
        "the YAML cannot be read: a text inside { } or [ ] contains a comma, colon, question mark "
        'or bracket; put that text in double quotes, e.g. {fi: "Onko asiakas työtön?", en: ...}.'
    ]


def test_duplicate_keys_are_reported_at_their_line_through_the_c_parser(tmp_path: Path):
    file = tmp_path / "kasite.yaml"
    file.write_text("id: a\nterms:\n  fi: x\n  en: y\n  fi: z\n", "utf-8")
    assert _fast(file.read_text("utf-8")) is not None
    data, problems = read_yaml(file, Path("kasite.yaml"))
    assert [(p.line, p.message) for p in problems] == [
        (5, "'fi' appears twice in the same block (first on line 3); keep one of them and delete the other.")
    ]
    assert data["terms"].key_lines == {"fi": 3, "en": 4}


@pytest.mark.parametrize("text", ["---\n", "~\n", "null\n", "--- ~\n", "# only a comment\n---\n"])
def test_a_file_holding_only_an_empty_document_is_told_by_the_pure_loader(text: str, tmp_path: Path):
    """An empty document reads as None: the fast path leaves it to the pure loader, which
    says the file is empty (a file that vanished without a word would build silently)."""
    assert _fast(text) is None
    file = tmp_path / "x.yaml"
    file.write_text(text, "utf-8")
    _, problems = read_yaml(file, Path("glossary/x.yaml"))
    assert any("empty" in p.message for p in problems), problems
