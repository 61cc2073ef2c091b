"""Each kind of page as a social worker sees it on a 390 px phone and at 200 % zoom
(1280×800 at 200 % is 640×400 CSS px), with and without JavaScript: the page never
scrolls sideways, nothing is cut off without a visible way to scroll it, the whole-tree
diagram's text is never smaller than the page's body text, and a link with answers opens
at the current question. Plus the flowchart's own furniture: answers that wrap, buttons of
one size, and a focus ring for the keyboard only."""

from __future__ import annotations

import pytest

from handbook.model import Content

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
ZOOM_200 = {"width": 640, "height": 400}
DESKTOP = {"width": 1280, "height": 800}

TREE = "palvelupolku"


def _longest_path(content: Content, tree_id: str) -> list[tuple[str, str]]:
    steps, _ = max(content.trees[tree_id].paths(), key=lambda path: len(path[0]))
    return list(steps)


def _state(steps: list[tuple[str, str]]) -> str:
    return ",".join(f"{node}:{answer}" for node, answer in steps)


def page_types(content: Content) -> dict[str, str]:
    """One address of every kind of page (Finnish; English where its layout differs)."""
    service = sorted(content.services)[0]
    concept = next(cid for cid in sorted(content.concepts) if cid not in content.services)
    steps = _longest_path(content, TREE)
    return {
        "front": "",
        "front (en)": "en/",
        "onboarding": "onboarding/",
        "onboarding: service landscape": "onboarding/service-landscape/",
        "onboarding: pilot results": "onboarding/tyokykyisempi-stadi/",
        "glossary index": "glossary/",
        "concept": f"glossary/{concept}/",
        "service": f"glossary/{service}/",
        "services": "services/",
        "service path": f"service-paths/{sorted(content.service_paths)[0]}/",
        "flowchart at the start": f"flowcharts/{TREE}/",
        "flowchart mid-way": f"flowcharts/{TREE}/#a={_state(steps[:3])}",
        "flowchart result": f"en/flowcharts/{TREE}/#a={_state(steps)}",
        "quick reference": "quick-reference/",
        "review": "terminology/",
        "review: definitions": "en/terminology/definitions/",
        "review: uses": "terminology/usage-1/",
    }


# What is wrong with the layout of the page shown: sideways scrolling, content cut off
# without a scrollbar, text of the whole tree smaller than the body text.
LAYOUT_PROBLEMS = """() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    const wide = [...document.querySelectorAll("body *")]
      .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1)
      .filter(e => getComputedStyle(e).position !== "fixed")
      .slice(0, 3).map(e => e.tagName + "." + e.className);
    problems.push(`the page is ${root.scrollWidth} px wide in ${root.clientWidth} px: ${wide}`);
  }
  const article = document.querySelector(".md-content");
  for (const e of article ? article.querySelectorAll("*") : []) {
    const style = getComputedStyle(e);
    if (e.clientWidth <= 1 || style.visibility === "hidden" || e.closest("details:not([open])")) continue;
    if (e.scrollWidth <= e.clientWidth + 1) continue;
    if (style.overflowX === "visible") continue;
    if (style.textOverflow === "ellipsis") continue;  // a visible sign of the cut
    const what = e.tagName + "." + e.className;
    if (style.overflowX === "hidden" || style.overflowX === "clip") {
      problems.push(`${what} cuts off ${e.scrollWidth - e.clientWidth} px`);
    } else if (e.offsetHeight - e.clientHeight - parseFloat(style.borderTopWidth)
               - parseFloat(style.borderBottomWidth) < 1) {
      problems.push(`${what} scrolls sideways without a visible scrollbar`);
    }
  }
  const body = parseFloat(getComputedStyle(document.querySelector(".md-typeset")).fontSize);
  // The diagrams: a flowchart's whole tree, a service path's phases.
  for (const diagram of document.querySelectorAll(".hb-tree-list, .hb-phases")) {
    for (const e of diagram.querySelectorAll("*")) {
      const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
      const size = parseFloat(getComputedStyle(e).fontSize);
      if (own && size < body - 0.01) problems.push(`diagram text at ${size} px under the body's ${body} px`);
      const right = e.getBoundingClientRect().right;
      if (own && right > root.clientWidth + 1) problems.push(`diagram text beyond the screen: ${right} px`);
    }
  }
  return problems;
}"""


def _open_the_tree(page) -> None:
    """Open the whole tree, as a worker would, so that its layout is checked too."""
    summary = page.locator("details.hb-tree > summary")
    if summary.count():
        summary.first.click()


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without JavaScript"])
@pytest.mark.parametrize("viewport", [PHONE, ZOOM_200], ids=["390 px phone", "200 % zoom"])
def test_every_kind_of_page_fits_the_screen(browser, base_url, content, viewport, javascript):
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
    problems = []
    try:
        page = context.new_page()
        for kind, path in page_types(content).items():
            if not javascript and "#a=" in path:
                continue  # without JavaScript the answers in the address do nothing
            page.goto(base_url + path)
            _open_the_tree(page)
            problems += [f"{kind} ({path}): {p}" for p in page.evaluate(LAYOUT_PROBLEMS)]
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


def test_the_whole_tree_is_closed_until_opened_and_its_text_is_the_body_size(browser, base_url, content):
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(f"{base_url}flowcharts/{TREE}/")
        tree = page.locator(".hb-tree-list")
        assert not tree.is_visible(), "the whole tree is open with the first question"
        _open_the_tree(page)
        assert tree.is_visible()
        # Every question and service of the tree is in it, as text of the page's size.
        boxes = page.locator(".hb-tree-list .hb-t-box")
        assert boxes.count() == _count_items(content, TREE)
        assert page.evaluate(LAYOUT_PROBLEMS) == []
    finally:
        context.close()


def _count_items(content: Content, tree_id: str) -> int:
    from handbook.diagram import expand

    def count(item) -> int:
        return 1 + sum(count(child) for child in item.children)

    return count(expand(content.trees[tree_id]))


@pytest.mark.parametrize("viewport", [ZOOM_200, PHONE], ids=["200 % zoom", "390 px phone"])
@pytest.mark.parametrize("where", ["mid-way", "result"])
def test_a_link_with_answers_opens_at_the_current_question(browser, base_url, content, viewport, where):
    steps = _longest_path(content, TREE)
    state = _state(steps[:4] if where == "mid-way" else steps)
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        page.goto(f"{base_url}flowcharts/{TREE}/#a={state}")
        heading = page.locator(".hb-flow-app .hb-current-heading")
        heading.wait_for()
        page.wait_for_timeout(200)  # scrolling is instant, but let layout settle
        box = heading.bounding_box()
        header = page.locator(".md-header").bounding_box()
        assert box is not None and header is not None
        assert box["y"] >= header["y"] + header["height"] - 1, "the question is under the header"
        assert box["y"] < viewport["height"] - 20, f"the question starts at {box['y']} px, below the screen"
        assert heading.evaluate("e => e === document.activeElement"), "the question does not have the focus"
        # The first answer (or, at the result, the card's reason) is on the same screen too.
        assert page.evaluate("scrollY") > 0
    finally:
        context.close()


def test_a_link_without_answers_starts_at_the_top(browser, base_url):
    context = browser.new_context(viewport=ZOOM_200)
    try:
        page = context.new_page()
        page.goto(f"{base_url}flowcharts/{TREE}/")
        page.locator(".hb-flow-app .hb-current-heading").wait_for()
        assert page.evaluate("scrollY") == 0
    finally:
        context.close()


def test_a_long_answer_does_not_squeeze_its_question(browser, base_url, content):
    steps = _longest_path(content, TREE)
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(f"{base_url}flowcharts/{TREE}/#a={_state(steps[:-1])}")
        rows = page.locator(".hb-your-answers .hb-answer-row")
        assert rows.count() == len(steps) - 1
        for i in range(rows.count()):
            row = rows.nth(i).bounding_box()
            question = rows.nth(i).locator("dt").bounding_box()
            assert row and question
            # At least 14 em, or the whole row where the row is narrower.
            assert question["width"] >= min(row["width"], 14 * 16) - 1, (i, question, row)
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "390 px phone"])
def test_print_button_is_the_size_of_the_other_buttons_and_in_line(browser, base_url, content, viewport):
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        page.goto(f"{base_url}flowcharts/{TREE}/#a={_state(_longest_path(content, TREE))}")
        buttons = page.locator(".hb-flow-app .hb-nav .md-button")
        assert buttons.count() == 3
        boxes = [buttons.nth(i).bounding_box() for i in range(3)]
        assert page.locator(".hb-flow-app .hb-nav button.hb-print").count() == 1
        heights = {round(b["height"], 1) for b in boxes if b}
        assert len(heights) == 1, f"buttons of different heights: {heights}"
        rows = sorted({round(b["y"], 1) for b in boxes if b})
        # In one row where they fit; each row's buttons start at the same height.
        if viewport is DESKTOP:
            assert len(rows) == 1, f"buttons at different heights on the screen: {rows}"
    finally:
        context.close()


def test_focus_ring_for_the_keyboard_only(browser, base_url):
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(f"{base_url}en/flowcharts/{TREE}/")
        page.locator(".hb-flow-app a.hb-choice").first.click()
        page.wait_for_timeout(100)
        heading = page.locator(".hb-flow-app .hb-current-heading")
        assert heading.evaluate("e => e === document.activeElement")
        outline = heading.evaluate("e => getComputedStyle(e).outlineStyle")
        assert outline == "none", "a focus ring after a mouse click"
        # With the keyboard, the new question shows where the focus is.
        page.locator(".hb-flow-app a.hb-choice").first.focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(100)
        assert heading.evaluate("e => e === document.activeElement")
        assert heading.evaluate("e => getComputedStyle(e).outlineStyle") != "none", "no ring for the keyboard"
    finally:
        context.close()
