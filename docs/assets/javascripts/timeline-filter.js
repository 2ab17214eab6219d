/* Timeline filters: narrow a timeline page's entries by actor, type, place, operation and dates.
 *
 * Progressive enhancement. Without JavaScript the page lists every event. Each entry is an
 * <li data-d="START END" data-t="type" [data-a="actor ids"] [data-p="place ids"] [data-o="op"]>
 * (builder/explore.py: filter_attrs); the labels of the ids come from the JSON in
 * <script type="application/json" class="bf-filter-names"> inside <div class="bf-filter">.
 * This script builds native, labelled form controls there and keeps the state in the query
 * string (?actor=isis&type=raid&from=2025-11-01&to=2025-12-31), so a filtered view can be
 * bookmarked and comes back on reload. One pass over the entries per change: fast at thousands.
 * Dates: an event is shown when its span overlaps [from, to] (a month-precise event counts for
 * every day of its month).
 */
(function () {
  "use strict";
  var FIELDS = [
    { key: "actor", attr: "a", label: "Actor", any: "Any actor" },
    { key: "type", attr: "t", label: "Type", any: "Any type" },
    { key: "place", attr: "p", label: "Place", any: "Any place" },
    { key: "operation", attr: "o", label: "Operation", any: "Any operation" },
  ];

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var key in attrs || {}) node.setAttribute(key, attrs[key]);
    if (text != null) node.textContent = text;
    return node;
  }

  function init(box) {
    if (box.getAttribute("data-state")) return;
    box.setAttribute("data-state", "ready");
    var names = {};
    try { names = JSON.parse(box.querySelector(".bf-filter-names").textContent); } catch (e) { names = {}; }
    var scope = box.closest("article") || document;
    var items = scope.querySelectorAll("li[data-d]");
    var entries = new Array(items.length);
    var counts = { actor: {}, type: {}, place: {}, operation: {} };
    var minDay = "9999", maxDay = "0000";
    var groups = [];
    var seenGroups = new Map();
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
      FIELDS.forEach(function (f) {
        entry[f.key].trim().split(" ").forEach(function (id) {
          if (id) counts[f.key][id] = (counts[f.key][id] || 0) + 1;
        });
      });
      var list = li.parentNode;
      var group = seenGroups.get(list);
      if (!group) {
        var heading = list.previousElementSibling;
        group = { list: list, heading: heading && /^H[2-4]$/.test(heading.tagName) ? heading : null,
                  entries: [], shown: true };
        seenGroups.set(list, group);
        groups.push(group);
      }
      group.entries.push(entry);
    }

    var form = el("form", { "class": "bf-filter__form", role: "search", "aria-label": "Filter the events on this page" });
    var controls = {};
    FIELDS.forEach(function (f) {
      var ids = Object.keys(counts[f.key]);
      var labels = names[f.key] || {};
      ids.sort(function (a, b) {
        return (labels[a] || a).localeCompare(labels[b] || b);
      });
      var wrap = el("div", { "class": "bf-filter__field" });
      var id = "bf-filter-" + f.key;
      wrap.appendChild(el("label", { "for": id }, f.label));
      var select = el("select", { id: id, name: f.key });
      select.appendChild(el("option", { value: "" }, f.any));
      ids.forEach(function (value) {
        select.appendChild(el("option", { value: value }, (labels[value] || value) + " (" + counts[f.key][value] + ")"));
      });
      if (ids.length < 2 && f.key !== "actor") wrap.classList.add("bf-filter__field--few");
      controls[f.key] = select;
      wrap.appendChild(select);
      form.appendChild(wrap);
    });
    ["from", "to"].forEach(function (key) {
      var wrap = el("div", { "class": "bf-filter__field bf-filter__field--date" });
      var id = "bf-filter-" + key;
      wrap.appendChild(el("label", { "for": id }, key === "from" ? "From" : "To"));
      var input = el("input", { id: id, name: key, type: "date" });
      if (minDay !== "9999") { input.min = minDay; input.max = maxDay; }
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
      ["actor", "type", "place", "operation", "from", "to"].forEach(function (key) {
        var value = controls[key].value;
        if (value) s[key] = value;
      });
      return s;
    }

    function apply(writeUrl) {
      var s = state();
      var needles = FIELDS.filter(function (f) { return s[f.key]; })
        .map(function (f) { return [f.key, " " + s[f.key] + " "]; });
      var from = s.from || "", to = s.to || "";
      var shown = 0;
      for (var i = 0; i < entries.length; i++) {
        var e = entries[i], ok = true;
        for (var j = 0; j < needles.length && ok; j++) ok = e[needles[j][0]].indexOf(needles[j][1]) !== -1;
        if (ok && from && e.end < from) ok = false;
        if (ok && to && e.start > to) ok = false;
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
      var total = entries.length;
      var filtered = Object.keys(s).length > 0;
      status.textContent = filtered
        ? shown + " of " + total + " event" + (total === 1 ? "" : "s") + (shown === 0 ? " — none match these filters" : "")
        : "All " + total + " event" + (total === 1 ? "" : "s");
      box.classList.toggle("bf-filter--active", filtered);
      if (writeUrl) {
        var query = new URLSearchParams(s).toString();
        try {
          history.replaceState(history.state, "", location.pathname + (query ? "?" + query : "") + location.hash);
        } catch (e) { /* a page without a real URL (about:blank): nothing to keep */ }
      }
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

    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("input", function (event) { if (event.target.type === "date") apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); });
    reset.addEventListener("click", function () {
      Object.keys(controls).forEach(function (key) { controls[key].value = ""; });
      apply(true);
      controls.actor.focus();
    });
    apply(false);
  }

  function start() { document.querySelectorAll(".bf-filter").forEach(init); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(function () { start(); });
})();
