"""The decision tree pages in real headless Chromium, as a worker uses them.

Every root-to-leaf path of the golden file is clicked through in both languages; the
answers live in the address, so back, reload, a copied link and the language switch
must restore them; nothing is stored or sent; axe finds no WCAG A/AA violations; and
without JavaScript the same tree can be walked by following links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from handbook.eligibility import evaluate
from handbook.model import Content, Outcome, Question

pytestmark = pytest.mark.browser

GOLDEN = Path(__file__).resolve().parent / "golden" / "tree_paths.txt"
LINE = re.compile(
    r"^(?P<tree>\S+) (?P<state>\S+) -> (?P<outcome>\S+) = (?P<service>\S+)( \(consult\))?( \| .*)?$"
)
AXE_TAGS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}}


@dataclass(frozen=True)
class GoldenPath:
    tree: str
    state: str
    outcome: str
    service: str

    @property
    def steps(self) -> list[tuple[str, str]]:
        return [tuple(step.split(":")) for step in self.state.split(",")]  # type: ignore[misc]


def golden_paths() -> list[GoldenPath]:
    paths = []
    for line in GOLDEN.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            m = LINE.match(line)
            assert m, f"unreadable golden line: {line}"
            paths.append(GoldenPath(m["tree"], m["state"], m["outcome"], m["service"]))
    return paths


def lang_prefix(content: Content, lang: str) -> str:
    return "" if lang == content.languages.default else f"{lang}/"


def tree_url(base_url: str, content: Content, lang: str, tree_id: str) -> str:
    return f"{base_url}{lang_prefix(content, lang)}flowcharts/{tree_id}/"


def heading(page) -> str:
    # The DOM text: CSS capitalises the first letter of a result on screen.
    return page.locator(".hb-flow-app .hb-current-heading").text_content().strip()


def shown(page, state: str) -> None:
    """Wait until the page shows the view of these answers (it renders on hashchange)."""
    page.locator(f'.hb-flow-app[data-state="{state}"]').wait_for(state="attached")


def click_answer(page, state_so_far: str) -> None:
    # A hash link: nothing to wait for after the click but the view of the new answers.
    page.locator(f'.hb-flow-app a.hb-choice[href="#a={state_so_far}"]').click(no_wait_after=True)
    shown(page, state_so_far)


def walk(page, path: GoldenPath) -> None:
    """Click the answers of a path one by one, as a worker would."""
    so_far: list[str] = []
    for node, answer in path.steps:
        so_far.append(f"{node}:{answer}")
        click_answer(page, ",".join(so_far))


def no_axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    # Material's footer credit line fails colour contrast on every page of the site; it
    # is the theme's, not this page's, and is left to the site-wide theme work.
    result = Axe().run(page, context={"exclude": [[".md-copyright"]]}, options=AXE_TAGS)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in result.response["violations"]
    ]


# --- every path, both languages ---------------------------------------------------------


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_every_golden_path_shows_its_outcome(page, base_url, content, lang):
    """Click through every path of every tree, depth first: choose an answer, explore
    what follows, come back with the page's Back link, choose the next answer. Each
    root-to-leaf path is clicked exactly once, and the outcomes seen must be the golden
    file's."""
    golden = {(p.tree, p.state): p for p in golden_paths()}
    assert {tree for tree, _ in golden} == set(content.trees), "golden file and trees differ"
    result_word = content.languages.word("result", lang)
    seen: dict[tuple[str, str], str] = {}

    def explore(tree, state: str, node_id: str) -> None:
        assert page.locator(".hb-flow-app").get_attribute("data-node") == node_id, state
        node = tree.nodes[node_id]
        if isinstance(node, Outcome):
            path = golden.get((tree.id, state))
            assert path is not None, f"{tree.id}: {state} reached an outcome not in the golden file"
            assert node.id == path.outcome and node.service == path.service
            result = evaluate(content, tree, tuple(path.steps))
            main = result.service if result.consult else result.fitting[0]
            assert heading(page) == content.concepts[main].term(lang), path
            # The result explains itself from the path: exactly the conditions asked, in
            # order, each with its rule; and every service the answers fit.
            card = page.locator(".hb-flow-app .hb-result-card")
            asked = card.locator(".hb-reasons > li")
            listed = asked.evaluate_all("items => items.map(i => i.dataset.condition)")
            asked_steps = [s for s in result.steps if s.condition]
            assert listed == [s.condition for s in asked_steps], path
            for i, step in enumerate(asked_steps):
                assert tree.nodes[step.node].rule.text[lang] in asked.nth(i).inner_text(), path
            fits = card.locator(".hb-fitting .hb-result-service").evaluate_all(
                "blocks => blocks.map(b => b.dataset.service)"
            )
            assert fits == list(result.fitting), path
            assert page.title().startswith(f"{result_word}: ")
            assert page.locator(".hb-flow-app button.hb-print").is_visible()
            seen[(tree.id, state)] = node.id
            return
        assert heading(page) == node.question[lang]
        for answer in node.answers:
            step = f"{node.id}:{answer.id}"
            next_state = f"{state},{step}" if state else step
            click_answer(page, next_state)
            explore(tree, next_state, answer.next)
            page.locator(".hb-flow-app a.hb-back").click(no_wait_after=True)
            shown(page, state)

    for tree in content.trees.values():
        page.goto(tree_url(base_url, content, lang, tree.id))
        explore(tree, "", tree.root)
    assert seen == {key: p.outcome for key, p in golden.items()}
    assert page.external_requests == []


# --- state in the address ---------------------------------------------------------------


def first_two_steps(content: Content, tree_id: str) -> tuple[str, str, Question]:
    """The state after two answers of a tree, and the question it leads to."""
    for path in golden_paths():
        if path.tree == tree_id and len(path.steps) >= 3:
            one = ":".join(path.steps[0])
            two = f"{one},{':'.join(path.steps[1])}"
            question = content.trees[tree_id].nodes[path.steps[2][0]]
            assert isinstance(question, Question)
            return one, two, question
    raise AssertionError(f"{tree_id} has no path of three questions")


def test_back_reload_and_a_copied_link_restore_the_answers(browser, page, base_url, content):
    tree = content.trees["tuettu-tyollistyminen"]
    one, two, third = first_two_steps(content, tree.id)
    second = tree.nodes[two.split(",")[1].split(":")[0]]
    assert isinstance(second, Question)
    page.goto(tree_url(base_url, content, "fi", tree.id))
    click_answer(page, one)
    click_answer(page, two)
    assert heading(page) == third.question["fi"]
    assert page.locator(".hb-your-answers .hb-answer-row").count() == 2

    page.go_back()
    shown(page, one)
    assert heading(page) == second.question["fi"]
    page.go_forward()
    shown(page, two)
    assert heading(page) == third.question["fi"]

    page.reload()
    assert heading(page) == third.question["fi"]
    assert page.locator(".hb-your-answers .hb-answer-row").count() == 2

    copied = page.url
    other = browser.new_context()
    try:
        fresh = other.new_page()
        fresh.goto(copied)
        assert heading(fresh) == third.question["fi"]
        assert fresh.locator(".hb-your-answers .hb-answer-row").count() == 2
    finally:
        other.close()

    # "Change" on the first answer goes back to that question, keeping nothing after it.
    page.locator(".hb-your-answers a.hb-change").first.click()
    shown(page, "")
    assert heading(page) == tree.nodes[tree.root].question["fi"]
    assert page.url.endswith("#a=")


def test_back_link_and_an_unknown_answer_in_the_address(page, base_url, content):
    tree = content.trees["tyokyvyn-tuki"]
    one, two, third = first_two_steps(content, tree.id)
    page.goto(tree_url(base_url, content, "en", tree.id) + f"#a={two}")
    assert heading(page) == third.question["en"]
    page.locator(".hb-flow-app a.hb-back").click()
    shown(page, one)
    assert page.url.endswith(f"#a={one}")
    # A link that names an answer the tree does not have stops at the last valid answer.
    page.goto(tree_url(base_url, content, "en", tree.id) + f"#a={one},nonsense:x")
    second = tree.nodes[two.split(",")[1].split(":")[0]]
    assert isinstance(second, Question)
    assert heading(page) == second.question["en"]
    # A mangled link starts from the first question, without a script error.
    page.goto(tree_url(base_url, content, "en", tree.id) + "#a=%E0%A4%A")
    assert heading(page) == tree.nodes[tree.root].question["en"]
    # (Material's language selector asks for a sitemap.xml beside the page and logs the
    # 404 as "Failed to load resource"; any script error would be listed too.)
    assert [e for e in page.console_errors if "Failed to load resource" not in e] == []


def test_switching_language_keeps_the_question_and_answers(page, base_url, content):
    tree = content.trees["palvelupolku"]
    one, two, third = first_two_steps(content, tree.id)
    page.goto(tree_url(base_url, content, "fi", tree.id))
    click_answer(page, one)
    click_answer(page, two)
    switch = page.locator('.md-select a[hreflang="en"]').first
    assert switch.get_attribute("href").endswith(f"#a={two}")
    page.locator(".md-header__option .md-header__button").first.hover()
    switch.click()
    page.wait_for_url(re.compile(r"/en/flowcharts/"))
    assert heading(page) == third.question["en"]
    assert page.locator(".hb-your-answers .hb-answer-row").count() == 2


# --- keyboard, focus, live region, title, diagram ----------------------------------------


def test_keyboard_only_focus_moves_to_the_new_question_and_is_announced(page, base_url, content):
    tree = content.trees["vammaisten-tyollistyminen"]
    root = tree.nodes[tree.root]
    assert isinstance(root, Question)
    page.goto(tree_url(base_url, content, "en", tree.id))
    first_answer = page.locator(".hb-flow-app a.hb-choice").first
    first_answer.focus()
    page.keyboard.press("Enter")
    shown(page, f"{tree.root}:{root.answers[0].id}")
    next_question = tree.nodes[root.answers[0].next]
    assert isinstance(next_question, Question)
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == next_question.question["en"]
    step = content.languages.word("step", "en")
    assert page.locator(".hb-flow [aria-live='polite']").inner_text() == f"{step} 2: {focused}"
    assert page.title().startswith(f"{step} 2: {focused}")
    # Tab from the heading reaches the answers.
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('hb-choice')"):
            break
    chosen = page.evaluate("document.activeElement.getAttribute('href')")
    assert chosen.startswith("#a=")
    # Space chooses an answer as well as Enter does, like a button.
    page.keyboard.press(" ")
    shown(page, chosen[3:])


def test_the_diagram_highlights_the_path_so_far(page, base_url, content):
    tree = content.trees["tuettu-tyo"]
    one, two, _ = first_two_steps(content, tree.id)
    page.goto(tree_url(base_url, content, "fi", tree.id) + f"#a={two}")
    on = page.eval_on_selector_all(".hb-tree-list li.hb-on", "rows => rows.map(r => r.dataset.path)")
    assert on == ["", one, two]
    here = page.eval_on_selector_all(".hb-tree-list li.hb-here", "rows => rows.map(r => r.dataset.path)")
    assert here == [two]
    listed = page.eval_on_selector_all(".hb-tree-list li.hb-on", "items => items.map(i => i.dataset.path)")
    assert listed == ["", one, two]


# --- privacy and accessibility ------------------------------------------------------------


def test_nothing_is_stored_or_sent(page, base_url, content):
    path = next(p for p in golden_paths() if p.tree == "palvelupolku" and len(p.steps) >= 4)
    page.goto(tree_url(base_url, content, "fi", path.tree))
    walk(page, path)
    page.reload()
    assert page.external_requests == []
    assert page.context.cookies() == []
    assert page.evaluate("localStorage.length") == 0
    assert page.evaluate("sessionStorage.length") == 0


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_axe_finds_no_violations_at_start_mid_way_and_at_the_result(page, base_url, content, lang):
    for tree_id in content.trees:
        path = max((p for p in golden_paths() if p.tree == tree_id), key=lambda p: len(p.steps))
        page.goto(tree_url(base_url, content, lang, tree_id))
        assert no_axe_violations(page) == [], f"{tree_id} start"
        walk(page, GoldenPath(path.tree, ",".join(":".join(s) for s in path.steps[:2]), "", ""))
        assert no_axe_violations(page) == [], f"{tree_id} mid-way"
        page.goto(tree_url(base_url, content, lang, tree_id) + f"#a={path.state}")
        page.locator(".hb-result-card").wait_for()
        assert no_axe_violations(page) == [], f"{tree_id} result"


def _pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") + pdf.count(b"/Type /Page/")


@pytest.mark.parametrize("services", [1, 2])
def test_print_gives_the_answers_and_the_result_on_paper(page, base_url, content, services):
    """The longest path whose answers fit one service prints on one A4 page; a result of
    two fitting services (each with its conditions and way in) on at most two."""
    results = [(p, evaluate(content, content.trees[p.tree], tuple(p.steps))) for p in golden_paths()]
    path, result = max(
        ((p, r) for p, r in results if len(r.fitting) == services), key=lambda pr: len(pr[0].steps)
    )
    page.goto(tree_url(base_url, content, "fi", path.tree) + f"#a={path.state}")
    page.emulate_media(media="print")
    assert page.locator(".hb-result-card").is_visible()
    assert page.locator(".hb-reasons > li").count() == len([s for s in result.steps if s.condition])
    assert page.locator(".hb-result-card .hb-result-service").count() == services
    for hidden in (".md-header", ".md-sidebar--primary", ".hb-whole-tree", ".hb-nav", ".md-footer"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert 1 <= _pages(page.pdf(format="A4")) <= services


# --- without JavaScript -----------------------------------------------------------------


def test_without_javascript_a_full_path_can_be_walked_by_following_links(browser, base_url, content):
    path = max((p for p in golden_paths() if p.tree == "palvelupolku"), key=lambda p: len(p.steps))
    tree = content.trees[path.tree]
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(tree_url(base_url, content, "fi", tree.id))
        assert page.locator(".hb-flow-app").is_hidden()
        for node_id, answer_id in path.steps:
            section = page.locator(f"#node-{node_id}")
            question = tree.nodes[node_id]
            assert isinstance(question, Question)
            assert question.question["fi"] in section.locator("h2").inner_text()
            section.locator(f'a[data-answer="{answer_id}"]').click()
            target = next(a.next for a in question.answers if a.id == answer_id)
            assert page.url.endswith(f"#node-{target}")
        outcome = page.locator(f"#node-{path.outcome}")
        assert outcome.locator("h3").inner_text() == content.concepts[path.service].term("fi")
        outcome.locator(".hb-service-link a").click()
        assert page.url.endswith(f"#service-{path.service}")
        block = page.locator(f"#service-{path.service}")
        for condition in content.concepts[path.service].service.of_kind("required"):
            assert condition.rule.text["fi"] in block.inner_text()
        block.locator(".hb-service-link a").click()
        assert page.url.endswith(f"/glossary/{path.service}/")
    finally:
        context.close()


# --- service paths ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_service_path_pages_show_every_phase_with_its_concepts(page, base_url, content, lang):
    for path in content.service_paths.values():
        page.goto(f"{base_url}{lang_prefix(content, lang)}service-paths/{path.id}/")
        boxes = page.locator(".hb-phases .hb-phase-box")
        assert boxes.count() == len(path.phases)
        for number, phase in enumerate(path.phases, start=1):
            section_heading = page.locator(f"#phase-{phase.id}")
            assert phase.title[lang] in section_heading.inner_text()
            assert str(number) in section_heading.inner_text()
            for concept_id in phase.concepts:
                term = content.concepts[concept_id].term(lang)
                assert page.locator(f'a[href$="glossary/{concept_id}/"]', has_text=term).count() >= 1
        assert no_axe_violations(page) == [], path.id
    assert page.external_requests == []
