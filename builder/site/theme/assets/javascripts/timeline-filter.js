/* Filters: narrow events by date range, actor, type, place and operation — one state, in the URL.
 *
 * Two modes, one form:
 *  - the explorer (timeline index and Map page): <div class="bf-filter" data-src="…/data/timeline.json">
 *    loads every event (builder/pages/explore.py: timeline_data), draws a time axis a reader can brush
 *    (assets/javascripts/time-axis.js) and lists the matching events — date, type, place, title —
 *    in .bf-explore-results (made after the form when the page has none). Every change is
 *    announced as a "bf:filter" event (detail: {matched: Set of event ids, or null when nothing is
 *    filtered}), which the Map page's map (map.js) follows; the last one is kept on
 *    document.bfFilter for a map that is drawn later.
 *  - a timeline page (a year, or a month of a busy year): <div class="bf-filter"> holds the labels
 *    of the ids used on the page (<script type="application/json" class="bf-filter-names">), and
 *    each entry is an <li data-d="START END" data-t="type" [data-a="actor ids"] [data-p="place ids"]
 *    [data-o="operation"]> (builder/pages/explore.py: filter_attrs). Entries that do not match are hidden.
 * Faceted: each option's count is the number of events it would leave, given the other filters.
 * Places roll up: an event in a town counts for its governorate and its country too.
 * Progressive enhancement: without JavaScript the box stays hidden and the page lists its events.
 * The state lives in the query string (?actor=isis&type=raid&from=2025-11-01&to=2025-12-31) and in
 * the browser's history: each change is a new entry (one per drag or keyboard session on the axis),
 * so Back undoes the last filter; the links between timeline pages carry it along. Dates: an event
 * is shown when its span overlaps [from, to] (a month-precise event counts for every day of it).
 * All data reaches the page as text (textContent), never as markup.
 */
(function () {
  "use strict";
  var FIELDS = [
    { key: "actor", attr: "a", label: "Actor", any: "Any actor" },
    { key: "type", attr: "t", label: "Type", any: "Any type" },
    { key: "place", attr: "p", label: "Place", any: "Any place" },
    { key: "operation", attr: "o", label: "Operation", any: "Any operation" },
  ];
  var KEYS = ["actor", "type", "place", "operation", "from", "to"];
  var RESULT_LIMIT = 300;
  var LANES = 4;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var key in attrs || {}) node.setAttribute(key, attrs[key]);
    if (text != null) node.textContent = text;
    return node;
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  // ------------------------------------------------------------------ state ↔ URL and history
  function readUrl() {
    var params = new URLSearchParams(location.search), s = {};
    KEYS.forEach(function (key) {
      var value = params.get(key);
      if (!value) return;
      if ((key === "from" || key === "to") && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return;
      s[key] = value;
    });
    return s;
  }

  function query(s) {
    var kept = {};
    KEYS.forEach(function (key) { if (s[key]) kept[key] = s[key]; });
    return new URLSearchParams(kept).toString();
  }

  // One history entry per change; changes of one gesture (a drag, a keyboard session on the
  // axis) replace each other, so Back undoes the whole gesture.
  function History() {
    var last = null;
    return {
      write: function (s, gesture) {
        var q = query(s), url = location.pathname + (q ? "?" + q : "") + location.hash;
        if (url === location.pathname + location.search + location.hash) return q;
        try {
          if (gesture && gesture === last) history.replaceState({ bfFilter: q }, "", url);
          else history.pushState({ bfFilter: q }, "", url);
        } catch (e) { /* a page without a real URL (about:blank): nothing to keep */ }
        last = gesture || null;
        return q;
      },
      forget: function () { last = null; },
    };
  }

  // ------------------------------------------------------------------ the form (both modes)
  // options: {actor: [[value, label], …], …} in display order.
  function buildForm(box, options, minDay, maxDay) {
    var form = el("form", { "class": "bf-filter__form", role: "search", "aria-label": "Filter the events" });
    var controls = {}, labels = {};
    FIELDS.forEach(function (f) {
      var wrap = el("div", { "class": "bf-filter__field" });
      var id = "bf-filter-" + f.key;
      wrap.appendChild(el("label", { "for": id }, f.label));
      var select = el("select", { id: id, name: f.key });
      select.appendChild(el("option", { value: "" }, f.any));
      labels[f.key] = {};
      (options[f.key] || []).forEach(function (o) {
        var option = el("option", { value: o[0] }, o[1]);
        labels[f.key][o[0]] = o[1];
        select.appendChild(option);
      });
      controls[f.key] = select;
      wrap.appendChild(select);
      form.appendChild(wrap);
    });
    ["from", "to"].forEach(function (key) {
      var wrap = el("div", { "class": "bf-filter__field bf-filter__field--date" });
      var id = "bf-filter-" + key;
      wrap.appendChild(el("label", { "for": id }, key === "from" ? "From" : "To"));
      var input = el("input", { id: id, name: key, type: "date" });
      if (minDay && maxDay) { input.min = minDay; input.max = maxDay; }
      controls[key] = input;
      wrap.appendChild(input);
      form.appendChild(wrap);
    });
    var bar = el("div", { "class": "bf-filter__bar" });
    var status = el("p", { "class": "bf-filter__count", role: "status", "aria-live": "polite" });
    var reset = el("button", { type: "button", "class": "md-button bf-filter__reset" }, "Clear filters");
    bar.appendChild(status);
    bar.appendChild(reset);
    box.appendChild(form);
    var axisBox = el("div", { "class": "bf-axis" });
    box.appendChild(axisBox);
    box.appendChild(bar);
    box.hidden = false;

    function state() {
      var s = {};
      KEYS.forEach(function (key) { if (controls[key].value) s[key] = controls[key].value; });
      return s;
    }

    // Set the controls to *s*; a value not on this page stays selected (0 matches), so a
    // bookmarked filter is never silently widened.
    function show(s) {
      FIELDS.forEach(function (f) {
        var value = s[f.key] || "", select = controls[f.key];
        if (value && !Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
          select.appendChild(el("option", { value: value }, value + " (not on this page)"));
          labels[f.key][value] = value + " (not on this page)";
        }
        select.value = value;
      });
      controls.from.value = s.from || "";
      controls.to.value = s.to || "";
    }

    // counts: {actor: {id: n}, …} given the other filters.
    function count(counts) {
      FIELDS.forEach(function (f) {
        var select = controls[f.key], own = counts[f.key];
        for (var i = 1; i < select.options.length; i++) {
          var option = select.options[i], n = own[option.value] || 0;
          var text = labels[f.key][option.value] + " (" + n + ")";
          if (option.textContent !== text) option.textContent = text;
        }
      });
    }

    return {
      controls: controls, status: status, state: state, show: show, count: count, axisBox: axisBox,
      onChange: function (apply) {
        form.addEventListener("change", function () { apply(state(), null); });
        form.addEventListener("submit", function (event) { event.preventDefault(); apply(state(), null); });
        reset.addEventListener("click", function () {
          show({});
          apply({}, null);
          controls.actor.focus();
        });
      },
    };
  }

  // entry: {start, end, actor, type, place, operation} where the last four are " id id " strings.
  // Returns the failing field's key, "date", "" (a match) or "many" (more than one fails).
  function tester(s) {
    var needles = FIELDS.filter(function (f) { return s[f.key]; })
      .map(function (f) { return [f.key, " " + s[f.key] + " "]; });
    var from = s.from || "", to = s.to || "";
    return function (e) {
      var failed = "";
      for (var j = 0; j < needles.length; j++) {
        if (e[needles[j][0]].indexOf(needles[j][1]) === -1) {
          if (failed) return "many";
          failed = needles[j][0];
        }
      }
      if ((from && e.end < from) || (to && e.start > to)) return failed ? "many" : "date";
      return failed;
    };
  }

  // One pass: the matching entries, each option's count given the other filters, and the
  // entries that match every filter but the dates (what the time axis draws).
  function facet(entries, s) {
    var test = tester(s), matched = [], undated = [];
    var counts = { actor: {}, type: {}, place: {}, operation: {} };
    for (var i = 0; i < entries.length; i++) {
      var e = entries[i], failed = test(e);
      if (failed === "many") continue;
      if (failed === "" || failed === "date") undated.push(e);
      if (failed === "") matched.push(e);
      for (var f = 0; f < FIELDS.length; f++) {
        var key = FIELDS[f].key;
        if (failed !== "" && failed !== key) continue;
        var ids = e.ids[key];
        for (var k = 0; k < ids.length; k++) counts[key][ids[k]] = (counts[key][ids[k]] || 0) + 1;
      }
    }
    return { matched: matched, undated: undated, counts: counts };
  }

  function describe(shown, total, filtered) {
    if (!filtered) return "All " + plural(total, "event");
    return shown + " of " + plural(total, "event") + (shown === 0 ? " — none match these filters" : "");
  }

  function withIds(entry) {
    entry.ids = {};
    FIELDS.forEach(function (f) { entry.ids[f.key] = entry[f.key].trim().split(" ").filter(Boolean); });
    return entry;
  }

  // Links to other timeline pages carry the filter along (not entry links, not in-page anchors).
  function linkCarrier(box) {
    if (!box.dataset.timeline) return function () {};
    var root = new URL(box.dataset.timeline, location.href).pathname;
    var links = [];
    (box.closest("article") || document).querySelectorAll("a[href]").forEach(function (a) {
      if (a.closest("li[data-d]") || a.closest(".bf-filter") || a.closest(".bf-explore-results")) return;
      var url = new URL(a.getAttribute("href"), location.href);
      if (url.origin !== location.origin || url.pathname.indexOf(root) !== 0) return;
      if (url.pathname === location.pathname) return;
      // Keep the link relative (a11y: print.css writes out absolute http links after their text).
      links.push([a, a.getAttribute("href").replace(/[?#].*$/, ""), url.hash]);
    });
    return function (q) {
      links.forEach(function (link) {
        link[0].setAttribute("href", link[1] + (q ? "?" + q : "") + link[2]);
      });
    };
  }

  // Sorted options: by label; with parents (places), each under its parent, indented.
  function ordered(ids, labels, parents) {
    var children = {}, roots = [];
    ids.forEach(function (id, n) {
      var parent = parents ? parents[n] : -1;
      if (parent >= 0 && parent !== n) (children[parent] = children[parent] || []).push(n);
      else roots.push(n);
    });
    var byLabel = function (a, b) { return labels[a].localeCompare(labels[b]); };
    var out = [];
    (function walk(list, depth) {
      list.sort(byLabel).forEach(function (n) {
        if (depth > 6) return;
        out.push([ids[n], new Array(depth + 1).join("\u00a0\u00a0\u00a0") + labels[n]]);
        if (children[n]) walk(children[n], depth + 1);
      });
    })(roots, 0);
    return out;
  }

  // ------------------------------------------------------------------ a timeline page
  function pageMode(box) {
    var names = {};
    try { names = JSON.parse(box.querySelector(".bf-filter-names").textContent); } catch (e) { names = {}; }
    var scope = box.closest("article") || document;
    var items = scope.querySelectorAll("li[data-d]");
    var entries = new Array(items.length);
    var minDay = "9999", maxDay = "0000";
    var groups = [], seen = new Map(), used = { actor: {}, type: {}, place: {}, operation: {} };
    for (var i = 0; i < items.length; i++) {
      var li = items[i];
      var d = (li.getAttribute("data-d") || "").split(" ");
      var entry = withIds({
        li: li, shown: true, start: d[0] || "", end: d[1] || d[0] || "",
        actor: " " + (li.getAttribute("data-a") || "") + " ",
        type: " " + (li.getAttribute("data-t") || "") + " ",
        place: " " + (li.getAttribute("data-p") || "") + " ",
        operation: " " + (li.getAttribute("data-o") || "") + " ",
      });
      entries[i] = entry;
      FIELDS.forEach(function (f) { entry.ids[f.key].forEach(function (id) { used[f.key][id] = true; }); });
      if (entry.start && entry.start < minDay) minDay = entry.start;
      if (entry.end && entry.end > maxDay) maxDay = entry.end;
      var list = li.parentNode, group = seen.get(list);
      if (!group) {
        var heading = list.previousElementSibling;
        group = { list: list, heading: heading && /^H[2-4]$/.test(heading.tagName) ? heading : null,
                  entries: [], shown: true };
        seen.set(list, group);
        groups.push(group);
      }
      group.entries.push(entry);
    }
    var options = {};
    FIELDS.forEach(function (f) {
      var ids = Object.keys(used[f.key]), labels = ids.map(function (id) { return (names[f.key] || {})[id] || id; });
      options[f.key] = ordered(ids, labels, null);
    });
    var form = buildForm(box, options, minDay !== "9999" && minDay, maxDay !== "0000" && maxDay);
    form.axisBox.remove();
    var carry = linkCarrier(box), log = History();

    function apply(s, write) {
      var result = facet(entries, s), ok = new Set(result.matched);
      form.count(result.counts);
      for (var i = 0; i < entries.length; i++) {
        var e = entries[i], shown = ok.has(e);
        if (shown !== e.shown) { e.shown = shown; e.li.hidden = !shown; }
      }
      groups.forEach(function (group) {
        var any = group.entries.some(function (e) { return e.shown; });
        if (any !== group.shown) {
          group.shown = any;
          group.list.hidden = !any;
          if (group.heading) group.heading.hidden = !any;
        }
      });
      var filtered = Object.keys(s).length > 0;
      form.status.textContent = describe(result.matched.length, entries.length, filtered);
      box.classList.toggle("bf-filter--active", filtered);
      carry(write ? log.write(s, null) : query(s));
    }
    form.onChange(function (s) { apply(s, true); });
    followUrl(form, log, apply);
  }

  // The filter state lives in the URL: Back and Forward show it again; the page opens on it.
  function followUrl(form, log, apply) {
    window.addEventListener("popstate", function () {
      var s = readUrl();
      log.forget();
      form.show(s);
      apply(s, false);
    });
    var initial = readUrl();
    form.show(initial);
    apply(initial, false);
  }

  // ------------------------------------------------------------------ the explorer
  function model(data) {
    var kinds = ["actor", "type", "place", "operation"];
    var entries = data.events.map(function (row) {
      var ids = function (kind, list) { return " " + list.map(function (n) { return data.ids[kind][n]; }).join(" ") + " "; };
      return withIds({
        id: row[0], title: row[1], text: row[2], start: row[3], end: row[4],
        type: " " + data.ids.type[row[5]] + " ", actor: ids("actor", row[6]), place: ids("place", row[7]),
        operation: row[8] >= 0 ? " " + data.ids.operation[row[8]] + " " : " ",
        typeLabel: data.labels.type[row[5]],
        where: (row[9] || []).map(function (n) { return data.labels.place[n]; }),
        precision: row[10] || "day",
      });
    });
    var options = {};
    kinds.forEach(function (kind) {
      options[kind] = ordered(data.ids[kind], data.labels[kind], (data.parents || {})[kind]);
    });
    // Lanes: the commonest types, then the rest together.
    var byType = {};
    entries.forEach(function (e) { var t = e.ids.type[0]; byType[t] = (byType[t] || 0) + 1; });
    var common = Object.keys(byType).sort(function (a, b) { return byType[b] - byType[a] || a.localeCompare(b); });
    var lanes = common.slice(0, LANES), rest = common.length > LANES + 1;
    if (!rest) lanes = common.slice(0, LANES + 1);
    var laneOf = {}, label = {};
    data.ids.type.forEach(function (id, n) { label[id] = data.labels.type[n]; });
    common.forEach(function (t) { laneOf[t] = lanes.indexOf(t) >= 0 ? lanes.indexOf(t) : lanes.length; });
    entries.forEach(function (e) { e.lane = laneOf[e.ids.type[0]]; });
    var laneLabels = lanes.map(function (t) { return label[t]; });
    if (rest) laneLabels.push("Other types");
    return { entries: entries, options: options, lanes: laneLabels };
  }

  function heading(e) {
    var y = e.start.slice(0, 4);
    if (e.precision === "year") return [y, y + ", date within the year unknown"];
    return [e.start.slice(0, 7), MONTHS[+e.start.slice(5, 7) - 1] + " " + y];
  }

  function entryItem(e, root, data) {
    var item = el("li");
    item.appendChild(el("strong", null, e.text));
    var facts = " · " + e.typeLabel + (e.where.length ? " · " + e.where.join(", ") : "") + " — ";
    item.appendChild(document.createTextNode(facts));
    item.appendChild(el("a", { href: root + data.urls.event.replace("ID", e.id) }, e.title));
    return item;
  }

  function renderList(results, matched, filtered, q, root, data) {
    results.textContent = "";
    results.hidden = false;
    results.appendChild(el("h2", { id: "events" }, filtered ? "Events matching the filters" : "Events"));
    var shown = matched, note = "";
    if (matched.length > RESULT_LIMIT) {
      if (filtered) {
        shown = matched.slice(0, RESULT_LIMIT);
        note = "The first " + RESULT_LIMIT + " are listed; narrow the dates or open a year to see the rest.";
      } else {
        shown = matched.slice(matched.length - RESULT_LIMIT);
        note = "The latest " + RESULT_LIMIT + " are listed; brush the axis or set a filter to see others.";
      }
    }
    if (note) results.appendChild(el("p", { "class": "bf-explore-results__note" }, note));
    var key = null, list = null;
    shown.forEach(function (e) {
      var h = heading(e);
      if (h[0] !== key) {
        key = h[0];
        var head = el("h3");
        var y = e.start.slice(0, 4);
        head.appendChild(el("a", { href: root + data.urls.year.replace("ID", y) + (q ? "?" + q : "") }, h[1]));
        results.appendChild(head);
        list = el("ul", { "class": "bf-explore-results__list" });
        results.appendChild(list);
      }
      list.appendChild(entryItem(e, root, data));
    });
  }

  function explorer(box) {
    var root = box.dataset.root || "";
    box.setAttribute("aria-busy", "true");
    fetch(box.dataset.src, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function (data) {
      var m = model(data), entries = m.entries;
      var axisEvents = entries.map(function (e) { return { start: e.start, end: e.end, lane: e.lane }; });
      var form = buildForm(box, m.options, null, null);
      var scope = box.closest("article") || document;
      var results = scope.querySelector(".bf-explore-results");
      if (!results) {
        results = el("div", { "class": "bf-explore-results" });
        box.parentNode.insertBefore(results, box.nextSibling);
      }
      results.setAttribute("aria-label", "Events matching the filters");
      scope.querySelectorAll(".bf-explore-static").forEach(function (n) { n.hidden = true; });
      var whenFiltered = scope.querySelectorAll(".bf-explore-all");
      box.removeAttribute("aria-busy");
      var carry = linkCarrier(box), log = History();
      var axis = window.BriefingTimeAxis ? window.BriefingTimeAxis.create(form.axisBox, {
        events: axisEvents, lanes: m.lanes,
        onChange: function (from, to, gesture) {
          var s = form.state();
          delete s.from; delete s.to;
          if (from) s.from = from;
          if (to) s.to = to;
          form.show(s);
          apply(s, gesture, true);
        },
      }) : null;
      if (axis) {
        form.controls.from.min = form.controls.to.min = axis.bounds[0];
        form.controls.from.max = form.controls.to.max = axis.bounds[1];
      } else form.axisBox.remove();

      // fromAxis: the axis drew the new range itself (redrawing would drop a dragged or focused handle).
      function apply(s, gesture, fromAxis) {
        var filtered = Object.keys(s).length > 0, result = facet(entries, s);
        form.count(result.counts);
        form.status.textContent = describe(result.matched.length, entries.length, filtered);
        box.classList.toggle("bf-filter--active", filtered);
        var q = gesture === false ? query(s) : log.write(s, gesture);
        carry(q);
        whenFiltered.forEach(function (n) { n.hidden = filtered; });
        if (axis && !fromAxis) axis.update(result.undated, s.from, s.to);
        renderList(results, result.matched, filtered, q, root, data);
        var detail = { matched: filtered ? new Set(result.matched.map(function (e) { return e.id; })) : null, state: s };
        document.bfFilter = detail;
        box.dispatchEvent(new CustomEvent("bf:filter", { bubbles: true, detail: detail }));
      }
      form.onChange(function (s) { apply(s, null); });
      followUrl(form, log, apply);
      box.setAttribute("data-state", "ready");
    }).catch(function (error) {
      box.removeAttribute("aria-busy");
      box.hidden = true;  // the page still lists its events; say nothing louder than the console
      if (window.console) console.warn("filters: " + error.message);
    });
  }

  function init(box) {
    if (box.getAttribute("data-state")) return;
    box.setAttribute("data-state", "loading");
    if (box.dataset.src) explorer(box);
    else { pageMode(box); box.setAttribute("data-state", "ready"); }
  }

  // A page that only links to other timeline pages (a busy year's list of months): pass on the
  // filter from the URL.
  function carryOnly(box) {
    if (box.getAttribute("data-state")) return;
    box.setAttribute("data-state", "ready");
    var q = query(readUrl());
    if (q) linkCarrier(box)(q);
  }

  function start() {
    document.querySelectorAll(".bf-filter").forEach(init);
    document.querySelectorAll(".bf-filter-carry").forEach(carryOnly);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(function () { start(); });
})();
