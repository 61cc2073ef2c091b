"""Synthetic but schema-valid content for the benchmark: N concepts (a tenth of them
services) and N/10 decision trees up to the maximum depth, in every language of
languages.yaml.

The texts are made-up words of realistic length, marked as synthetic; they exist only in
a temporary folder and are never published. Everything is written as YAML in the
project's file layout and then checked by the one loader (`load_content`), so a change to
the schema that this generator does not follow fails loudly instead of benchmarking
something else.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from handbook.model import ENTRY_SERVICE_FIELDS

# Syllables per language, so that terms start with every letter of the alphabet
# (including å, ä and ö in Finnish) and the glossary index gets all its letter groups.
_SYLLABLES = {
    "fi": "ka ta va lu mi sa ny tö hä pa ri se ju lo ve nä ål ök äy ra ne ho ki du bo fe go we ci xe zo qu",
    "en": "ca ta ve lo mi sa ny to ha pa ri se ju lo ve na ol ok ay ra ne ho ki du bo fe go we ci xe zo qu",
}
_HEADS = {
    "fi": "palvelu valmennus tuki toiminta arviointi suunnitelma ohjaus kokeilu",
    "en": "service coaching support activity assessment plan guidance trial",
}
_WORDS = {
    "fi": "asiakas työ tuki palvelu valmennus kunta sosiaalihuolto työkyky päätös arvio suunnitelma ohjaus "
    "työpaikka jakso sopimus lähete tavoite osallisuus kuntoutus työnantaja yksikkö ryhmä toiminta terveys "
    "edellytys kesto vastuutyöntekijä",
    "en": "client work support service coaching municipality social welfare ability decision assessment plan "
    "guidance workplace period agreement referral goal participation rehabilitation employer unit group "
    "activity health condition duration worker",
}
_ASCII = str.maketrans({"ä": "a", "ö": "o", "å": "a", "é": "e"})
MAX_DEPTH = 8
REVIEW_DATE = "2026-11-24"


@dataclass
class Generated:
    """What was generated (on top of the real content kept beside it)."""

    concepts: int
    services: int
    trees: int
    max_depth: int
    questions: int


class _Writer:
    def __init__(self, langs: tuple[str, ...], sources: list[str], seed: int) -> None:
        self.langs = langs
        self.sources = sources
        self.rnd = random.Random(seed)

    def _syllables(self, lang: str) -> list[str]:
        return _SYLLABLES.get(lang, _SYLLABLES["en"]).split()

    def word(self, lang: str, first: int | None = None) -> str:
        syl = self._syllables(lang)
        parts = [syl[first % len(syl)] if first is not None else self.rnd.choice(syl)]
        parts += [self.rnd.choice(syl) for _ in range(self.rnd.randint(1, 3))]
        return "".join(parts)

    def term(self, lang: str, index: int) -> str:
        head = _HEADS.get(lang, _HEADS["en"]).split()
        if lang == "fi":
            return f"{self.word(lang, index)}{self.rnd.choice(head)}"
        return f"{self.word(lang, index)} {self.rnd.choice(head)}"

    def sentence(self, lang: str, words: int) -> str:
        vocab = _WORDS.get(lang, _WORDS["en"]).split()
        chosen = [self.rnd.choice(vocab) for _ in range(words)]
        # Punctuation that the renderer must escape, as real texts have.
        if words > 12:
            chosen[words // 2] += " (esim. 18–63 v.):" if lang == "fi" else " (e.g. aged 18–63):"
        text = " ".join(chosen)
        return f"{text[0].upper()}{text[1:]}. Synthetic benchmark text."

    def text(self, words: int) -> dict[str, str]:
        return {lang: self.sentence(lang, words) for lang in self.langs}

    def sourced(self, words: int) -> dict[str, Any]:
        return {**self.text(words), "source": self.rnd.choice(self.sources)}


def _dump(path: Path, schema: str, data: dict[str, Any]) -> None:
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(f"# yaml-language-server: $schema=../schemas/{schema}\n{body}", "utf-8")


def _concept(w: _Writer, index: int, ids: list[str], is_service: bool) -> dict[str, Any]:
    rnd = w.rnd
    terms: dict[str, Any] = {}
    for lang in w.langs:
        entry: dict[str, Any] = {"preferred": w.term(lang, index)}
        if rnd.random() < 0.5:
            entry["accepted"] = [w.term(lang, rnd.randrange(100)) for _ in range(rnd.randint(1, 2))]
        if lang == w.langs[0] and rnd.random() < 0.25:
            entry["not_recommended"] = [w.term(lang, rnd.randrange(100))]
        terms[lang] = entry
    data: dict[str, Any] = {
        "id": ids[index],
        "terms": terms,
        "definitions": [w.sourced(rnd.randint(25, 45)) for _ in range(rnd.choice([1, 1, 1, 2]))],
    }
    if rnd.random() < 0.3:
        data["note"] = w.text(rnd.randint(10, 25))
    if rnd.random() < 0.2:
        data["example"] = w.text(rnd.randint(10, 25))
    if index > 10 and rnd.random() < 0.4:
        data["broader"] = [ids[rnd.randrange(index)]]
    others = [ids[rnd.randrange(len(ids))] for _ in range(rnd.randint(0, 3))]
    related = sorted({o for o in others if o != ids[index]})
    if related:
        data["related"] = related
    if rnd.random() < 0.15:
        other = ids[(index + 1) % len(ids)]
        data["confused_with"] = [{"concept": other, "difference": w.text(15)}]
    if rnd.random() < 0.2:
        data["legal_basis"] = [
            {
                "law": {lang: w.sentence(lang, 2).split(".")[0] for lang in w.langs},
                "section": f"{rnd.randint(1, 60)} §",
                "source": rnd.choice(w.sources),
            }
        ]
    data["reviewed"] = {"date": REVIEW_DATE, "against": sorted({rnd.choice(w.sources) for _ in range(2)})}
    if is_service:
        data["service"] = {
            name: "not_stated"
            if rnd.random() < 0.2
            else [w.sourced(rnd.randint(8, 30)) for _ in range(rnd.choice([1, 1, 2, 3]))]
            for name in ENTRY_SERVICE_FIELDS
        }
    return data


def _question(w: _Writer) -> dict[str, str]:
    return {lang: w.sentence(lang, w.rnd.randint(8, 16)).replace(".", "?", 1) for lang in w.langs}


def _conditions(w: _Writer, service: str, count: int) -> dict[str, Any]:
    """A service's conditions: `count` required ones, and one weighed."""
    rnd = w.rnd
    conditions: list[dict[str, Any]] = [
        {
            "id": f"{service}-ehto-{j}",
            "kind": "required",
            "question": _question(w),
            "rule": w.sourced(rnd.randint(12, 30)),
        }
        for j in range(1, count + 1)
    ]
    if rnd.random() < 0.3:
        conditions[0]["help"] = w.text(rnd.randint(8, 20))
    weighed = {"id": f"{service}-painotus", "kind": "weighed", "rule": w.sourced(rnd.randint(12, 30))}
    conditions.append(weighed)
    return {"service": service, "conditions": conditions}


def _tree(
    w: _Writer, index: int, depth: int, target: str, asked: list[str], free: list[str]
) -> tuple[dict[str, Any], int]:
    """A spine of `depth` questions, each asking one of `asked` (the target service's
    required conditions first); "yes" all the way leads to the target service, a "no" to a
    service without conditions (`free`) or to a short choice between two of them."""
    rnd = w.rnd
    nodes: dict[str, Any] = {}
    outcome_count = 0

    def outcome(service: str, consult: bool = False) -> str:
        nonlocal outcome_count
        outcome_count += 1
        node_id = f"tulos-{outcome_count}"
        nodes[node_id] = {"outcome": service}
        if consult:
            nodes[node_id]["consult"] = True
        return node_id

    unsure = outcome(rnd.choice(free), consult=True)
    questions = 0
    # Built from the last question up, so every "next" already exists.
    nxt = outcome(target)
    for level in range(depth, 0, -1):
        if level % 2 == 0 and level < depth:
            no = f"valinta-{level}"
            nodes[no] = {
                "question": _question(w),
                "options": [
                    {"id": f"vaihtoehto-{k}", "label": w.text(rnd.randint(4, 10)), "next": outcome(choice)}
                    for k, choice in ((1, rnd.choice(free)), (2, rnd.choice(free)))
                ],
                "if_not_sure": unsure,
            }
            questions += 1
        else:
            no = outcome(rnd.choice(free))
        node_id = f"kysymys-{level}"
        nodes[node_id] = {"ask": asked[level - 1], "if_yes": nxt, "if_no": no, "if_not_sure": unsure}
        questions += 1
        nxt = node_id
    data = {
        "id": f"synteettinen-puu-{index}",
        "title": w.text(rnd.randint(5, 10)),
        "introduction": w.text(rnd.randint(15, 35)),
        "sources": sorted({rnd.choice(w.sources) for _ in range(2)}),
        "root": "kysymys-1",
        "nodes": nodes,
    }
    return data, questions


def _drop_related_in_hierarchy(concepts: list[dict[str, Any]]) -> None:
    """The validator refuses `related` between a concept and one above or below it
    through `broader` (SKOS S27): drop such random pairs, keeping the random draws."""
    parent = {c["id"]: c["broader"][0] for c in concepts if c.get("broader")}

    def above(cid: str) -> set[str]:
        chain: set[str] = set()
        while cid in parent and parent[cid] not in chain:
            cid = parent[cid]
            chain.add(cid)
        return chain

    for c in concepts:
        mine = above(c["id"])
        kept = [o for o in c.get("related", []) if o not in mine and c["id"] not in above(o)]
        if kept:
            c["related"] = kept
        else:
            c.pop("related", None)


def generate(
    root: Path,
    n: int,
    langs: tuple[str, ...],
    sources: list[str],
    keep: int = 0,
    keep_trees: int = 0,
    seed: int = 2026,
) -> Generated:
    """Write concepts and trees under root/glossary and root/decision_trees so that, with
    the `keep` concepts and `keep_trees` trees already there (the real content, which
    hand-written pages and other content files link to), there are N and N/10 of them."""
    w = _Writer(langs, sources, seed)
    glossary = root / "glossary"
    trees = root / "decision_trees"
    conditions = root / "conditions"
    for folder in (glossary, trees, conditions):
        folder.mkdir(parents=True, exist_ok=True)
    count = max(0, n - keep)
    # Ids from the Finnish term, as editors would name them; the index keeps them unique.
    ids = [f"{w.term(langs[0], i).translate(_ASCII).replace(' ', '-').lower()}-{i}" for i in range(count)]
    services = [ids[i] for i in range(0, count, 10)]
    concepts = [_concept(w, i, ids, i % 10 == 0) for i in range(count)]
    _drop_related_in_hierarchy(concepts)
    for i in range(count):
        _dump(glossary / f"{ids[i]}.yaml", "concept.schema.json", concepts[i])
    # Half the services have conditions (one to three required), as real services do.
    conditioned = services[::2]
    free = services[1::2] or services
    required: dict[str, list[str]] = {}
    for number, service in enumerate(conditioned):
        # The first has as many as the deepest tree asks, so that tree keeps its full depth.
        data = _conditions(w, service, MAX_DEPTH if number == 0 else w.rnd.randint(1, 2))
        required[service] = [c["id"] for c in data["conditions"] if c["kind"] == "required"]
        _dump(conditions / f"{service}.yaml", "conditions.schema.json", data)
    tree_count = max(1, n // 10 - keep_trees)
    questions = 0
    max_depth = 0
    for k in range(tree_count):
        depth = 2 + (k + 6) % (MAX_DEPTH - 1)  # 8, 2, 3, …: the first tree has the full depth
        # A target whose required conditions all fit on the spine (else one without any).
        fits = [c for c in conditioned if len(required[c]) <= depth]
        target = fits[k % len(fits)] if fits else free[0]
        # The target's conditions first, then other services' conditions, each once.
        others = [c for s in conditioned if s != target for c in required[s]]
        asked = (required.get(target, []) + others)[:depth]
        depth = min(depth, len(asked)) if asked else depth
        data, asked_count = _tree(w, k, depth, target, asked, free)
        questions += asked_count
        max_depth = max(max_depth, depth)
        _dump(trees / f"{data['id']}.yaml", "decision_tree.schema.json", data)
    return Generated(count, len(services), tree_count, max_depth, questions)


DEEPEST_TREE = "synteettinen-puu-0"
