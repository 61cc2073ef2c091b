// The header search box. Results come from the Pagefind index built at `mkdocs build`
// (hooks/search.py): one index per language, chosen by Pagefind from <html lang>, with
// Finnish and English stemming. Nothing is fetched before the first query, nothing leaves
// the site's origin, nothing is stored.
(() => {
  "use strict";
  const box = document.querySelector("[data-hb-search]");
  if (!box) return;
  const input = box.querySelector("input[type=search]");
  const form = box.querySelector("form");
  const list = box.querySelector("#hb-search-results");
  const status = box.querySelector("#hb-search-status");
  const toggle = document.getElementById("__search");
  const text = box.dataset; // interface words from languages.yaml
  const root = new URL(`${(text.base || ".").replace(/\/$/, "")}/`, location.href);
  const MAX_RESULTS = 10;
  const HIGHLIGHT = "hb-highlight";
  const CANDIDATES = 20; // re-ranked by termRank before the first MAX_RESULTS are shown

  // Pagefind's Finnish stemmer (Snowball) leaves some inflected forms with another stem than
  // the basic form: -us words (valmennuksessa), consonant gradation (palkkatuen, toiminnassa,
  // lausunnon, tarpeen, vaihdossa) and -nen words (työllistymisen). Each rule turns such a
  // typed word into a form with the basic form's stem; the search runs with and without it.
  const REWRITES = {
    fi: [
      [/([uy])(?:ks[ei]\p{L}*|sta|stä)$/u, "$1s"], // valmennuksessa, valmennusta → valmennus
      [/is(?:e(?:n|ssa|ssä|sta|stä|lla|llä|lta|ltä|lle|na|nä|ksi|en)|ta|tä)$/u, "inen"], // työllistymisen
      [/([uy])\1de\p{L}*$/u, "$1$1s"], // työllisyyden → työllisyys
      [/nn([aeiouyäö]\p{L}*)$/u, "nt$1"], // toiminnassa → toimintassa, lausunnon → lausunton
      [/hd([aeiouyäö]\p{L}*)$/u, "ht$1"], // vaihdossa → vaihtossa
      [/([lrmn])pe(e\p{L}*)$/u, "$1ve$2"], // tarpeen → tarveen
      [/([aeiouyäö])e(n|ssa|ssä|sta|stä|lla|llä|lta|ltä|lle|ksi|na|nä|t)$/u, "$1ke$2"], // tuen → tuken
      [/([aeiouyäö]{2})(?:ssa|ssä|sta|stä|lla|llä|lta|ltä|lle|ksi|na|nä|ta|tä|h[aeiouyäö]n)$/u, "$1"], // työssä → työ
    ],
  };
  const rewrites = REWRITES[document.documentElement.lang] || [];

  function rewrite(word) {
    const lower = word.toLowerCase();
    for (const [pattern, replacement] of rewrites) {
      if (pattern.test(lower)) return lower.replace(pattern, replacement);
    }
    return null;
  }

  // A law section ("27 d", "27 e §", "SHL 27 d") becomes the compact key that concept pages
  // carry next to their legal basis ("27d"; handbook.search.law_keys), so a lone "d" does not
  // match every word starting with d. The key alone is tried too, without the law's name.
  const SECTION = /(\d+)\s*([a-zåäö])(?![\p{L}\p{N}])\s*§?/giu;

  const sectionKeys = (query) => [...query.matchAll(SECTION)].map((m) => `${m[1]}${m[2].toLowerCase()}`);

  // What is searched: the typed query, the query with every rewritable word rewritten, and
  // (for a few words) the query with one word rewritten, so that one wrong rewrite cannot
  // hide a good one; for a law section, its compact key.
  function variants(query) {
    const keys = sectionKeys(query);
    if (keys.length) {
      const compact = query.replace(SECTION, (_, number, letter) => `${number}${letter.toLowerCase()}`);
      return [...new Set([compact.replace(/§/g, " ").trim(), keys.join(" "), query.trim()])];
    }
    const parts = query.trim().split(/\s+/);
    const alternates = parts.map(rewrite);
    const found = new Set([parts.join(" ")]);
    if (alternates.some(Boolean)) {
      found.add(parts.map((w, i) => alternates[i] || w).join(" "));
      if (parts.length <= 4) {
        alternates.forEach((alt, i) => {
          if (alt) found.add(parts.map((w, j) => (j === i ? alt : w)).join(" "));
        });
      }
    }
    return [...found];
  }

  let engine = null; // Pagefind's module, imported on the first query
  let latest = 0; // number of the latest query, so a slow answer never overwrites a newer one

  async function pagefind() {
    if (!engine) {
      engine = await import(new URL("pagefind/pagefind.js", root).href);
      // Result URLs are site-relative; the site may live under a sub-path of the intranet.
      await engine.options({ baseUrl: root.pathname, excerptLength: 24 });
    }
    return engine;
  }

  const normal = (word) => word.toLowerCase().replace(/^[^\p{L}\p{N}§]+|[^\p{L}\p{N}§]+$/gu, "");
  const splitTerm = (term) => term.split(/\s+/).map(normal).filter(Boolean);
  const metaTerms = (value) => (value ? value.split("|").map((t) => t.trim()).filter(Boolean) : []);

  // Which word forms of the page matched: Pagefind gives their positions in `content`.
  function matchedForms(data) {
    const all = data.content.split(/\s+/);
    return new Set(data.locations.map((i) => normal(all[i] || "")).filter(Boolean));
  }

  // Is `word` of a term what the worker typed as `typed`, inflected? They share the start,
  // the term word lost at most a gradated stem end, and what was added fits a Finnish
  // ending (palkkatuki ~ palkkatuesta, työhönvalmennus ~ työhönvalmennuksessa).
  function sameWord(word, typed) {
    let common = 0;
    while (common < word.length && word[common] === typed[common]) common++;
    return common >= Math.min(3, word.length) && word.length - common <= 2 && typed.length - common <= 7;
  }

  // Is a whole term what was typed (every word of it, and not longer than the query)?
  function typedTerm(term, typed) {
    const parts = splitTerm(term);
    return parts.length > 0 && parts.length <= typed.length && parts.every((w) => typed.some((t) => sameWord(w, t)));
  }

  // A page whose own term was typed comes before pages that only use the words:
  // 2 for its preferred term (the page title) or a law section it rests on, 1 for another
  // of its terms.
  // 3 when the whole query is one of its terms: "mapping competence and vocational
  // profiling" leads to the phase it names, not to "vocational profiling" inside it.
  function termRank(data, typed, sections) {
    const others = [...metaTerms(data.meta.hb_alt), ...metaTerms(data.meta.hb_avoid)];
    const whole = (term) => typedTerm(term, typed) && splitTerm(term).length === typed.length;
    if ([data.meta.title || "", ...others].some(whole)) return 3;
    if (typedTerm(data.meta.title || "", typed)) return 2;
    if (sections.some((key) => metaTerms(data.meta.hb_law).includes(key))) return 2;
    return others.some((term) => typedTerm(term, typed)) ? 1 : 0;
  }

  // "työvalmentaja → see työhönvalmentaja": another term of this concept was typed, not
  // its preferred term (or one that contains the preferred term: "work coaching activity").
  function termHint(data, typed) {
    const title = data.meta.title || "";
    if (!title) return null;
    const titleWords = typedTerm(title, typed) ? splitTerm(title).length : 0;
    // A term typed word for word also counts when it is as long as the title and differs
    // from it only in a word form ("leading job coach" for "lead job coach").
    const exact = (t) => splitTerm(t).join(" ") === typed.join(" ") && splitTerm(title).join(" ") !== typed.join(" ");
    for (const [key, label] of [["hb_avoid", text.notRecommended], ["hb_alt", ""]]) {
      const term = metaTerms(data.meta[key]).find((t) => typedTerm(t, typed) && (splitTerm(t).length > titleWords || exact(t)));
      if (term) return { term, label, preferred: title };
    }
    return null;
  }

  // Pagefind's excerpt is text with <mark> around matches; keep exactly that, nothing else.
  function excerpt(html) {
    const parsed = document.createElement("template");
    parsed.innerHTML = html;
    const out = document.createDocumentFragment();
    for (const node of parsed.content.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.append(mark);
      } else {
        out.append(document.createTextNode(node.textContent));
      }
    }
    return out;
  }

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  function render(results) {
    list.replaceChildren();
    for (const { data, forms, typed } of results) {
      const url = new URL(data.url, location.href);
      const highlight = [...forms].slice(0, 12).join(" ");
      // The words travel in the fragment, which the browser never sends to the server: a
      // query may hold a client's name, and server logs keep query strings.
      if (highlight) url.hash = new URLSearchParams({ [HIGHLIGHT]: highlight }).toString();
      const link = element("a", "md-search-result__link");
      link.href = url.href;
      link.lang = document.documentElement.lang;
      const article = element("article", "md-search-result__article md-typeset");
      article.append(element("div", "hb-search-title", data.meta.title || data.url));
      const hint = termHint(data, typed);
      if (hint) {
        const p = element("p", "hb-search-hint");
        p.append(element("span", "hb-search-matched", hint.term));
        if (hint.label) p.append(` (${hint.label})`);
        p.append(` → ${text.see} `, element("strong", "", hint.preferred));
        article.append(p);
      }
      const teaser = element("p", "md-search-result__teaser");
      teaser.append(excerpt(data.excerpt));
      article.append(teaser);
      link.append(article);
      const item = element("li", "md-search-result__item");
      item.append(link);
      list.append(item);
    }
    const count = results.length;
    status.textContent = count === 0 ? text.none : count === 1 ? text.one : text.other.replace("#", count);
  }

  async function search(query) {
    const number = ++latest;
    if (!query.trim()) {
      list.replaceChildren();
      status.textContent = text.start;
      box.dataset.query = "";
      return;
    }
    // The file-share copy (OFFLINE=true build) is opened as file://, where the browser
    // refuses to load Pagefind's module: say so instead of failing.
    if (location.protocol === "file:") {
      status.textContent = text.offline;
      return;
    }
    try {
      const pf = await pagefind();
      const tried = variants(query);
      const searches = await Promise.all(tried.map((q) => pf.search(q)));
      if (number !== latest) return;
      // A page found by several variants keeps its best score and the words all of them matched.
      const found = new Map();
      for (const result of searches.flatMap((one) => (one ? one.results : []))) {
        const seen = found.get(result.id) || { score: 0, hits: [] };
        seen.score = Math.max(seen.score, result.score);
        seen.hits.push(result);
        found.set(result.id, seen);
      }
      const candidates = [...found.values()].sort((a, b) => b.score - a.score).slice(0, CANDIDATES);
      const loaded = await Promise.all(candidates.map((c) => Promise.all(c.hits.map((hit) => hit.data()))));
      if (number !== latest) return;
      const typed = splitTerm(query);
      const sections = sectionKeys(query);
      // Pagefind also matches words that merely start with a typed word ("e" → "example");
      // only forms of what was typed are highlighted on the page a result leads to.
      const asked = [...new Set(tried.flatMap(splitTerm))];
      const ofQuery = (form) => asked.some((word) => sameWord(form, word));
      const results = loaded.map((datas, i) => {
        const forms = new Set(datas.flatMap((data) => [...matchedForms(data)].filter(ofQuery)));
        const data = datas[0];
        return { data, forms, typed, rank: termRank(data, typed, sections), score: candidates[i].score };
      });
      results.sort((a, b) => b.rank - a.rank || b.score - a.score);
      render(results.slice(0, MAX_RESULTS));
      box.dataset.query = query; // lets tests and styles know which query is shown
    } catch (error) {
      status.textContent = text.failed;
      throw error;
    }
  }

  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value), 120);
  });

  function open() {
    if (toggle) toggle.checked = true;
    input.focus();
    input.select();
  }
  function close() {
    if (toggle) toggle.checked = false;
    input.blur();
  }

  input.addEventListener("focus", () => {
    if (toggle) toggle.checked = true;
  });
  toggle?.addEventListener("change", () => {
    if (toggle.checked) input.focus();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    list.querySelector("a")?.click();
  });
  form.addEventListener("reset", () => {
    setTimeout(() => search(""), 0);
    input.focus();
  });

  const links = () => [...list.querySelectorAll("a")];
  box.addEventListener("keydown", (event) => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      if (at === 0) input.focus();
      else all[at - 1].focus();
    }
  });

  // "/" or "s" anywhere outside a text field opens the search, as in Material.
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (event.key !== "/" && event.key !== "s") return;
    const target = event.target;
    if (target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
      return;
    }
    event.preventDefault();
    open();
  });

  // On the page a result leads to: mark the words that matched (#hb-highlight=word+word),
  // then drop them from the address so they stay out of bookmarks and the history entry.
  function highlight() {
    const wanted = new URLSearchParams(location.hash.slice(1)).get(HIGHLIGHT);
    const body = document.querySelector("article.md-content__inner");
    if (!wanted || !body) return;
    history.replaceState(history.state, "", location.pathname + location.search);
    const forms = new Set(wanted.split(/\s+/).map(normal).filter(Boolean));
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) =>
        node.parentElement.closest("mark, script, style, .headerlink")
          ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_ACCEPT,
    });
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    const word = /[\p{L}\p{N}§-]+/gu;
    for (const node of nodes) {
      const text = node.nodeValue;
      const parts = [];
      let last = 0;
      for (const match of text.matchAll(word)) {
        if (!forms.has(normal(match[0]))) continue;
        parts.push(text.slice(last, match.index), element("mark", "hb-search-mark", match[0]));
        last = match.index + match[0].length;
      }
      if (!parts.length) continue;
      parts.push(text.slice(last));
      node.replaceWith(...parts);
    }
  }
  highlight();
})();
