/* Timeline filters: narrow events by actor, type, place, operation and dates.
 *
 * Two modes, one form:
 *  - a timeline page (a year, or a month of a busy year): <div class="bf-filter"> holds the labels
 *    of the ids used on the page (<script type="application/json" class="bf-filter-names">), and
 *    each entry is an <li data-d="START END" data-t="type" [data-a="actor ids"] [data-p="place ids"]
 *    [data-o="operation"]> (builder/pages/explore.py: filter_attrs). Entries that do not match are hidden.
 *  - the timeline index: <div class="bf-filter" data-src="…/data/timeline.json"> loads every event
 *    (builder/pages/explore.py: timeline_data) and lists the matching ones, across all years.
 * Progressive enhancement: without JavaScript the box stays hidden and every event is listed.
 * The state lives in the query string (?actor=isis&type=raid&from=2025-11-01&to=2025-12-31): a
 * filtered view can be bookmarked, comes back on reload, and follows the links between timeline
 * pages. Dates: an event is shown when its span overlaps [from, to] (a month-precise event counts
 * for every day of its month). One pass over the entries per change: fast at thousands.
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

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var key in attrs || {}) node.setAttribute(key, attrs[key]);
    if (text != null) node.textContent = text;
    return node;
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  // ------------------------------------------------------------------ the form (both modes)
  // choices: {actor: [[value, label, count], …], …} sorted for display.
  function buildForm(box, choices, minDay, maxDay) {
    var form = el("form", { "class": "bf-filter__form", role: "search", "aria-label": "Filter the events" });
    var controls = {};
    FIELDS.forEach(function (f) {
      var wrap = el("div", { "class": "bf-filter__field" });
      var id = "bf-filter-" + f.key;
      wrap.appendChild(el("label", { "for": id }, f.label));
      var select = el("select", { id: id, name: f.key });
      select.appendChild(el("option", { value: "" }, f.any));
      (choices[f.key] || []).forEach(function (c) {
        select.appendChild(el("option", { value: c[0] }, c[1] + " (" + c[2] + ")"));
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
    box.appendChild(bar);
    box.hidden = false;

    function state() {
      var s = {};
      KEYS.forEach(function (key) { if (controls[key].value) s[key] = controls[key].value; });
      return s;
    }

    // Restore from the query string; a value not on this page stays selected (0 matches) so a
    // bookmarked filter is never silently widened.
    var params = new URLSearchParams(location.search);
    FIELDS.forEach(function (f) {
      var value = params.get(f.key);
      if (!value) return;
      var select = controls[f.key];
      if (!Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
        select.appendChild(el("option", { value: value }, value + " (not on this page)"));
      }
      select.value = value;
    });
    ["from", "to"].forEach(function (key) {
      var value = params.get(key);
      if (value && /^\d{4}-\d{2}-\d{2}$/.test(value)) controls[key].value = value;
    });

    return {
      controls: controls, status: status, state: state,
      onChange: function (apply) {
        form.addEventListener("change", function () { apply(true); });
        form.addEventListener("input", function (event) { if (event.target.type === "date") apply(true); });
        form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); });
        reset.addEventListener("click", function () {
          KEYS.forEach(function (key) { controls[key].value = ""; });
          apply(true);
          controls.actor.focus();
        });
      },
    };
  }

  // entry: {start, end, actor, type, place, operation} where the last four are " id id " strings.
  function matcher(s) {
    var needles = FIELDS.filter(function (f) { return s[f.key]; })
      .map(function (f) { return [f.key, " " + s[f.key] + " "]; });
    var from = s.from || "", to = s.to || "";
    return function (e) {
      for (var j = 0; j < needles.length; j++) if (e[needles[j][0]].indexOf(needles[j][1]) === -1) return false;
      if (from && e.end < from) return false;
      if (to && e.start > to) return false;
      return true;
    };
  }

  function writeUrl(s) {
    var query = new URLSearchParams(s).toString();
    try {
      history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
    } catch (e) { /* a page without a real URL (about:blank): nothing to keep */ }
    return query;
  }

  function describe(shown, total, filtered) {
    if (!filtered) return "All " + plural(total, "event");
    return shown + " of " + plural(total, "event") + (shown === 0 ? " — none match these filters" : "");
  }

  function choicesFrom(counts, labels) {
    var out = {};
    FIELDS.forEach(function (f) {
      var names = labels[f.key] || {};
      out[f.key] = Object.keys(counts[f.key]).map(function (id) { return [id, names[id] || id, counts[f.key][id]]; })
        .sort(function (a, b) { return a[1].localeCompare(b[1]); });
    });
    return out;
  }

  // Links to other timeline pages carry the filter along (not entry links, not in-page anchors).
  function linkCarrier(box) {
    if (!box.dataset.timeline) return function () {};
    var root = new URL(box.dataset.timeline, location.href).pathname;
    var links = [];
    (box.closest("article") || document).querySelectorAll("a[href]").forEach(function (a) {
      if (a.closest("li[data-d]") || a.closest(".bf-filter")) return;
      var url = new URL(a.getAttribute("href"), location.href);
      if (url.origin !== location.origin || url.pathname.indexOf(root) !== 0) return;
      if (url.pathname === location.pathname) return;
      // Keep the link relative (a11y: print.css writes out absolute http links after their text).
      links.push([a, a.getAttribute("href").replace(/[?#].*$/, ""), url.hash]);
    });
    return function (query) {
      links.forEach(function (link) {
        link[0].setAttribute("href", link[1] + (query ? "?" + query : "") + link[2]);
      });
    };
  }

  // ------------------------------------------------------------------ a timeline page
  function pageMode(box) {
    var names = {};
    try { names = JSON.parse(box.querySelector(".bf-filter-names").textContent); } catch (e) { names = {}; }
    var scope = box.closest("article") || document;
    var items = scope.querySelectorAll("li[data-d]");
    var entries = new Array(items.length);
    var counts = { actor: {}, type: {}, place: {}, operation: {} };
    var minDay = "9999", maxDay = "0000";
    var groups = [], seen = new Map();
    for (var i = 0; i < items.length; i++) {
      var li = items[i];
      var d = (li.getAttribute("data-d") || "").split(" ");
      var entry = {
        li: li, shown: true, start: d[0] || "", end: d[1] || d[0] || "",
        actor: " " + (li.getAttribute("data-a") || "") + " ",
        type: " " + (li.getAttribute("data-t") || "") + " ",
        place: " " + (li.getAttribute("data-p") || "") + " ",
        operation: " " + (li.getAttribute("data-o") || "") + " ",
      };
      entries[i] = entry;
      if (entry.start && entry.start < minDay) minDay = entry.start;
      if (entry.end && entry.end > maxDay) maxDay = entry.end;
      for (var f = 0; f < FIELDS.length; f++) {
        var key = FIELDS[f].key, ids = entry[key].trim().split(" ");
        for (var k = 0; k < ids.length; k++) if (ids[k]) counts[key][ids[k]] = (counts[key][ids[k]] || 0) + 1;
      }
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
    var form = buildForm(box, choicesFrom(counts, names), minDay !== "9999" && minDay, maxDay !== "0000" && maxDay);
    var carry = linkCarrier(box);

    function apply(write) {
      var s = form.state(), test = matcher(s), shown = 0;
      for (var i = 0; i < entries.length; i++) {
        var e = entries[i], ok = test(e);
        if (ok !== e.shown) { e.shown = ok; e.li.hidden = !ok; }
        if (ok) shown++;
      }
      for (var g = 0; g < groups.length; g++) {
        var group = groups[g], any = false;
        for (var k = 0; k < group.entries.length && !any; k++) any = group.entries[k].shown;
        if (any !== group.shown) {
          group.shown = any;
          group.list.hidden = !any;
          if (group.heading) group.heading.hidden = !any;
        }
      }
      var filtered = Object.keys(s).length > 0;
      form.status.textContent = describe(shown, entries.length, filtered);
      box.classList.toggle("bf-filter--active", filtered);
      carry(write ? writeUrl(s) : new URLSearchParams(s).toString());
    }
    form.onChange(apply);
    apply(false);
  }

  // ------------------------------------------------------------------ the timeline index
  function indexMode(box) {
    var root = box.dataset.root || "";
    box.setAttribute("aria-busy", "true");
    fetch(box.dataset.src, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function (data) {
      var kinds = ["actor", "type", "place", "operation"];
      var counts = { actor: {}, type: {}, place: {}, operation: {} };
      var labels = { actor: {}, type: {}, place: {}, operation: {} };
      kinds.forEach(function (kind) {
        data.ids[kind].forEach(function (id, n) { labels[kind][id] = data.labels[kind][n]; });
      });
      var minDay = "9999", maxDay = "0000";
      var entries = data.events.map(function (row) {
        var ids = function (kind, list) { return " " + list.map(function (n) { return data.ids[kind][n]; }).join(" ") + " "; };
        var e = {
          id: row[0], title: row[1], text: row[2], start: row[3], end: row[4],
          type: " " + data.ids.type[row[5]] + " ", actor: ids("actor", row[6]), place: ids("place", row[7]),
          operation: row[8] >= 0 ? " " + data.ids.operation[row[8]] + " " : " ",
        };
        kinds.forEach(function (kind) {
          e[kind].trim().split(" ").forEach(function (id) { if (id) counts[kind][id] = (counts[kind][id] || 0) + 1; });
        });
        if (e.start < minDay) minDay = e.start;
        if (e.end > maxDay) maxDay = e.end;
        return e;
      });
      var form = buildForm(box, choicesFrom(counts, labels), minDay !== "9999" && minDay, maxDay !== "0000" && maxDay);
      var results = el("div", { "class": "bf-filter__results" });
      results.hidden = true;
      box.parentNode.insertBefore(results, box.nextSibling);
      box.removeAttribute("aria-busy");
      var carry = linkCarrier(box);

      function apply(write) {
        var s = form.state(), test = matcher(s), filtered = Object.keys(s).length > 0;
        var matched = filtered ? entries.filter(test) : entries;
        form.status.textContent = describe(matched.length, entries.length, filtered);
        box.classList.toggle("bf-filter--active", filtered);
        var query = write ? writeUrl(s) : new URLSearchParams(s).toString();
        carry(query);
        results.textContent = "";
        results.hidden = !filtered;
        if (!filtered) return;
        var year = null, list = null;
        matched.slice(0, RESULT_LIMIT).forEach(function (e) {
          var y = e.start.slice(0, 4);
          if (y !== year) {
            year = y;
            var head = el("h3");
            var link = el("a", { href: root + data.urls.year.replace("ID", y) + (query ? "?" + query : "") }, y);
            head.appendChild(link);
            results.appendChild(head);
            list = el("ul");
            results.appendChild(list);
          }
          var item = el("li");
          item.appendChild(el("strong", null, e.text));
          item.appendChild(document.createTextNode(" — "));
          item.appendChild(el("a", { href: root + data.urls.event.replace("ID", e.id) }, e.title));
          list.appendChild(item);
        });
        if (matched.length > RESULT_LIMIT) {
          results.appendChild(el("p", null, "The first " + RESULT_LIMIT + " are listed; open a year above to see the rest with the same filters."));
        }
      }
      form.onChange(apply);
      apply(false);
    }).catch(function (error) {
      box.removeAttribute("aria-busy");
      box.hidden = true;  // the index still lists every year; say nothing louder than the console
      if (window.console) console.warn("timeline filter: " + error.message);
    });
  }

  function init(box) {
    if (box.getAttribute("data-state")) return;
    box.setAttribute("data-state", "ready");
    if (box.dataset.src) indexMode(box);
    else pageMode(box);
  }

  // A page that only links to other timeline pages (a busy year's list of months): pass on the
  // filter from the URL.
  function carryOnly(box) {
    if (box.getAttribute("data-state")) return;
    box.setAttribute("data-state", "ready");
    var params = new URLSearchParams(location.search), kept = {};
    KEYS.forEach(function (key) { if (params.get(key)) kept[key] = params.get(key); });
    var query = new URLSearchParams(kept).toString();
    if (query) linkCarrier(box)(query);
  }

  function start() {
    document.querySelectorAll(".bf-filter").forEach(init);
    document.querySelectorAll(".bf-filter-carry").forEach(carryOnly);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(function () { start(); });
})();
