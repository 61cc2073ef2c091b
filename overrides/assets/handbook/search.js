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
  const EXCERPT_WORDS = 24;
  const CANDIDATES = 20; // re-ranked by termRank before the first MAX_RESULTS are shown
  const BEST_PER_WORD = 5; // and these for each word of the query, even if they lack another
  // Where a page's hidden search text begins (handbook.searchkeys.KEYS_MARK): its base
  // forms and compound parts are searched, never shown in an excerpt.
  const KEYS_MARK = "\u2042";
  // Words of a question that carry no content (languages.yaml, search_stop_words).
  const stopWords = new Set((text.stopWords || "").split(/\s+/).filter(Boolean));
  // Kinds of page from which a worker wants an answer, and those that only list terms.
  const ANSWERS = new Set(["concept", "service", "flowchart", "path"]);
  const LAST = { list: 1, review: 2 };

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
      [/(\p{L}{3})nen$/u, "$1sen"], // työllistyminen → työllistymisen, as page titles write it
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
      await engine.options({ baseUrl: root.pathname, excerptLength: EXCERPT_WORDS });
    }
    return engine;
  }

  const normal = (word) => word.toLowerCase().replace(/^[^\p{L}\p{N}§]+|[^\p{L}\p{N}§]+$/gu, "");
  const splitTerm = (term) => term.split(/\s+/).map(normal).filter(Boolean);
  const metaTerms = (value) => (value ? value.split("|").map((t) => t.trim()).filter(Boolean) : []);

  // The words of a query that carry its content: "kuka voi saada työhönvalmennusta?" →
  // ["työhönvalmennusta"]. A query of stop words only is searched as it was typed.
  function contentWords(query) {
    const all = query.trim().split(/\s+/).map(normal).filter(Boolean);
    const kept = all.filter((word) => !stopWords.has(word));
    return kept.length ? kept : all;
  }

  // A page's terms (meta hb_terms, handbook.searchkeys.term_keys): its title first; each
  // word with its base forms, "tuetun/tuettu työllistymisen/työllistyä palvelu".
  // Stop words in a term ("service of supported employment") are not asked of a query.
  function pageTerms(data) {
    return metaTerms(data.meta.hb_terms).map((term) => {
      const words = term.split(/\s+/).map((word) => word.split("/"));
      const kept = words.filter((alternatives) => !stopWords.has(alternatives[0]));
      return kept.length ? kept : words;
    });
  }

  // Is `word` of a term what the worker typed as `typed`, inflected? They share the start,
  // the term word lost at most a gradated stem end, and what was added fits a Finnish
  // ending (palkkatuki ~ palkkatuesta, työhönvalmennus ~ työhönvalmennuksessa).
  function sameWord(word, typed) {
    let common = 0;
    while (common < word.length && word[common] === typed[common]) common++;
    return common >= Math.min(3, word.length) && word.length - common <= 2 && typed.length - common <= 7;
  }

  // A term's words that carry content, as contentWords keeps of a query: "mapping of
  // competence" asks "mapping competence" of the typed words.
  function contentTerm(term) {
    const all = splitTerm(term);
    const kept = all.filter((word) => !stopWords.has(word));
    return kept.length ? kept : all;
  }

  // Is a whole term what was typed (every word of it, and not longer than the query)?
  function typedTerm(term, typed) {
    const parts = contentTerm(term);
    return parts.length > 0 && parts.length <= typed.length && parts.every((w) => typed.some((t) => sameWord(w, t)));
  }

  // How well a page's own terms answer the query: 3 for its title (its preferred term)
  // typed in full, or a law section it rests on; 2 for another of its terms in full, or
  // two thirds of its title; 1 for a query that is all words of its title or of another
  // term (1 and the two thirds for an answering page only, not a guide page).
  function termRank(data, typed, sections) {
    if (sections.some((key) => metaTerms(data.meta.hb_law).includes(key))) return 3;
    const kind = data.meta.hb_kind;
    if (kind in LAST) return 0;
    const terms = pageTerms(data);
    if (!terms.length && data.meta.title) terms.push(splitTerm(data.meta.title).map((w) => [w]));
    const has = (alternatives, word) => alternatives.some((form) => form === word || sameWord(form, word));
    const full = (term) => term.length > 0 && term.length <= typed.length && term.every((w) => typed.some((t) => has(w, t)));
    // A compound part counts here: "raha" is within the title työosuusraha.
    const inWord = (alternatives, word) => has(alternatives, word) || (word.length >= 4 && alternatives[0].endsWith(word));
    const within = (term) => typed.every((t) => term.some((w) => inWord(w, t)));
    // Most of the title typed: "tuettu työllistyminen" for Tuetun työllistymisen palvelu.
    const most = (term) =>
      term.length > 1 && term.filter((w) => typed.some((t) => has(w, t))).length * 3 >= term.length * 2;
    if (terms.length && full(terms[0])) return 3;
    if (terms.slice(1).some(full) || (terms.length && ANSWERS.has(kind) && most(terms[0]))) return 2;
    return ANSWERS.has(kind) && terms.some(within) ? 1 : 0;
  }

  // "työvalmentaja → see työhönvalmentaja": another term of this concept was typed, not
  // its preferred term (or one that contains the preferred term: "work coaching activity").
  // `said` is every word of the query, stop words too: they are all that tells
  // "mapping competence and vocational profiling" (not recommended) from the preferred
  // "mapping of competence and vocational profiling".
  function termHint(data, typed, said) {
    const title = data.meta.title || "";
    if (!title) return null;
    const titleWords = typedTerm(title, typed) ? contentTerm(title).length : 0;
    // A term typed word for word also counts when it is no longer than the title and
    // differs from it only in a word form ("leading job coach" for "lead job coach") or a
    // small word ("mapping competence" for "mapping of competence").
    const exact = (t) => splitTerm(t).join(" ") === said.join(" ") && splitTerm(title).join(" ") !== said.join(" ");
    for (const [key, label] of [["hb_avoid", text.notRecommended], ["hb_alt", ""]]) {
      const term = metaTerms(data.meta[key]).find((t) => exact(t) || (typedTerm(t, typed) && contentTerm(t).length > titleWords));
      if (term) return { term, label, preferred: title };
    }
    return null;
  }

  // Does a word of the page stand for a typed word: an inflected form of it, or a compound
  // that has it as a part ("työosuusrahaa" for "raha")?
  const standsFor = (form, asked) =>
    asked.some((word) => sameWord(form, word) || (word.length >= 4 && form.includes(word)));

  // The excerpt: the page's own text around its best match (Pagefind's weighted locations),
  // never the hidden search text after KEYS_MARK. A page found only by a base form or a
  // compound part shows the first of its words that stand for what was typed.
  function excerptOf(data, asked) {
    const all = data.content.split(/\s+/);
    const mark = all.indexOf(KEYS_MARK);
    const end = mark < 0 ? all.length : mark;
    const marked = new Set(data.locations.filter((at) => at < end));
    for (let at = 0; at < end; at++) if (standsFor(normal(all[at]), asked)) marked.add(at);
    const best = (data.weighted_locations || [])
      .filter((l) => l.location < end)
      .sort((a, b) => b.weight - a.weight || a.location - b.location)[0];
    const centre = best ? best.location : Math.min(...marked, end);
    const start = Math.max(0, Math.min(centre - 6, end - EXCERPT_WORDS));
    const words = all.slice(start, Math.min(end, start + EXCERPT_WORDS));
    const out = document.createDocumentFragment();
    words.forEach((word, i) => {
      if (i) out.append(" ");
      out.append(marked.has(start + i) ? element("mark", "", word) : word);
    });
    const forms = [...marked].map((at) => normal(all[at] || "")).filter(Boolean);
    return { fragment: out, forms };
  }

  function element(tag, className, text) {
    const el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  const kindWord = (kind) => text[`kind${kind.charAt(0).toUpperCase()}${kind.slice(1)}`] || "";

  function render(results, complete) {
    list.replaceChildren();
    for (const { data, forms, typed, said, excerpt } of results) {
      const url = new URL(data.url, location.href);
      const highlight = [...forms].slice(0, 12).join(" ");
      // The words travel in the fragment, which the browser never sends to the server: a
      // query may hold a client's name, and server logs keep query strings.
      if (highlight) url.hash = new URLSearchParams({ [HIGHLIGHT]: highlight }).toString();
      const link = element("a", "md-search-result__link");
      link.href = url.href;
      link.lang = document.documentElement.lang;
      const article = element("article", "md-search-result__article md-typeset");
      // What the page is (service, concept, decision tree ...), so the answer stands out.
      const kind = kindWord(data.meta.hb_kind || "guide");
      if (kind) article.append(element("div", `hb-search-kind hb-search-kind--${data.meta.hb_kind || "guide"}`, kind));
      article.append(element("div", "hb-search-title", data.meta.title || data.url));
      const hint = termHint(data, typed, said);
      if (hint) {
        const p = element("p", "hb-search-hint");
        p.append(element("span", "hb-search-matched", hint.term));
        if (hint.label) p.append(` (${hint.label})`);
        p.append(` → ${text.see} `, element("strong", "", hint.preferred));
        article.append(p);
      }
      const teaser = element("p", "md-search-result__teaser");
      teaser.append(excerpt);
      article.append(teaser);
      link.append(article);
      const item = element("li", "md-search-result__item");
      item.append(link);
      list.append(item);
    }
    const count = results.length;
    const found = count === 0 ? text.none : count === 1 ? text.one : text.other.replace("#", count);
    status.textContent = complete || count === 0 ? found : `${found}. ${text.someWords}`;
  }

  // Every search of one query: its variants as a whole, and for a query of several words,
  // each word alone, so that a page that has most of the words (or whose own term is in
  // the query) is found even where no page has all of them.
  async function find(pf, words) {
    const whole = variants(words.join(" "));
    const searches = whole.map((q) => ({ q, of: words.map((_, i) => i) }));
    if (words.length > 1 && !sectionKeys(words.join(" ")).length) {
      words.forEach((word, i) => variants(word).forEach((q) => searches.push({ q, of: [i] })));
    }
    // One after the other: searches started together before Pagefind has loaded the index
    // chunks they need miss words (found so in Chromium with Pagefind 1.5.2).
    const answers = [];
    for (const { q } of searches) answers.push(await pf.search(q));
    const found = new Map(); // page id → its hits, best score for the whole query and per word
    answers.forEach((answer, n) => {
      const { of } = searches[n];
      for (const result of answer ? answer.results : []) {
        const seen = found.get(result.id) || { hits: [], whole: 0, each: words.map(() => 0) };
        seen.hits.push(result);
        if (of.length === words.length) seen.whole = Math.max(seen.whole, result.score);
        else seen.each[of[0]] = Math.max(seen.each[of[0]], result.score);
        found.set(result.id, seen);
      }
    });
    // The candidates: the best pages for the whole query, and the best few for each word.
    const all = [...found.values()];
    const top = (score, n) => all.filter((seen) => score(seen) > 0).sort((a, b) => score(b) - score(a)).slice(0, n);
    const chosen = new Set(top((seen) => seen.whole, CANDIDATES));
    words.forEach((_, i) => top((seen) => seen.each[i], BEST_PER_WORD).forEach((seen) => chosen.add(seen)));
    const pages = [...chosen].map((seen) => ({
      hits: seen.hits,
      score: seen.whole || seen.each.reduce((a, b) => a + b, 0) / words.length,
    }));
    return { tried: whole, candidates: pages };
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
      const words = contentWords(query);
      const { tried, candidates } = await find(pf, words);
      if (number !== latest) return;
      // One hit's data is enough: the fragment is the same page.
      const loaded = await Promise.all(candidates.map((c) => c.hits[0].data()));
      if (number !== latest) return;
      const typed = words;
      const sections = sectionKeys(query);
      // Forms of what was typed (and its rewrites) are marked and highlighted, not every
      // word Pagefind matched by prefix ("e" → "example").
      const asked = [...new Set([...tried.flatMap(splitTerm), ...words.flatMap((w) => splitTerm(variants(w).join(" ")))])];
      // Which typed words a page has, read from its text (base forms and parts included):
      // Pagefind answers a word that no page has with unrelated pages once its index is
      // loaded (1.5.2), so its per-word answers only choose the candidates.
      const wordsOf = (data) => {
        const all = new Set(data.content.split(/\s+/).map(normal).filter(Boolean));
        const alternatives = words.map((word) => [word, ...variants(word).flatMap(splitTerm)]);
        return alternatives.filter((alts) =>
          [...all].some((form) => alts.some((t) => form.startsWith(t) || sameWord(form, t))),
        ).length;
      };
      const shown = loaded.map((data, i) => {
        const { fragment, forms } = excerptOf(data, asked);
        return {
          data,
          forms: new Set(forms.filter((form) => standsFor(form, asked))),
          typed,
          said: splitTerm(query),
          excerpt: fragment,
          rank: termRank(data, typed, sections),
          last: LAST[data.meta.hb_kind] || 0,
          count: sections.length ? words.length : wordsOf(data),
          score: candidates[i].score,
        };
      });
      // A page with none of the typed words is one of those unrelated answers.
      const results = shown.filter((result) => result.count > 0);
      // Lists and the review page last; then a page whose own term was typed in full; then
      // pages with more of the typed words; then the better term match and Pagefind's score.
      results.sort(
        (a, b) =>
          a.last - b.last ||
          (b.rank >= 2) - (a.rank >= 2) ||
          b.count - a.count ||
          b.rank - a.rank ||
          b.score - a.score,
      );
      const complete = results.some((result) => result.count === words.length);
      render(results.slice(0, MAX_RESULTS), complete);
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

  // Focus that leaves the search (Tab past the last result, Shift+Tab before the box, a
  // link elsewhere) closes it: the page is no longer dimmed, and focus never sits on a
  // page behind the overlay. A click on the overlay has no new focus target
  // (relatedTarget null) and closes the search through its own label.
  box.addEventListener("focusout", (event) => {
    const next = event.relatedTarget;
    if (toggle?.checked && next instanceof Node && !box.contains(next)) toggle.checked = false;
  });
  // Esc closes the search wherever the focus is while it is open.
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && toggle?.checked && !box.contains(document.activeElement)) {
      toggle.checked = false;
    }
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
