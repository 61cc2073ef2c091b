"""What each path of a decision tree establishes, and the proof that every tree asks the
conditions of the services it names.

A question that asks a condition (conditions/*.yaml) affirms it with "yes", denies it
with "no" and leaves it open with "not sure". A path fits a service when it affirms every
required condition of that service and denies none. The outcome a path ends in must fit
(or be a consult), and every other service the path happens to fit is shown with it: the
sources do not rank services. Weighed and access conditions are never asked; the result
lists them. The same functions feed the validator, the golden file, the flowchart page
and the vignette tests, so the page can never say what the check did not prove.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handbook.model import NO, NOT_SURE, YES, Content, DecisionTree, Outcome, Problem, Question, Text

# Text for staff speaks of the client in the third person: "Onko asiakas ...", never
# "olet", "sinulla" or "you".
_SECOND_PERSON = re.compile(
    r"\b(olet|oletko|sinä|sinulla|sinun|sinua|sinut|sinulle|sinulta|olette|teillä|teidän|teille|teitä"
    r"|you|your|yours|yourself"
    # A question verb in the second person singular: kuulutko, tarvitsetko, asutko; not the
    # third person plural (ovatko, sopivatko) nor nouns such as jatko, katko.
    r"|\w{3,}(?<!va)(?<!vä)(?<!ja)(?<!ka)(?<!ma)tk[oö])\b",
    re.IGNORECASE,
)


_ARTICLE = {"required": "a", "weighed": "a", "access": "an"}


@dataclass(frozen=True)
class Step:
    node: str
    answer: str
    condition: str | None  # the canonical id of the condition the node asks, if any


@dataclass(frozen=True)
class PathResult:
    """One root-to-leaf path and what it establishes."""

    steps: tuple[Step, ...]
    outcome: str  # the outcome node's id
    service: str  # the outcome node's service
    consult: bool
    affirmed: tuple[str, ...]  # canonical condition ids, in the order asked
    denied: tuple[str, ...]
    unsure: tuple[str, ...]
    fitting: tuple[str, ...]  # services the path fits, the outcome's own first

    @property
    def state(self) -> str:
        return ",".join(f"{s.node}:{s.answer}" for s in self.steps)


def required_of(content: Content, service_id: str) -> list[str]:
    """The canonical ids of a service's required conditions."""
    return list(content.required(service_id))


def services_of(content: Content, tree: DecisionTree) -> list[str]:
    """Every service a path of the tree can fit, in id order: its outcomes' services and
    every service whose required conditions the tree asks."""
    asked = {
        content.canonical(n.condition) for n in tree.nodes.values() if isinstance(n, Question) and n.condition
    }
    named = {n.service for n in tree.nodes.values() if isinstance(n, Outcome)}
    return sorted(
        s
        for s in content.services
        if s in named or (content.required(s) and set(content.required(s)) <= asked)
    )


def fitting_services(
    content: Content, affirmed: set[str], denied: set[str], outcome: Outcome | None = None
) -> list[str]:
    """Every service whose required conditions are all affirmed and none denied: the
    outcome's own service first (when it is no consult), then the others in id order."""
    found = []
    if outcome is not None and not outcome.consult:
        found.append(outcome.service)
    for service_id in sorted(content.services):
        required = content.required(service_id)
        meets = required and all(c in affirmed for c in required) and not any(c in denied for c in required)
        if meets and service_id not in found:
            found.append(service_id)
    return found


def evaluate(content: Content, tree: DecisionTree, answers: tuple[tuple[str, str], ...]) -> PathResult:
    """What the answers of one root-to-leaf path establish."""
    steps, affirmed, denied, unsure = [], [], [], []
    for node_id, answer_id in answers:
        node = tree.nodes[node_id]
        assert isinstance(node, Question)
        condition = content.canonical(node.condition) if node.condition else None
        steps.append(Step(node_id, answer_id, condition))
        if condition is not None:
            {YES: affirmed, NO: denied, NOT_SURE: unsure}[answer_id].append(condition)
    last = tree.nodes[answers[-1][0]] if answers else tree.nodes[tree.root]
    assert isinstance(last, Question)
    outcome_id = next(a.next for a in last.answers if a.id == answers[-1][1]) if answers else tree.root
    outcome = tree.nodes[outcome_id]
    assert isinstance(outcome, Outcome)
    return PathResult(
        steps=tuple(steps),
        outcome=outcome_id,
        service=outcome.service,
        consult=outcome.consult,
        affirmed=tuple(affirmed),
        denied=tuple(denied),
        unsure=tuple(unsure),
        fitting=tuple(fitting_services(content, set(affirmed), set(denied), outcome)),
    )


def path_results(content: Content, tree: DecisionTree) -> list[PathResult]:
    return [evaluate(content, tree, steps) for steps, _ in tree.paths()]


def answer_for(
    content: Content, tree: DecisionTree, facts: dict[str, str | bool], choices: dict[str, str]
) -> PathResult:
    """Walk a tree for one client: `facts` maps condition ids to "yes"/"no" (a missing
    fact is answered "not sure"), `choices` maps choice nodes to the option taken."""
    answers: list[tuple[str, str]] = []
    node = tree.nodes[tree.root]
    canonical_facts = {content.canonical(cid): value for cid, value in facts.items()}
    while isinstance(node, Question):
        if node.condition:
            value = canonical_facts.get(content.canonical(node.condition))
            # YAML reads a bare yes/no as true/false: both spellings mean the same, and
            # anything else is a mistake, never a silent "not sure".
            if value not in (None, True, False, "yes", "no"):
                raise ValueError(f"the fact '{node.condition}' is {value!r}: write yes or no, or omit it")
            answer = {True: YES, "yes": YES, False: NO, "no": NO}.get(value, NOT_SURE)
        else:
            answer = choices.get(node.id, NOT_SURE)
        answers.append((node.id, answer))
        target = next((a.next for a in node.answers if a.id == answer), None)
        if target is None:
            raise ValueError(f"'{answer}' is not an option of '{node.id}' in tree '{tree.id}'")
        node = tree.nodes[target]
    return evaluate(content, tree, tuple(answers))


def check_conditions(content: Content) -> list[Problem]:
    """Conditions of services only, in the third person."""
    problems = []
    for condition in content.conditions.values():
        if condition.service in content.concepts and content.concepts[condition.service].service is None:
            continue  # reported as a reference to a concept that is not a service
        source = content.sources.get(condition.rule.source)
        if source is not None and source.scope is not None and condition.rule.loc.path == condition.loc.path:
            region = source.scope.region.get("en") or next(iter(source.scope.region.values()))
            problems.append(
                Problem(
                    condition.rule.loc.path,
                    condition.rule.loc.line,
                    f"condition '{condition.id}' rests on '{condition.rule.source}', which describes one "
                    f"region's practice ({region}); a region's practice is never a condition of a "
                    "Helsinki service. Cite the law or the Helsinki source that states the condition, "
                    "or put the practice on the service page as a statement with 'scope: regional'.",
                )
            )
        # A same_as condition shows the other one's question (and rule, without words of
        # its own): those are checked where they are written.
        texts: list[tuple[str, Text | None, int]] = []
        if not condition.same_as:
            texts += [
                ("question", condition.question, condition.loc.line),
                ("help", condition.help, condition.loc.line),
            ]
        if condition.rule.loc.path == condition.loc.path:
            texts.append(("rule", condition.rule.text or None, condition.rule.loc.line))
        for what, text, line in texts:
            for lang, value in (text or {}).items():
                match = _SECOND_PERSON.search(value)
                if match:
                    problems.append(
                        Problem(
                            condition.loc.path,
                            line,
                            f"the {what} of condition '{condition.id}' ({lang}) speaks to the client "
                            f"('{match.group(0)}'); texts are for staff: speak of the client in the "
                            "third person, e.g. 'Onko asiakas ...?' / 'Is the client ...?'.",
                        )
                    )
    return problems


def check_tree_conditions(content: Content, tree: DecisionTree) -> list[Problem]:
    """Each question asks a known required condition, once per path; every path to a
    service affirms all of that service's required conditions and denies none."""
    problems: list[Problem] = []
    path = tree.loc.path
    broken = False
    for node in tree.nodes.values():
        if not isinstance(node, Question) or node.condition is None:
            continue
        condition = content.conditions.get(node.condition)
        if condition is None:
            broken = True
            problems.append(
                Problem(
                    path,
                    node.loc.line,
                    f"question '{node.id}' asks '{node.condition}', which is not a condition; "
                    "fix the id after 'ask:' (the id of a condition in conditions/*.yaml), or add "
                    "that condition to its service's conditions file.",
                )
            )
        elif condition.kind != "required":
            broken = True
            problems.append(
                Problem(
                    path,
                    node.loc.line,
                    f"question '{node.id}' asks '{node.condition}', {_ARTICLE[condition.kind]} "
                    f"{condition.kind} condition "
                    f"({condition.loc}); only required conditions are gates a tree may ask. The result "
                    "lists weighed and access conditions by itself: remove this question, or ask a "
                    "required condition.",
                )
            )
    for node in tree.nodes.values():
        if isinstance(node, Question):
            unsure = next((a for a in node.answers if a.id == NOT_SURE), None)
            target = tree.nodes.get(unsure.next) if unsure else None
            if unsure and isinstance(target, Question | Outcome) and not (
                isinstance(target, Outcome) and target.consult
            ):
                problems.append(
                    Problem(
                        path,
                        unsure.loc.line,
                        f"'not sure' of question '{node.id}' leads to '{unsure.next}', which is not a "
                        "consult outcome; never guess: lead it to an outcome with 'consult: true'.",
                    )
                )
    if broken:
        return problems

    # Runs only on a tree whose graph passed check_tree, which also limits its paths.
    paths = tree.paths() or []
    reported: set[tuple[str, str, str]] = set()
    for answers, _ in paths:
        result = evaluate(content, tree, answers)
        seen: dict[str, str] = {}
        for step in result.steps:
            if step.condition is None:
                continue
            if step.condition in seen and (step.node, "twice", step.condition) not in reported:
                reported.add((step.node, "twice", step.condition))
                node = tree.nodes[step.node]
                problems.append(
                    Problem(
                        path,
                        node.loc.line,
                        f"question '{step.node}' asks '{step.condition}' again on the path "
                        f"{result.state}, which asked it at '{seen[step.condition]}'; ask each "
                        "condition once on a path (lead that answer past this question).",
                    )
                )
            seen.setdefault(step.condition, step.node)
        if result.consult:
            continue
        outcome = tree.nodes[result.outcome]
        for condition_id in required_of(content, result.service):
            answered = "denied" if condition_id in result.denied else "missing"
            if condition_id in result.unsure:
                answered = "unsure"
            key = (result.outcome, condition_id, answered)
            if key in reported:
                continue
            condition = content.conditions[condition_id]
            if condition_id in result.denied:
                reported.add(key)
                problems.append(
                    Problem(
                        path,
                        outcome.loc.line,
                        f"outcome '{result.outcome}' ({result.service}) is reached by the path "
                        f"{result.state}, on which the answer was 'no' to '{condition_id}', a "
                        f"required condition of that service ({condition.loc}); lead that 'no' to "
                        "another outcome or a consult outcome.",
                    )
                )
            elif condition_id in result.unsure:
                # "without asking" would be untrue: it was asked, and nobody knew.
                reported.add(key)
                problems.append(
                    Problem(
                        path,
                        outcome.loc.line,
                        f"outcome '{result.outcome}' ({result.service}) is reached by the path "
                        f"{result.state}, on which the answer was 'not sure' to '{condition_id}', a "
                        f"required condition of that service ({condition.loc}); lead that 'not sure' "
                        "to a consult outcome.",
                    )
                )
            elif condition_id not in result.affirmed:
                reported.add(key)
                problems.append(
                    Problem(
                        path,
                        outcome.loc.line,
                        f"outcome '{result.outcome}' ({result.service}) is reached by the path "
                        f"{result.state or '(no answers)'} without asking '{condition_id}', a required "
                        f"condition of that service ({condition.loc}); add a question 'ask: "
                        f"{condition_id}' on that path, or lead the path to a consult outcome.",
                    )
                )
    return problems


def check_eligibility(content: Content) -> list[Problem]:
    problems = check_conditions(content)
    for tree in content.trees.values():
        problems.extend(check_tree_conditions(content, tree))
    return problems
