/*
 * Decision tree pages: one question at a time.
 *
 * The page's HTML already holds the whole tree and works without this script (each
 * answer links to the node it leads to). This script reads that HTML, hides it and
 * shows one question at a time. The answers given live only in the address,
 * "#a=node:answer,node:answer", so reload, a shared link, the back button and the
 * language switch all restore them; nothing is stored or sent. Interface words come
 * from the data-t-* attributes of .hb-flow (languages.yaml), never from this file.
 */
(function () {
  "use strict";

  var flow = document.querySelector(".hb-flow");
  if (!flow) return;
  var staticPart = flow.querySelector(".hb-flow-static");
  var app = flow.querySelector(".hb-flow-app");
  var words = flow.dataset;
  var baseTitle = document.title;
  var PREFIX = "#a=";
  // The answers of a question that asks a condition (handbook.model YES, NO, NOT_SURE).
  var YES = "kylla", NO = "ei", NOT_SURE = "en-tieda";

  function t(key) {
    return words["t" + key.charAt(0).toUpperCase() + key.slice(1)] || "";
  }

  // The tree, read from the no-JavaScript HTML.
  var nodes = {};
  staticPart.querySelectorAll("[data-node]").forEach(function (section) {
    var id = section.dataset.node;
    if (section.classList.contains("hb-question")) {
      nodes[id] = {
        id: id,
        question: section.querySelector(".hb-q-text").textContent,
        condition: section.dataset.condition || null,
        section: section,
        answers: Array.prototype.map.call(section.querySelectorAll("a[data-answer]"), function (a) {
          return { id: a.dataset.answer, label: a.textContent, next: a.dataset.next };
        }),
      };
    } else {
      nodes[id] = {
        id: id,
        outcome: true,
        service: section.dataset.service,
        consult: section.classList.contains("hb-consult"),
        section: section,
      };
    }
  });

  // Each service a path can fit, with the conditions (data-requires) it needs: the same
  // rule as handbook.eligibility, so the page shows what the build proved.
  var services = Array.prototype.map.call(staticPart.querySelectorAll(".hb-service-block"), function (block) {
    var requires = block.dataset.requires ? block.dataset.requires.split(" ") : [];
    return { id: block.dataset.service, requires: requires, block: block };
  });
  function serviceBlock(id) {
    return services.filter(function (s) { return s.id === id; })[0];
  }

  function fitting(outcome, steps) {
    var yes = {}, no = {};
    steps.forEach(function (step) {
      if (!step.node.condition) return;
      if (step.answer.id === YES) yes[step.node.condition] = true;
      if (step.answer.id === NO) no[step.node.condition] = true;
    });
    var found = outcome.consult ? [] : [outcome.service];
    services.forEach(function (s) {
      var meets = s.requires.length > 0 && s.requires.every(function (c) { return yes[c]; }) &&
        !s.requires.some(function (c) { return no[c]; });
      if (meets && found.indexOf(s.id) < 0) found.push(s.id);
    });
    return found;
  }

  function answerOf(node, answerId) {
    return node.answers.filter(function (a) { return a.id === answerId; })[0];
  }

  // "#a=q1:yes,q2:no" → the valid answers from the root, and the node they lead to.
  function readState() {
    var hash = window.location.hash;
    var steps = [];
    var node = nodes[flow.dataset.root];
    if (hash.indexOf(PREFIX) === 0) {
      var text = hash.slice(PREFIX.length);
      try {
        text = decodeURIComponent(text);
      } catch (malformed) {
        text = ""; // a mangled link starts from the first question
      }
      var pairs = text.split(",");
      for (var i = 0; i < pairs.length && pairs[i] && !node.outcome; i++) {
        var parts = pairs[i].split(":");
        var answer = parts[0] === node.id ? answerOf(node, parts[1]) : null;
        if (!answer) break;
        steps.push({ node: node, answer: answer });
        node = nodes[answer.next];
      }
    }
    return { steps: steps, node: node };
  }

  function stateKey(steps) {
    return steps.map(function (s) { return s.node.id + ":" + s.answer.id; }).join(",");
  }

  function link(steps) {
    return PREFIX + stateKey(steps);
  }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  function anchor(href, text, className) {
    var a = el("a", className, text);
    a.href = href;
    return a;
  }

  // A copy of part of the static HTML, without ids (they must stay unique on the page).
  function copy(source) {
    var clone = source.cloneNode(true);
    clone.removeAttribute("id");
    clone.querySelectorAll("[id]").forEach(function (e) { e.removeAttribute("id"); });
    return clone;
  }

  function navigation(steps, atResult) {
    var nav = el("p", "hb-nav");
    if (steps.length) {
      nav.appendChild(anchor(link(steps.slice(0, -1)), t("back"), "md-button hb-back"));
      nav.appendChild(document.createTextNode(" "));
      nav.appendChild(anchor(PREFIX, t("startAgain"), "md-button hb-start-again"));
    }
    if (atResult) {
      var print = el("button", "md-button hb-print", t("print"));
      print.type = "button";
      print.addEventListener("click", function () { window.print(); });
      nav.appendChild(document.createTextNode(" "));
      nav.appendChild(print);
    }
    return nav;
  }

  function yourAnswers(steps) {
    var box = el("section", "hb-your-answers");
    box.setAttribute("aria-labelledby", "hb-your-answers-heading");
    var heading = el("h2", null, t("yourAnswers"));
    heading.id = "hb-your-answers-heading";
    box.appendChild(heading);
    var list = el("dl");
    steps.forEach(function (step, i) {
      var row = el("div", "hb-answer-row");
      row.appendChild(el("dt", null, step.node.question));
      var dd = el("dd");
      dd.appendChild(el("span", "hb-given", step.answer.label));
      dd.appendChild(document.createTextNode(" "));
      var change = anchor(link(steps.slice(0, i)), t("change"), "hb-change");
      change.appendChild(el("span", "hb-sr-only", ": " + step.node.question));
      dd.appendChild(change);
      row.appendChild(dd);
      list.appendChild(row);
    });
    box.appendChild(list);
    return box;
  }

  function questionView(node, steps) {
    var view = el("div", "hb-step");
    view.appendChild(el("p", "hb-progress", t("step") + " " + (steps.length + 1)));
    var heading = el("h2", "hb-current-heading", node.question);
    heading.tabIndex = -1;
    view.appendChild(heading);
    var help = node.section.querySelector(".hb-help");
    if (help) view.appendChild(copy(help));
    var list = el("ul", "hb-choices");
    node.answers.forEach(function (answer) {
      var li = el("li");
      li.appendChild(anchor(link(steps.concat([{ node: node, answer: answer }])), answer.label, "hb-choice"));
      list.appendChild(li);
    });
    view.appendChild(list);
    // The rule comes after the answers: on a phone the answers stay near the question.
    var rule = node.section.querySelector(".hb-rule");
    if (rule) view.appendChild(copy(rule)); // a choice between options has no rule
    return { view: view, heading: heading, announce: t("step") + " " + (steps.length + 1) + ": " + node.question };
  }

  // The result explains itself from the path: the services the answers fit, each with its
  // conditions, what the decision also weighs and how to get in; then every condition asked
  // with the answer given and the rule with its source. Nothing here is written by hand.
  function resultView(node, steps) {
    var fits = fitting(node, steps);
    var main = node.consult ? node.service : fits[0];
    var name = serviceBlock(main).block.querySelector(".hb-service-block-name").textContent;
    var card = el("article", "hb-result-card" + (node.consult ? " hb-consult" : ""));
    card.setAttribute("aria-labelledby", "hb-result-heading");
    card.appendChild(el("p", "hb-progress", t("result")));
    var heading = el("h2", "hb-current-heading", name);
    heading.id = "hb-result-heading";
    heading.tabIndex = -1;
    card.appendChild(heading);
    if (node.consult) {
      card.appendChild(copy(node.section.querySelector(".hb-consult-note")));
      var last = steps[steps.length - 1];
      var reason = !last || !last.node.condition ? "consultChoice"
        : last.answer.id === NOT_SURE ? "consultUnsure" : last.answer.id === NO ? "consultDenied" : "consultChoice";
      card.appendChild(el("p", "hb-consult-reason", t(reason)));
      if (last && last.node.condition) card.appendChild(copy(last.node.section.querySelector(".hb-rule")));
      card.appendChild(serviceCopy(node.service, true));
    }
    if (fits.length > 0) {
      var list = el("section", "hb-fitting");
      if (node.consult || fits.length > 1) {
        list.appendChild(el("h3", null, t("servicesThatFit")));
        if (fits.length > 1) list.appendChild(el("p", "hb-several-fit", t("severalFit")));
      }
      fits.forEach(function (id) { list.appendChild(serviceCopy(id, id === main && fits.length === 1)); });
      card.appendChild(list);
    }
    var asked = steps.filter(function (step) { return step.node.condition; });
    if (asked.length) {
      card.appendChild(el("h3", "hb-asked-heading", t("conditionsAsked")));
      var reasons = el("ol", "hb-reasons");
      asked.forEach(function (step) {
        var li = el("li");
        li.dataset.condition = step.node.condition;
        li.appendChild(el("span", "hb-reason-question", step.node.question));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("strong", "hb-reason-answer", step.answer.label));
        li.appendChild(copy(step.node.section.querySelector(".hb-rule")));
        reasons.appendChild(li);
      });
      card.appendChild(reasons);
    }
    // The sources cited in the card, so that a printed result carries them.
    var cited = {};
    card.querySelectorAll("a.hb-cite").forEach(function (a) { cited[a.getAttribute("href")] = true; });
    var sources = el("ul", "hb-card-sources");
    var number = function (href) { return parseInt(href.replace("#source-", ""), 10); };
    Object.keys(cited).sort(function (a, b) { return number(a) - number(b); }).forEach(function (href) {
      var item = document.getElementById(href.slice(1));
      if (item) sources.appendChild(el("li", null, "[" + href.replace("#source-", "") + "] " + item.textContent));
    });
    if (sources.children.length) {
      card.appendChild(el("h3", null, t("sources")));
      card.appendChild(sources);
    }
    return { view: card, heading: heading, announce: t("result") + ": " + name };
  }

  // A service's block, its heading one level down inside the card (none when the card's
  // own heading already names it).
  function serviceCopy(id, named) {
    var block = copy(serviceBlock(id).block);
    block.className = "hb-result-service";
    block.removeAttribute("aria-labelledby");
    // Its required conditions are all among the conditions asked, listed below with the
    // answers: shown once.
    var required = block.querySelector(".hb-conds-required");
    if (required) required.remove();
    var title = block.querySelector(".hb-service-block-name");
    if (named) title.remove();
    else title.replaceWith(el("h4", "hb-service-name", title.textContent));
    return block;
  }

  function highlight(steps) {
    var onPath = { "": true };
    for (var i = 1; i <= steps.length; i++) onPath[stateKey(steps.slice(0, i))] = true;
    var here = stateKey(steps);
    flow.parentNode.querySelectorAll("[data-path]").forEach(function (e) {
      e.classList.toggle("hb-on", onPath[e.dataset.path] === true);
      e.classList.toggle("hb-here", e.dataset.path === here);
    });
  }

  // The language switcher keeps the answers: the other language uses the same ids.
  function carryStateToLanguageLinks() {
    document.querySelectorAll("a[hreflang]").forEach(function (a) {
      a.href = a.href.split("#")[0] + (window.location.hash.indexOf(PREFIX) === 0 ? window.location.hash : "");
    });
  }

  // Material's own language-switch handler rebuilds the address from its sitemap and
  // drops the answers; the link already points at this page's twin, so let it go there.
  document.querySelectorAll("a[hreflang]").forEach(function (a) {
    a.addEventListener("click", function (event) { event.stopPropagation(); });
  });

  var live = el("div", "hb-sr-only");
  live.setAttribute("aria-live", "polite");
  live.setAttribute("role", "status");
  flow.appendChild(live);

  function render(moveFocus) {
    var state = readState();
    var shown = state.node.outcome ? resultView(state.node, state.steps) : questionView(state.node, state.steps);
    app.replaceChildren(shown.view, navigation(state.steps, state.node.outcome === true));
    // At the result the card repeats every answer with its rule; print only the card.
    app.classList.toggle("hb-at-result", state.node.outcome === true);
    app.dataset.state = stateKey(state.steps); // what is shown; lets tests wait for it
    app.dataset.node = state.node.id;
    if (state.steps.length) app.appendChild(yourAnswers(state.steps));
    document.title = shown.announce + " – " + baseTitle;
    highlight(state.steps);
    carryStateToLanguageLinks();
    if (moveFocus) {
      shown.heading.focus();
      live.textContent = shown.announce;
    }
  }

  staticPart.hidden = true;
  app.hidden = false;
  document.documentElement.classList.add("hb-flow-js");
  render(false);
  showCurrentOnLoad();

  // A shared, bookmarked or reloaded link with answers opens at the current question or
  // result, not at the introduction (which fills a phone's screen, or the screen at 200 %
  // zoom): scroll it into view and put the focus on its heading, as answering does.
  function showCurrentOnLoad() {
    if (!app.dataset.state) return; // no answers yet: the page starts at its top
    var view = app.firstElementChild;
    var heading = app.querySelector(".hb-current-heading");
    if (heading) heading.focus({ preventScroll: true });
    if (view) view.scrollIntoView({ block: "start" });
  }

  window.addEventListener("hashchange", function () {
    // Only addresses of answers change the view; other anchors keep it as it is.
    if (window.location.hash === "" || window.location.hash.indexOf(PREFIX) === 0) render(true);
  });

  // The answers look like buttons, so Space chooses one too, as it would press a button.
  app.addEventListener("keydown", function (event) {
    if (event.key === " " && event.target.classList && event.target.classList.contains("hb-choice")) {
      event.preventDefault();
      event.target.click();
    }
  });

  // In-page anchors (citations, skip links) scroll without replacing the answers in the address.
  document.addEventListener("click", function (event) {
    var a = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    var href = a.getAttribute("href");
    if (href.indexOf(PREFIX) === 0 || href === "#") return;
    var target = document.getElementById(decodeURIComponent(href.slice(1)));
    if (!target) return;
    event.preventDefault();
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
    target.scrollIntoView();
  });
})();
