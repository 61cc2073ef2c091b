"""The compiled schema check (fastjsonschema) says yes exactly where jsonschema finds no
problem, so a file it lets through is a file without schema problems; on a no, jsonschema
words the problems (tests/test_validation.py pins them)."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest

from handbook import validation
from handbook.yamlsource import read_yaml

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
KINDS = {
    "glossary": "concept",
    "decision_trees": "decision_tree",
    "service_paths": "service_path",
    "datasets": "dataset",
}

pytest.importorskip("fastjsonschema")


def _samples() -> list[tuple[str, Any]]:
    found = []
    fixtures = ROOT / "tests" / "fixtures"
    for base in [ROOT, *sorted(fixtures.glob("*")), *sorted((fixtures / "invalid").glob("*"))]:
        for folder, kind in KINDS.items():
            for file in sorted((base / folder).glob("*.yaml")):
                data, _ = read_yaml(file)
                if data is not None:
                    found.append((kind, data))
        for name, kind in (("sources.yaml", "sources"), ("languages.yaml", "languages")):
            if (base / name).exists():
                data, _ = read_yaml(base / name)
                if data is not None:
                    found.append((kind, data))
    return found


SAMPLES = _samples()


def _verdicts(kind: str, data: Any) -> tuple[bool, bool]:
    fast = validation._fast_validators(SCHEMAS)[kind]
    try:
        fast(data)
        fast_ok = True
    except Exception:
        fast_ok = False
    slow_ok = not any(True for _ in validation._validators(SCHEMAS)[kind].iter_errors(data))
    return fast_ok, slow_ok


def test_every_schema_compiles():
    assert set(validation._fast_validators(SCHEMAS)) == set(validation.SCHEMA_FILES)


@pytest.mark.parametrize("index", range(len(SAMPLES)))
def test_every_file_gets_the_same_verdict(index: int):
    kind, data = SAMPLES[index]
    fast_ok, slow_ok = _verdicts(kind, data)
    assert fast_ok == slow_ok


_ODD = [None, True, False, 0, 7, -1, 3.5, "", " ", "x", "Kyllä", "2026-13-45", "2026-02-30", "2026-11-24",
        "20261124", "https://finlex.fi/fi/laki/2014/1301", "http://x", "javascript:alert(1)", "Ä-id", "a--b",
        "fi", "sv", "not_stated", [], [""], ["x"], {}, {"fi": "x"}, {"fi": "x", "en": "y"},
        {"fi": "x", "en": "y", "source": "s"}]


def _paths(value: Any, here: tuple = ()) -> list[tuple]:
    found = [here]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*here, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*here, i))
    return found


def _mutate(data: Any, rng: random.Random) -> Any:
    data = copy.deepcopy(json.loads(json.dumps(data)))
    path = rng.choice(_paths(data)[1:] or [()])
    if not path:
        return data
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    action = rng.random()
    if action < 0.2 and isinstance(parent, dict):
        del parent[last]
    elif action < 0.3 and isinstance(parent, dict):
        parent[rng.choice(["extra", "fi", "en", "sv", "note", "source", "x-y"])] = rng.choice(_ODD)
    elif action < 0.4 and isinstance(parent, list):
        twin = copy.deepcopy(rng.choice(parent)) if parent and rng.random() < 0.5 else None
        parent.append(twin if twin is not None else rng.choice(_ODD))
    else:
        parent[last] = copy.deepcopy(rng.choice(_ODD))
    return data


def test_mutated_files_get_the_same_verdict():
    rng = random.Random(15)
    checked = rejected = 0
    for kind, data in SAMPLES[::3]:
        for _ in range(30):
            mutated = _mutate(data, rng)
            fast_ok, slow_ok = _verdicts(kind, mutated)
            assert fast_ok == slow_ok, (kind, mutated)
            checked += 1
            rejected += not slow_ok
    assert rejected > checked / 3  # the mutations do break the schema
