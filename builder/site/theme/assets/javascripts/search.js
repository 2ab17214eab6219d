/*
 * Briefing search: Material for MkDocs' header search box, driven by Pagefind.
 *
 * Markup: partials/search.html (Material's, minus its search worker hooks). Index: builder/site/search_index.py
 * writes <site>/pagefind/. Nothing is downloaded until the search box gains focus; then Pagefind loads
 * its script, WebAssembly and entry file, and a query loads only the index chunk(s) for its words plus
 * one fragment per shown result (PAGE_SIZE at a time), so the first query costs kilobytes at any size.
 *
 * Keyboard: "/", "s" or "f" focuses the box (as in Material); ArrowDown/ArrowUp move through results
 * (ARIA combobox + listbox, focus stays in the input); Enter opens the selected or first result;
 * Escape closes, and so does moving the focus out of the search (Tab goes through the scrollable
 * results first). A polite live region announces the number of results.
 */
(() => {
  "use strict";

  const PAGE_SIZE = 8;          // results whose fragment is fetched at once
  const EXCERPT_WORDS = 26;
  const MIN_CHARS = 2;
  const DEBOUNCE_MS = 300;     // Pagefind's own debounce; most typists pause less between keys

  const root = document.querySelector("[data-pf-search]");
  const toggle = document.getElementById("__search");
  if (!root || !toggle) return;

  const input = root.querySelector("[data-pf-input]");
  const form = input.form;
  const meta = root.querySelector("[data-pf-meta]");
  const list = root.querySelector("[data-pf-list]");
  const scroller = root.querySelector("[data-pf-scroll]");
  const i18n = readJSON(root.querySelector("[data-pf-i18n]"));
  const config = readJSON(document.getElementById("__config"));
  const highlight = root.dataset.pfHighlight === "true";

  // Site root from Material's relative base_url: works under a sub-path (/briefing/) and mkdocs serve.
  const siteRoot = new URL(`${config.base || "."}/`, location.href);
  const bundleUrl = new URL("pagefind/pagefind.js", siteRoot).href;

  let pagefind = null;        // Promise of the Pagefind module, once loading has started
  let names = null;           // Promise of data/names.json (records named by a query come first)
  let seq = 0;                // Generation of the latest query; older answers are dropped
  let results = [];           // Pagefind results of the latest query (data not loaded)
  let query = "";
  let shown = 0;              // How many of `results` are rendered
  let loading = null;         // Promise of the page of results being rendered
  let active = -1;            // Index of the selected option, -1 for none
  let timer = 0;              // Debounce timer of the next search
  let inflight = null;        // Promise of the latest search

  function readJSON(el) {
    try {
      return el ? JSON.parse(el.textContent) : {};
    } catch (err) {
      return {};
    }
  }

  function t(key, count) {
    const text = i18n[key] || key;
    return count === undefined ? text : text.replace("#", String(count));
  }

  /* ----------------------------------------------------------------------- Pagefind */

  function loadPagefind() {
    if (!pagefind) {
      pagefind = (async () => {
        if (location.protocol === "file:") throw new Error("Pagefind needs http(s)");
        names = root.dataset.pfNames
          ? fetch(new URL(root.dataset.pfNames, location.href).href, { credentials: "same-origin" })
            .then(r => (r.ok ? r.json() : null)).catch(() => null)
          : Promise.resolve(null);
        const pf = await import(bundleUrl);
        await pf.options({ baseUrl: siteRoot.pathname, excerptLength: EXCERPT_WORDS });
        await pf.init();
        return pf;
      })();
      pagefind.catch(err => {
        console.warn("Search unavailable:", err);
        setMeta(t("unavailable"));
      });
    }
    return pagefind;
  }

  // Search once typing pauses, and only from MIN_CHARS characters on: a one-letter prefix matches
  // words spread over many index chunks, which would cost more than the whole query.
  function schedule(value) {
    clearTimeout(timer);
    const text = value.trim();
    if (text.length < MIN_CHARS) {
      reset();
      return;
    }
    timer = setTimeout(() => {
      timer = 0;
      inflight = search(text);
    }, DEBOUNCE_MS);
  }

  // Run a search still waiting for its debounce now, and wait for the one in flight.
  async function settle() {
    if (timer) {
      clearTimeout(timer);
      timer = 0;
      const text = input.value.trim();
      if (text.length >= MIN_CHARS) inflight = search(text);
    }
    if (inflight) await inflight;
    if (loading) await loading;
  }

  // The previous results stay until the new ones are ready (no flicker while typing); the count
  // and the first PAGE_SIZE results then replace them together.
  async function search(text) {
    const generation = ++seq;
    let response, data;
    try {
      const pf = await loadPagefind();
      if (generation !== seq) return;
      const [found, named] = await Promise.all([pf.search(text), names]);
      if (generation !== seq) return;
      response = { results: named ? pinned(named, text).concat(found.results) : found.results };
      data = await Promise.all(response.results.slice(0, PAGE_SIZE).map(r => r.data()));
    } catch (err) {
      if (generation === seq && pagefind) console.warn("Search failed:", err);
      return;
    }
    if (generation !== seq) return;

    results = response.results;
    query = text;
    shown = 0;
    loading = null;
    list.replaceChildren();
    select(-1);
    append(data);
    setMeta(results.length === 0 ? t("none")
      : results.length === 1 ? t("one") : t("other", results.length));
    list.dataset.pfQuery = text;  // rendered: tests and benchmarks wait on it
  }

  // Render the next PAGE_SIZE results; only now are their fragments downloaded.
  function more() {
    if (loading) return loading;
    if (shown >= results.length) return Promise.resolve();
    const generation = seq;
    loading = Promise.all(results.slice(shown, shown + PAGE_SIZE).map(r => r.data()))
      .then(data => {
        if (generation === seq) append(data);
      })
      .catch(err => console.warn("Search failed:", err))
      .finally(() => {
        if (generation === seq) loading = null;
      });
    return loading;
  }

  function append(data) {
    list.querySelector("[data-pf-sentinel]")?.remove();
    const pinnedPaths = pinnedUrls();
    data.forEach(d => { if (d.pinned) pinnedPaths.add(new URL(d.url, location.href).pathname); });
    data.forEach((d, i) => {
      // a page already listed as a named record is not listed twice
      if (!d.pinned && pinnedPaths.has(new URL(d.url, location.href).pathname)) return;
      list.appendChild(renderItem(d, shown + i));
    });
    shown += data.length;
    if (shown < results.length) list.appendChild(sentinel());
  }

  /* ------------------------------------------------------------------ Names first */

  // Pages already listed as a named record: their full-text result is not shown twice.
  function pinnedUrls() {
    return new Set(Array.from(list.querySelectorAll("a[data-pf-pinned]"), a => new URL(a.href).pathname));
  }

  // Full-text search stems words ("cooperation" and "Cooper" share a stem), so a record whose
  // name, alias or a whole word of either is the query comes first, as a result of its own.
  const fold = (value) => value.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  const escapeText = (value) => value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

  // The names file sits in the briefing's data/ folder; its URLs are relative to the briefing.
  const namesUrl = () => new URL("..", new URL(root.dataset.pfNames, location.href)).href;

  function pinned(named, text) {
    const want = fold(text);
    const words = (value) => fold(value).split(/[^\p{L}\p{N}]+/u);
    const hits = [];
    named.names.forEach(([kind, id, name, aliases, what]) => {
      const all = [name].concat(aliases);
      const exact = all.some(v => fold(v) === want);
      if (!exact && !(want.length >= 3 && !/\s/.test(want) && all.some(v => words(v).includes(want)))) return;
      const url = new URL(named.urls[kind].replace("ID", id), namesUrl()).href;
      const also = aliases.length ? ` · also ${aliases.join(", ")}` : "";
      const data = { url, meta: { title: name }, excerpt: escapeText(what + also), content: "", pinned: true };
      hits.push({ exact, data: () => Promise.resolve(data) });
    });
    return hits.sort((a, b) => b.exact - a.exact).slice(0, 5);
  }

  /* ----------------------------------------------------------------------- Rendering */

  function resultUrl(data) {
    const url = new URL(data.url, location.href);
    if (highlight) url.searchParams.set("h", query);
    return url.href;
  }

  function renderItem(data, index) {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    li.setAttribute("role", "none");

    const a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = resultUrl(data);
    a.id = `__search-result-${index}`;
    a.tabIndex = -1;
    a.setAttribute("role", "option");
    a.setAttribute("aria-selected", "false");
    if (data.pinned) a.dataset.pfPinned = "";

    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";

    const icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    icon.setAttribute("aria-hidden", "true");

    const title = document.createElement("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;

    const teaser = document.createElement("p");
    teaser.append(...excerptNodes(excerptHTML(data)));

    article.append(icon, title, teaser);
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  // Pagefind marks whole tokens, punctuation included ("<mark>Daesh,</mark>"): keep the punctuation
  // outside the mark, and show with an ellipsis that the excerpt starts or ends inside the text.
  function excerptHTML(data) {
    let html = (data.excerpt || "")
      .replace(/<mark>([^<]*?)([.,;:!?)\]]+)<\/mark>/g, "<mark>$1</mark>$2")
      .replace(/<mark>([(\[]+)/g, "$1<mark>");
    const plain = (data.excerpt || "").replace(/<\/?mark>/g, "").trim();
    const content = (data.content || "").trim();
    if (plain && content) {
      const probe = plain.slice(0, 24);
      if (!content.startsWith(probe)) html = `… ${html}`;
      if (!content.endsWith(plain.slice(-24))) html = `${html} …`;
    }
    return html;
  }

  // The excerpt as nodes: text stays text and only <mark> survives as an element. It is parsed in an
  // inert document (DOMParser: no script runs, no image loads), never assigned as markup.
  function excerptNodes(html) {
    const body = new DOMParser().parseFromString(html, "text/html").body;
    return Array.from(body.childNodes, (node) => {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        return mark;
      }
      return document.createTextNode(node.textContent);
    });
  }

  // Placeholder after the last rendered result; scrolling it into view renders the next page.
  function sentinel() {
    const li = document.createElement("li");
    li.className = "pf-sentinel";
    li.setAttribute("role", "none");
    li.setAttribute("aria-hidden", "true");
    li.dataset.pfSentinel = "";
    observer?.observe(li);
    return li;
  }

  const observer = "IntersectionObserver" in window
    ? new IntersectionObserver(entries => {
      if (entries.some(e => e.isIntersecting)) more();
    }, { root: scroller, rootMargin: "0px 0px 120px 0px" })
    : null;

  function setMeta(text) {
    if (meta.textContent !== text) meta.textContent = text;
  }

  function options() {
    return [...list.querySelectorAll("[role=option]")];
  }

  function select(index) {
    const opts = options();
    if (active >= 0 && opts[active]) opts[active].setAttribute("aria-selected", "false");
    active = index >= 0 && index < opts.length ? index : -1;
    if (active >= 0) {
      const opt = opts[active];
      opt.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", opt.id);
      opt.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
      if (index < 0) scroller.scrollTop = 0;
    }
  }

  function reset() {
    clearTimeout(timer);
    timer = 0;
    seq++;
    delete list.dataset.pfQuery;
    results = [];
    query = "";
    shown = 0;
    loading = null;
    list.replaceChildren();
    select(-1);
    setMeta(t("placeholder"));
  }

  /* ----------------------------------------------------------------------- Open / close */

  function setOpen(open) {
    if (toggle.checked !== open) {
      toggle.checked = open;
      // Material's scroll lock and overlay listen to "change" on the toggle.
      toggle.dispatchEvent(new Event("change", { bubbles: true }));
    }
    reflect();
  }

  // aria-expanded follows the dropdown; its scrollable list is in the Tab order only while shown.
  function reflect() {
    input.setAttribute("aria-expanded", String(toggle.checked));
    scroller.tabIndex = toggle.checked ? 0 : -1;
  }
  reflect();

  function close() {
    setOpen(false);
    input.blur();
  }

  toggle.addEventListener("change", () => {
    reflect();
    if (!toggle.checked && document.activeElement === input) input.blur();
  });

  // Tab moves from the box into the (scrollable) results; leaving the search with the keyboard
  // closes it. Switching windows keeps it open.
  root.addEventListener("focusout", () => {
    setTimeout(() => {
      if (toggle.checked && document.hasFocus() && !root.contains(document.activeElement)) {
        setOpen(false);
      }
    });
  });

  input.addEventListener("focus", () => {
    setOpen(true);
    loadPagefind();
  });

  input.addEventListener("input", () => schedule(input.value));

  form.addEventListener("submit", ev => ev.preventDefault());
  form.addEventListener("reset", () => {
    reset();
    setTimeout(() => input.focus());
  });

  // Header magnifier (mobile): focus the input from the tap itself, which keeps the on-screen
  // keyboard on iOS; focusing opens the search, so the label's own toggling is cancelled.
  document.querySelectorAll("[data-pf-open]").forEach(label => {
    label.addEventListener("click", ev => {
      ev.preventDefault();
      input.focus();
    });
  });

  // Close on result choice (matters for links to the current page).
  list.addEventListener("click", ev => {
    if (ev.target instanceof Element && ev.target.closest("a")) setOpen(false);
  });

  input.addEventListener("keydown", async ev => {
    if (ev.isComposing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    switch (ev.key) {
      case "ArrowDown":
      case "ArrowUp": {
        ev.preventDefault();
        const down = ev.key === "ArrowDown";
        if (down && active === options().length - 1 && shown < results.length) await more();
        const count = options().length;
        if (!count) return;
        select(down ? (active + 1) % count : active <= 0 ? count - 1 : active - 1);
        break;
      }
      case "Enter": {
        ev.preventDefault();
        await settle();
        const opts = options();
        const target = opts[active] || opts[0];
        if (target) {
          setOpen(false);
          target.click();
        }
        break;
      }
      case "Escape":
        ev.preventDefault();
        close();
        break;
    }
  });

  // Global shortcuts, as in Material: "/", "s", "f" focus the search box; Escape closes it
  // wherever the focus is.
  window.addEventListener("keydown", ev => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return;
    if (ev.key === "Escape" && toggle.checked && document.activeElement !== input) {
      close();
      return;
    }
    if (!["/", "s", "f", "S", "F"].includes(ev.key)) return;
    const el = document.activeElement;
    if (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))) return;
    ev.preventDefault();
    ev.stopPropagation();
    input.focus();
    input.select();
  }, true);

  /* ----------------------------------------------------------------------- Deep link + highlight */

  const params = new URLSearchParams(location.search);
  if (params.has("q")) {
    input.value = params.get("q");
    input.focus();
    schedule(input.value);
  }

  // Arriving from a result with ?h=terms (Material's search.highlight): mark the terms in the article.
  if (highlight && params.get("h")) markTerms(params.get("h"));

  function markTerms(text) {
    const article = document.querySelector("article[data-pagefind-body]");
    const words = text.split(/\s+/).filter(w => w.length > 1)
      .map(w => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    if (!article || !words.length) return;
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.join("|")})`, "giu");
    const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
      acceptNode: node => node.parentElement.closest("script, style, mark, .headerlink")
        ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT
    });
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    for (const node of nodes) {
      const value = node.nodeValue;
      pattern.lastIndex = 0;
      if (!pattern.test(value)) continue;
      pattern.lastIndex = 0;
      const frag = document.createDocumentFragment();
      let last = 0;
      for (const match of value.matchAll(pattern)) {
        frag.append(value.slice(last, match.index));
        const mark = document.createElement("mark");
        mark.dataset.mdHighlight = "";
        mark.textContent = match[0];
        frag.append(mark);
        last = match.index + match[0].length;
      }
      frag.append(value.slice(last));
      node.replaceWith(frag);
    }
  }
})();
