"""Every validation rule: a small invalid project (tests/fixtures/invalid/<case>/ laid over
tests/fixtures/base/) and the exact `file:line: message` an editor gets, from the loader
and from `handbook validate`. The messages are part of the interface: a social worker
reads them, so a change of wording is a change a reviewer should see here."""
# ruff: noqa: E501  (the expected messages are kept whole, as the editor reads them)

from __future__ import annotations

import subprocess
from dataclasses import replace

import pytest
from projects import INVALID, fixture_project, handbook_command

from handbook import cli
from handbook.eligibility import check_tree_conditions, path_results
from handbook.loading import ContentError, load_content
from handbook.model import YES, Question

# case folder → every line `handbook validate` prints before its count, in order.
CASES: dict[str, list[str]] = {
    # YAML syntax
    "yaml-syntax": [
        'glossary/kasite.yaml:9: the YAML cannot be read: a \': \' (colon and space) where none is expected. If it is inside a text, put the whole text in double quotes, e.g. fi: "Huom: ..."; otherwise check the indentation.',
    ],
    "yaml-tab": [
        "glossary/kasite.yaml:5: the YAML cannot be read: a tab character; indent with spaces only.",
    ],
    "unclosed-quote": [
        "glossary/kasite.yaml:7: the YAML cannot be read: a quote is opened but never closed; end the text with the same quote mark.",
    ],
    "question-mark-in-braces": [
        'decision_trees/puu.yaml:9: the YAML cannot be read: a text inside { } or [ ] contains a comma, colon, question mark or bracket; put that text in double quotes, e.g. {fi: "Onko asiakas työtön?", en: ...}.',
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
        "decision_trees/puu.yaml:28: 'kysymys-3' is missing 'if_not_sure'; add a line 'if_not_sure: ...' to it.",
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
        'decision_trees/puu.yaml:15: \'en\' should be a text, but YAML reads a bare yes, no, on or off as true or false; put the text in quotes, e.g. en: "No".',
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
        "glossary/uusi.yaml:1: the file is empty; write the entry or delete the file.",
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
        "decision_trees/puu.yaml:36: there is no service with id 'tyokokeilu'; check the spelling (the id of a glossary entry that has a 'service:' block), or add that service to glossary/.",
    ],
    "unknown-source": [
        "glossary/kasite.yaml:11: there is no source with id 'lahde-c' in sources.yaml; check the spelling, or add the source to sources.yaml.",
    ],
    # related to a concept above or below it in the hierarchy (SKOS S27), also transitively
    "related-and-broader": [
        "glossary/kasite.yaml:13: 'palvelu' is listed as related, but it is also a broader concept of 'kasite' (kasite → palvelu, through 'broader'); a concept cannot be both. Remove 'palvelu' from 'related': the broader relation already links them.",
    ],
    "related-and-narrower-transitive": [
        "glossary/toinen-palvelu.yaml:12: 'kasite' is listed as related, but it is also a narrower concept of 'toinen-palvelu' (kasite → palvelu → toinen-palvelu, through 'broader'); a concept cannot be both. Remove 'kasite' from 'related': the broader relation already links them.",
    ],
    # an outcome whose target is a concept that is not a service
    "outcome-not-service": [
        "decision_trees/puu.yaml:36: 'kasite' is a glossary entry but not a service: an outcome must name a service (a glossary entry with a 'service:' block). Name a service here, or add a 'service:' block to that entry.",
    ],
    # answer targets that do not exist (and a root that does not)
    "missing-target": [
        "decision_trees/puu.yaml:31: 'if_no' of 'kysymys-3' leads to 'kysymys-4', which is not a node of this tree; fix the id after 'if_no:' or add that node.",
    ],
    "missing-root": [
        "decision_trees/puu.yaml:6: the root 'kysymys-0' is not a node of this tree; after 'root:' write the id of the first question under 'nodes'.",
        "decision_trees/puu.yaml:14: option 'muu' of 'valinta' leads to 'kysymys-4', which is not a node of this tree; fix the id after 'next:' or add that node.",
    ],
    "root-outcome": [
        "decision_trees/puu.yaml:6: the root 'palvelu' is an outcome, but the root must be a question; after 'root:' write the id of the first question.",
    ],
    # cycles
    "cycle": [
        "decision_trees/puu.yaml:26: 'if_no' of 'kysymys-2' leads back to 'kysymys-1', so the tree goes round in a circle (kysymys-1 → kysymys-2 → kysymys-1); lead it to a later question or an outcome.",
    ],
    "cycle-to-itself": [
        "decision_trees/puu.yaml:26: 'if_no' of 'kysymys-2' leads back to 'kysymys-2', so the tree goes round in a circle (kysymys-2 → kysymys-2); lead it to a later question or an outcome.",
    ],
    # nodes unreachable from the root
    "unreachable": [
        "decision_trees/puu.yaml:37: node 'kolmas-palvelu' cannot be reached from the root 'valinta'; lead an answer to it or delete it.",
    ],
    # a choice with fewer than two options (the schema's minItems: an ask-node always has
    # yes, no and not sure), or two options alike
    "one-answer": [
        "decision_trees/puu.yaml:10: 'options' has only 1 item; write at least 2 items under it.",
    ],
    "duplicate-answer": [
        "decision_trees/puu.yaml:14: question 'valinta' has two options with id 'tyo' (the other on line 11); give each option its own id.",
        "decision_trees/puu.yaml:14: question 'valinta' has two answers labelled 'Työtä' (fi, the other on line 11); make the labels differ ('not sure' is always an answer: no option needs it).",
    ],
    # missing or empty fi or en text, and languages the site does not have
    "missing-text": [
        "glossary/kasite.yaml:9: the English text of item 1 of 'definitions' is missing or empty; add 'en: ...' to it.",
        "glossary/kasite.yaml:12: the Finnish text of 'note' is missing or empty; add 'fi: ...' to it.",
    ],
    "missing-text-tree": [
        "decision_trees/puu.yaml:9: the English text of 'question' is missing or empty; add 'en: ...' to it.",
        "decision_trees/puu.yaml:15: the Finnish text of 'label' is missing or empty; add 'fi: ...' to it.",
    ],
    "unknown-language": [
        "glossary/kasite.yaml:8: 'sv' is not a language of the site (languages.yaml); remove it or add the language there.",
        "glossary/kasite.yaml:13: 'sv' is not a language of the site (languages.yaml); remove it or add the language there.",
    ],
    # tree too deep
    "too-deep": [
        "decision_trees/puu.yaml:89: 'kysymys-9' is question number 9 on the path kysymys-1 → kysymys-2 → kysymys-3 → kysymys-4 → kysymys-5 → kysymys-6 → kysymys-7 → kysymys-8 → kysymys-9; a path may ask at most 8 questions. Split the tree in two, or lead that path past questions it does not need (one condition per question: never combine them).",
    ],
    "too-deep-shared": [
        "decision_trees/puu.yaml:89: 'kysymys-8' is question number 9 on the path kysymys-1 → kysymys-10 → kysymys-2 → kysymys-3 → kysymys-4 → kysymys-5 → kysymys-6 → kysymys-7 → kysymys-8; a path may ask at most 8 questions. Split the tree in two, or lead that path past questions it does not need (one condition per question: never combine them).",
    ],
    # files the loader would skip
    "yml-extension": [
        "glossary/kolmas-kasite.yml:1: this file is not read: content files end in '.yaml'; rename it to kolmas-kasite.yaml.",
    ],
    # several mistakes in one tree, all reported in one run
    "several-in-one-tree": [
        "decision_trees/puu.yaml:4: the English text of 'introduction' is missing or empty; add 'en: ...' to it.",
        "decision_trees/puu.yaml:5: there is no source with id 'lahde-x' in sources.yaml; check the spelling, or add the source to sources.yaml.",
        "decision_trees/puu.yaml:14: question 'valinta' has two options with id 'tyo' (the other on line 11); give each option its own id.",
        "decision_trees/puu.yaml:21: 'if_no' of 'kysymys-1' leads to 'kysymys-4', which is not a node of this tree; fix the id after 'if_no:' or add that node.",
        "decision_trees/puu.yaml:36: there is no service with id 'tyokokeilu'; check the spelling (the id of a glossary entry that has a 'service:' block), or add that service to glossary/.",
        "decision_trees/puu.yaml:37: node 'kolmas-palvelu' cannot be reached from the root 'valinta'; lead an answer to it or delete it.",
    ],
    # conditions (conditions/*.yaml) and the proof that every tree asks them
    # a path reaches a service without asking one of its required conditions
    "path-without-required": [
        "decision_trees/puu.yaml:33: outcome 'palvelu' (palvelu) is reached by the path valinta:tyo,kysymys-2:kylla without asking 'ehto-a', a required condition of that service (conditions/palvelu.yaml:4); add a question 'ask: ehto-a' on that path, or lead the path to a consult outcome.",
    ],
    # a path on which a required condition was answered 'no' still reaches the service
    "denied-required": [
        "decision_trees/puu.yaml:33: outcome 'palvelu' (palvelu) is reached by the path valinta:tyo,kysymys-1:ei,kysymys-2:kylla, on which the answer was 'no' to 'ehto-a', a required condition of that service (conditions/palvelu.yaml:4); lead that 'no' to another outcome or a consult outcome.",
    ],
    # a question asks an id that is no condition
    "unknown-condition": [
        "decision_trees/puu.yaml:23: question 'kysymys-2' asks 'ehto-x', which is not a condition; fix the id after 'ask:' (the id of a condition in conditions/*.yaml), or add that condition to its service's conditions file.",
    ],
    # weighed and access conditions are listed with the result, never asked as gates
    "weighed-as-gate": [
        "decision_trees/puu.yaml:23: question 'kysymys-2' asks 'harkinta', a weighed condition (conditions/palvelu.yaml:12); only required conditions are gates a tree may ask. The result lists weighed and access conditions by itself: remove this question, or ask a required condition.",
    ],
    # a weighed condition is never asked, so it has no question
    "weighed-with-question": [
        "conditions/palvelu.yaml:14: condition 'harkinta' is weighed, so no tree asks it; remove its 'question' and 'help', or make it 'kind: required' if the source states it as a gate.",
    ],
    "access-as-gate": [
        "decision_trees/puu.yaml:23: question 'kysymys-2' asks 'lahete', an access condition (conditions/palvelu.yaml:15); only required conditions are gates a tree may ask. The result lists weighed and access conditions by itself: remove this question, or ask a required condition.",
    ],
    # one condition id in two conditions files
    "duplicate-condition-id": [
        "conditions/toinen-palvelu.yaml:8: the condition id 'ehto-a' is already used at conditions/palvelu.yaml:4; every id must be unique: rename one of them.",
    ],
    # one service's conditions split over two files
    "two-conditions-files": [
        "conditions/palvelu.yaml:2: service 'palvelu' has conditions in two files, conditions/palvelu-lisaehdot.yaml and conditions/palvelu.yaml; a service's conditions stand in one file, conditions/palvelu.yaml: move them all there and delete the other file.",
    ],
    # a path asks the same condition twice
    "asked-twice": [
        "decision_trees/puu.yaml:28: question 'kertaus' asks 'ehto-a' again on the path valinta:tyo,kysymys-1:kylla,kysymys-2:ei,kertaus:kylla,kysymys-3:kylla, which asked it at 'kysymys-1'; ask each condition once on a path (lead that answer past this question).",
    ],
    # 'not sure' must lead to a consult: never a guess (and the path it makes is refused too)
    "not-sure-not-consult": [
        "decision_trees/puu.yaml:32: 'not sure' of question 'kysymys-3' leads to 'toinen-palvelu', which is not a consult outcome; never guess: lead it to an outcome with 'consult: true'.",
        "decision_trees/puu.yaml:35: outcome 'toinen-palvelu' (toinen-palvelu) is reached by the path valinta:tyo,kysymys-1:kylla,kysymys-2:ei,kysymys-3:en-tieda, on which the answer was 'not sure' to 'ehto-c', a required condition of that service (conditions/toinen-palvelu.yaml:4); lead that 'not sure' to a consult outcome.",
    ],
    # texts for staff speak of the client in the third person (question fi, rule en)
    "second-person": [
        "conditions/toinen-palvelu.yaml:4: the question of condition 'ehto-c' (fi) speaks to the client ('Kuulutko'); texts are for staff: speak of the client in the third person, e.g. 'Onko asiakas ...?' / 'Is the client ...?'.",
        "conditions/toinen-palvelu.yaml:7: the rule of condition 'ehto-c' (en) speaks to the client ('you'); texts are for staff: speak of the client in the third person, e.g. 'Onko asiakas ...?' / 'Is the client ...?'.",
    ],
    # same_as names a condition that does not exist (no traceback, no follow-on messages)
    "same-as-unknown": [
        "conditions/toinen-palvelu.yaml:8: condition 'toinen-a' is 'same_as: ehto-x', but there is no condition with that id; fix the id after 'same_as:' (the id of a condition in another conditions file).",
    ],
    # a glossary service still has its old 'conditions:' block: say where conditions live now
    "conditions-in-glossary": [
        "glossary/palvelu.yaml:20: a service's conditions no longer stand in its glossary entry: they live in conditions/palvelu.yaml, one condition each with id, kind, question and rule (see conditions/*.yaml). Move them there and delete 'conditions' here.",
    ],
    # the same mistake in two trees: reported once per tree file, in one run
    "same-mistake-in-two-trees": [
        "decision_trees/puu.yaml:33: outcome 'palvelu' (palvelu) is reached by the path valinta:tyo,kysymys-1:kylla,kysymys-2:ei, on which the answer was 'no' to 'ehto-b', a required condition of that service (conditions/palvelu.yaml:8); lead that 'no' to another outcome or a consult outcome.",
        "decision_trees/toinen-puu.yaml:33: outcome 'palvelu' (palvelu) is reached by the path valinta:tyo,kysymys-1:kylla,kysymys-2:ei, on which the answer was 'no' to 'ehto-b', a required condition of that service (conditions/palvelu.yaml:8); lead that 'no' to another outcome or a consult outcome.",
    ],
    # a same_as naming a condition that is itself same_as another: name the first one directly
    "same-as-chain": [
        "conditions/toinen-palvelu.yaml:11: condition 'toinen-b' is 'same_as: toinen-a', but 'toinen-a' is itself 'same_as: ehto-a': name 'ehto-a' directly; fix the id after 'same_as:' (the id of a condition in another conditions file).",
    ],
    # a conditions file for a glossary entry that is no service
    "conditions-of-a-non-service": [
        "conditions/kasite.yaml:2: 'kasite' is a glossary entry but not a service: a conditions file must name a service (a glossary entry with a 'service:' block). Name a service here, or add a 'service:' block to that entry.",
    ],
    # a tree still in the old form (answers, rule, why): one message per old field, saying what replaced it
    "old-format-tree": [
        "decision_trees/puu.yaml:10: a tree no longer states rules: the rule, its source and the question come from the condition the node asks ('ask: <condition id>', conditions/*.yaml). Delete 'rule' here.",
        "decision_trees/puu.yaml:11: 'answers' is the old form of a question. A question now asks one condition ('ask: <condition id>' with 'if_yes', 'if_no' and 'if_not_sure'), or is a choice ('question', 'options' each with id, label and next, and 'if_not_sure').",
        "decision_trees/puu.yaml:20: a tree no longer states rules: the rule, its source and the question come from the condition the node asks ('ask: <condition id>', conditions/*.yaml). Delete 'rule' here.",
        "decision_trees/puu.yaml:21: 'answers' is the old form of a question. A question now asks one condition ('ask: <condition id>' with 'if_yes', 'if_no' and 'if_not_sure'), or is a choice ('question', 'options' each with id, label and next, and 'if_not_sure').",
        "decision_trees/puu.yaml:30: an outcome no longer has a hand-written 'why': the result explains itself from the conditions asked on its path. Delete 'why' here.",
        "decision_trees/puu.yaml:33: an outcome no longer has a hand-written 'why': the result explains itself from the conditions asked on its path. Delete 'why' here.",
    ],
}


def test_every_fixture_has_a_case():
    assert sorted(CASES) == sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def test_the_base_fixture_is_valid(tmp_path):
    content = load_content(fixture_project(tmp_path))
    assert set(content.concepts) == {"arviointi", "kasite", "palvelu", "toinen-palvelu"}
    assert set(content.services) == {"arviointi", "palvelu", "toinen-palvelu"}
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
        "leads to 'kysymys-4'",  # answer target that does not exist
        "two options with id 'tyo'",  # a choice with two options alike
        "no service with id 'tyokokeilu'",  # unknown service
        "'kolmas-palvelu' cannot be reached",  # unreachable node
    ]:
        assert mistake in messages
    assert len(raised.value.problems) == 6


def test_the_same_mistake_in_two_trees_is_reported_once_per_tree_file(tmp_path):
    with pytest.raises(ContentError) as raised:
        load_content(fixture_project(tmp_path, "same-mistake-in-two-trees"))
    files = sorted(str(p.path) for p in raised.value.problems)
    assert files == ["decision_trees/puu.yaml", "decision_trees/toinen-puu.yaml"]
    assert len({p.message for p in raised.value.problems}) == 1  # the same mistake, word for word


def test_the_base_tree_is_proved_not_vacuously_valid(tmp_path):
    """The valid base is a real proof: its services have required conditions, its paths
    affirm them, and the check refuses the tree once a question is skipped."""
    content = load_content(fixture_project(tmp_path))
    tree = content.trees["puu"]
    results = {r.state: r for r in path_results(content, tree)}
    both = results["valinta:tyo,kysymys-1:kylla,kysymys-2:kylla"]
    assert (both.fitting, both.affirmed) == (("palvelu",), ("ehto-a", "ehto-b"))
    assert results["valinta:muu,kysymys-3:kylla"].fitting == ("toinen-palvelu",)
    assert all(r.consult for state, r in results.items() if state.endswith("en-tieda"))
    assert check_tree_conditions(content, tree) == []
    first = tree.nodes["kysymys-1"]
    assert isinstance(first, Question)
    skips = replace(first, answers=tuple(replace(a, next="palvelu") if a.id == YES else a for a in first.answers))
    problems = check_tree_conditions(content, replace(tree, nodes={**tree.nodes, "kysymys-1": skips}))
    assert [p.message.split(" without ")[1][:17] for p in problems] == ["asking 'ehto-b', "]


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
    assert capsys.readouterr().out.startswith("OK: 4 concepts (3 services), 1 decision trees")


def test_validate_in_the_wrong_folder_says_where_to_run_it(tmp_path, capsys):
    assert cli.main(["--root", str(tmp_path), "validate"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "languages.yaml:1: languages.yaml is missing; run the command in the project folder "
        "(the one with glossary/ and decision_trees/), or name that folder with --root."
    )
