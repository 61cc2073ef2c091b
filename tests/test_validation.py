"""Every validation rule: a small invalid project (tests/fixtures/invalid/<case>/ laid over
tests/fixtures/base/) and the exact `file:line: message` an editor gets, from the loader
and from `handbook validate`. The messages are part of the interface: a social worker
reads them, so a change of wording is a change a reviewer should see here."""
# ruff: noqa: E501  (the expected messages are kept whole, as the editor reads them)

from __future__ import annotations

import subprocess

import pytest
from projects import INVALID, fixture_project, handbook_command

from handbook import cli
from handbook.loading import ContentError, load_content

# case folder → every line `handbook validate` prints before its count, in order.
CASES: dict[str, list[str]] = {
    # YAML syntax
    "yaml-syntax": [
        'glossary/kasite.yaml:9: the YAML cannot be read: a \': \' (colon and space) where none is expected. If it is inside a text, put the whole text in double quotes, e.g. fi: "Huom: ..."; otherwise check the indentation.',
    ],
    "yaml-tab": [
        'glossary/kasite.yaml:5: the YAML cannot be read: a tab character; indent with spaces only.',
    ],
    "unclosed-quote": [
        'glossary/kasite.yaml:7: the YAML cannot be read: a quote is opened but never closed; end the text with the same quote mark.',
    ],
    "question-mark-in-braces": [
        'decision_trees/puu.yaml:19: the YAML cannot be read: a text inside { } or [ ] contains a comma, colon, question mark or bracket; put that text in double quotes, e.g. {fi: "Onko asiakas työtön?", en: ...}.',
    ],
    # duplicate keys in a mapping
    "duplicate-key": [
        "glossary/kasite.yaml:8: 'fi' appears twice in the same block (first on line 4); keep one of them and delete the other.",
    ],
    # schema: missing required field
    "missing-field": [
        "glossary/kasite.yaml:2: this file is missing 'reviewed'; add a line 'reviewed: ...' to it.",
    ],
    "missing-nested-field": [
        "glossary/kasite.yaml:6: 'en' is missing 'preferred'; add a line 'preferred: ...' to it.",
        "glossary/kasite.yaml:9: item 1 of 'definitions' is missing 'source'; add a line 'source: ...' to it.",
    ],
    "missing-tree-field": [
        "decision_trees/puu.yaml:31: 'toinen-palvelu' is missing 'why'; add a line 'why: ...' to it.",
    ],
    # schema: unknown field
    "unknown-field": [
        "glossary/kasite.yaml:12: 'relatd' is not a known field here; check its spelling. Allowed here: broader, confused_with, definitions, example, id, legal_basis, note, related, reviewed, service, status, terms.",
    ],
    # schema: wrong type
    "wrong-type": [
        "glossary/kasite.yaml:12: 'related' should be a list (lines starting with '- ').",
    ],
    "unquoted-no": [
        'decision_trees/puu.yaml:16: \'en\' should be a text, but YAML reads a bare yes, no, on or off as true or false; put the text in quotes, e.g. en: "No".',
    ],
    # schema: bad id
    "bad-id": [
        "glossary/kasite.yaml:2: 'Käsite' is not a valid id: use lower-case letters a-z, digits and hyphens only, e.g. 'tyokokeilu'.",
    ],
    # schema: bad date
    "bad-date": [
        "glossary/kasite.yaml:13: '24.11.2026' is not a valid date; write it as YYYY-MM-DD, e.g. 2026-11-24.",
    ],
    "impossible-date": [
        "glossary/kasite.yaml:13: '2026-02-30' is not a valid date; write it as YYYY-MM-DD, e.g. 2026-11-24.",
    ],
    # schema: a word that is not allowed
    "bad-status": [
        "glossary/kasite.yaml:3: 'voimassa' is not allowed for 'status'; use one of: draft, valid, superseded, retired.",
    ],
    # an empty file
    "empty-file": [
        'glossary/uusi.yaml:1: the file is empty; write the entry or delete the file.',
    ],
    # duplicate ids across files (and within sources.yaml)
    "duplicate-id": [
        "glossary/vanha-kasite.yaml:2: the concept id 'kasite' is already used at glossary/kasite.yaml:2; every id must be unique: rename one of them.",
    ],
    "duplicate-source": [
        "sources.yaml:7: the source id 'lahde-a' is already used at sources.yaml:3; every id must be unique: rename one of them.",
    ],
    # references to unknown concepts, services or sources
    "unknown-concept": [
        "glossary/kasite.yaml:12: there is no glossary entry with id 'tyokokeilu'; check the spelling, or add the entry as glossary/tyokokeilu.yaml.",
    ],
    "unknown-service": [
        "decision_trees/puu.yaml:32: there is no service with id 'tyokokeilu'; check the spelling (the id of a glossary entry that has a 'service:' block), or add that service to glossary/.",
    ],
    # scope: a statement citing a source that describes one region's practice must say so
    # (definitions, notes/examples with a source, service fields alike); and only such a
    # source can make a statement regional
    "regional-without-scope": [
        "glossary/palvelu.yaml:9: this statement cites 'lahde-b', which describes one region's practice (Test region), but does not say so; add 'scope: regional' to it (every page then names the region next to it), or cite a source that states it for Helsinki or nationally.",
        "glossary/palvelu.yaml:12: this statement cites 'lahde-b', which describes one region's practice (Test region), but does not say so; add 'scope: regional' to it (every page then names the region next to it), or cite a source that states it for Helsinki or nationally.",
        "glossary/palvelu.yaml:24: this statement cites 'lahde-b', which describes one region's practice (Test region), but does not say so; add 'scope: regional' to it (every page then names the region next to it), or cite a source that states it for Helsinki or nationally.",
    ],
    "scope-without-region": [
        "glossary/palvelu.yaml:9: this statement says 'scope: regional', but its source 'lahde-a' names no region; remove 'scope: regional', or give that source 'scope: {kind: regional, region: {fi: ..., en: ...}}' in sources.yaml.",
    ],
    "unknown-source": [
        "glossary/kasite.yaml:11: there is no source with id 'lahde-c' in sources.yaml; check the spelling, or add the source to sources.yaml.",
    ],
    # an outcome whose target is a concept that is not a service
    "outcome-not-service": [
        "decision_trees/puu.yaml:32: 'kasite' is a glossary entry but not a service: an outcome must name a service (a glossary entry with a 'service:' block). Name a service here, or add a 'service:' block to that entry.",
    ],
    # answer targets that do not exist (and a root that does not)
    "missing-target": [
        "decision_trees/puu.yaml:22: answer 'kylla' of 'kysymys-2' leads to 'kysymys-3', which is not a node of this tree; fix the id after 'next:' or add that node.",
    ],
    "missing-root": [
        "decision_trees/puu.yaml:6: the root 'kysymys-0' is not a node of this tree; after 'root:' write the id of the first question under 'nodes'.",
        "decision_trees/puu.yaml:18: question 'kysymys-2' has only one answer; a question needs at least two answers (each with id, label and next). Add an answer, or remove the question.",
    ],
    "root-outcome": [
        "decision_trees/puu.yaml:6: the root 'palvelu' is an outcome, but the root must be a question; after 'root:' write the id of the first question.",
    ],
    # cycles
    "cycle": [
        "decision_trees/puu.yaml:22: answer 'kylla' of 'kysymys-2' leads back to 'kysymys-1', so the tree goes round in a circle (kysymys-1 → kysymys-2 → kysymys-1); lead it to a later question or an outcome.",
    ],
    "cycle-to-itself": [
        "decision_trees/puu.yaml:22: answer 'kylla' of 'kysymys-2' leads back to 'kysymys-2', so the tree goes round in a circle (kysymys-2 → kysymys-2); lead it to a later question or an outcome.",
    ],
    # nodes unreachable from the root
    "unreachable": [
        "decision_trees/puu.yaml:34: node 'kolmas-palvelu' cannot be reached from the root 'kysymys-1'; lead an answer to it or delete it.",
    ],
    # questions with fewer than two answers, or two alike
    "one-answer": [
        "decision_trees/puu.yaml:18: question 'kysymys-2' has only one answer; a question needs at least two answers (each with id, label and next). Add an answer, or remove the question.",
    ],
    "duplicate-answer": [
        "decision_trees/puu.yaml:15: question 'kysymys-1' has two answers with id 'kylla' (the other on line 12); give each answer its own id.",
        "decision_trees/puu.yaml:15: question 'kysymys-1' has two answers labelled 'Kyllä' (fi, the other on line 12); make the labels differ.",
    ],
    # missing or empty fi or en text, and languages the site does not have
    "missing-text": [
        "glossary/kasite.yaml:9: the English text of item 1 of 'definitions' is missing or empty; add 'en: ...' to it.",
        "glossary/kasite.yaml:12: the Finnish text of 'note' is missing or empty; add 'fi: ...' to it.",
    ],
    "missing-text-tree": [
        "decision_trees/puu.yaml:16: the Finnish text of 'label' is missing or empty; add 'fi: ...' to it.",
        "decision_trees/puu.yaml:19: the English text of 'question' is missing or empty; add 'en: ...' to it.",
    ],
    "unknown-language": [
        "glossary/kasite.yaml:8: 'sv' is not a language of the site (languages.yaml); remove it or add the language there.",
        "glossary/kasite.yaml:13: 'sv' is not a language of the site (languages.yaml); remove it or add the language there.",
    ],
    # tree too deep
    "too-deep": [
        "decision_trees/puu.yaml:88: 'kysymys-9' is question number 9 on the path kysymys-1 → kysymys-2 → kysymys-3 → kysymys-4 → kysymys-5 → kysymys-6 → kysymys-7 → kysymys-8 → kysymys-9; a path may ask at most 8 questions. Split the tree in two or combine questions.",
    ],
    "too-deep-shared": [
        "decision_trees/puu.yaml:78: 'kysymys-8' is question number 9 on the path kysymys-1 → kysymys-10 → kysymys-2 → kysymys-3 → kysymys-4 → kysymys-5 → kysymys-6 → kysymys-7 → kysymys-8; a path may ask at most 8 questions. Split the tree in two or combine questions.",
    ],
    # files the loader would skip
    "yml-extension": [
        "glossary/kolmas-kasite.yml:1: this file is not read: content files end in '.yaml'; rename it to kolmas-kasite.yaml.",
    ],
    # several mistakes in one tree, all reported in one run
    "several-in-one-tree": [
        "decision_trees/puu.yaml:4: the English text of 'introduction' is missing or empty; add 'en: ...' to it.",
        "decision_trees/puu.yaml:10: there is no source with id 'lahde-x' in sources.yaml; check the spelling, or add the source to sources.yaml.",
        "decision_trees/puu.yaml:15: answer 'ei' of 'kysymys-1' leads to 'kysymys-3', which is not a node of this tree; fix the id after 'next:' or add that node.",
        "decision_trees/puu.yaml:18: question 'kysymys-2' has only one answer; a question needs at least two answers (each with id, label and next). Add an answer, or remove the question.",
        "decision_trees/puu.yaml:26: there is no service with id 'tyokokeilu'; check the spelling (the id of a glossary entry that has a 'service:' block), or add that service to glossary/.",
        "decision_trees/puu.yaml:28: node 'toinen-palvelu' cannot be reached from the root 'kysymys-1'; lead an answer to it or delete it.",
    ],
}


def test_every_fixture_has_a_case():
    assert sorted(CASES) == sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def test_the_base_fixture_is_valid(tmp_path):
    content = load_content(fixture_project(tmp_path))
    assert set(content.concepts) == {"kasite", "palvelu", "toinen-palvelu"}
    assert set(content.services) == {"palvelu", "toinen-palvelu"}
    assert set(content.trees) == {"puu"}


@pytest.mark.parametrize("case", CASES)
def test_loader_reports_exact_file_line_and_message(tmp_path, case):
    with pytest.raises(ContentError) as raised:
        load_content(fixture_project(tmp_path, case))
    problems = sorted(raised.value.problems, key=lambda p: (str(p.path), p.line))
    assert [str(p) for p in problems] == CASES[case]


@pytest.mark.parametrize("case", CASES)
def test_validate_prints_the_problems_and_exits_1(tmp_path, case, capsys):
    code = cli.main(["--root", str(fixture_project(tmp_path, case)), "validate"])
    out, err = capsys.readouterr()
    count = len(CASES[case])
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        *CASES[case],
        f"{count} problem{'s' if count != 1 else ''} in the content.",
    ]


def test_several_mistakes_in_one_tree_are_all_reported_in_one_run(tmp_path):
    with pytest.raises(ContentError) as raised:
        load_content(fixture_project(tmp_path, "several-in-one-tree"))
    messages = " | ".join(p.message for p in raised.value.problems)
    for mistake in [
        "English text of 'introduction'",  # missing text
        "no source with id 'lahde-x'",  # unknown source
        "leads to 'kysymys-3'",  # answer target that does not exist
        "only one answer",  # a question with one answer
        "no service with id 'tyokokeilu'",  # unknown service
        "'toinen-palvelu' cannot be reached",  # unreachable node
    ]:
        assert mistake in messages
    assert len(raised.value.problems) == 6


def test_the_installed_command_prints_file_line_messages_without_traceback(tmp_path):
    project = fixture_project(tmp_path, "several-in-one-tree")
    result = subprocess.run(
        [*handbook_command(), "--root", str(project), "validate"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.splitlines() == [*CASES["several-in-one-tree"], "6 problems in the content."]


def test_validate_says_ok_for_valid_content(tmp_path, capsys):
    assert cli.main(["--root", str(fixture_project(tmp_path)), "validate"]) == 0
    assert capsys.readouterr().out.startswith("OK: 3 concepts (2 services), 1 decision trees")


def test_validate_in_the_wrong_folder_says_where_to_run_it(tmp_path, capsys):
    assert cli.main(["--root", str(tmp_path), "validate"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "languages.yaml:1: languages.yaml is missing; run the command in the project folder "
        "(the one with glossary/ and decision_trees/), or name that folder with --root."
    )
