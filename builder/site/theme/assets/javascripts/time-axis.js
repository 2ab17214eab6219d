/* A time axis a reader can brush: event density over time, lanes by type, and a selected range.
 *
 * window.BriefingTimeAxis.create(container, options) draws an <svg> into *container* and returns
 * {update(events, from, to)}. options:
 *   events   every event [{start, end, lane}] (ISO days; lane: index into lanes): fixes the layout
 *   lanes    lane labels (e.g. the commonest event types, then "Other types")
 *   onChange(from, to, gesture)  a new range ("" = open end); gesture names one drag or one
 *            keyboard session, so the caller can keep one history entry per gesture.
 * update(events, from, to) redraws the density and lanes for *events* (those matching the other
 * filters) and the selection [from, to].
 *
 * The axis runs month by month; a run of two or more months without any event shrinks to a short
 * break (drawn as // in the baseline), so a briefing whose events cluster in a few months after a long quiet
 * spell still gives those months room. Past 240 months it runs year by year.
 * Keyboard: the two handles are sliders (Tab to them; arrows move a day, Page Up/Down a month,
 * Home/End to the ends). Clicking a month's bar selects that month. The From/To date fields of
 * the filter form are the plain equivalent. No data is ever written as markup: labels are text.
 */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var DAY = 86400000;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];
  var BREAK = 14, PAD = 10, HIST = 54, LANE = 20, TICKS = 30;

  function dayOf(iso) {
    var p = iso.split("-");
    return Date.UTC(+p[0], +p[1] - 1, +p[2]) / DAY;
  }
  function isoOf(day) { return new Date(day * DAY).toISOString().slice(0, 10); }
  function ymOf(day) { var d = new Date(day * DAY); return d.getUTCFullYear() * 12 + d.getUTCMonth(); }
  function dayOfYm(ym) { return Date.UTC(Math.floor(ym / 12), ym % 12, 1) / DAY; }
  function spoken(iso) {
    var p = iso.split("-");
    return (+p[2]) + " " + MONTHS[+p[1] - 1] + " " + p[0];
  }

  function node(tag, attrs, text) {
    var n = document.createElementNS(SVG, tag);
    for (var k in attrs || {}) n.setAttribute(k, attrs[k]);
    if (text != null) n.textContent = text;
    return n;
  }

  // Units: months (or years) from the first event's to the last's; empty runs become breaks.
  function pieces(events) {
    var first = Infinity, last = -Infinity, used = {};
    events.forEach(function (e) {
      var s = ymOf(dayOf(e.start)), f = ymOf(dayOf(e.end));
      first = Math.min(first, s);
      last = Math.max(last, f);
      used[s] = true;
    });
    if (first === Infinity) return { unit: 1, list: [] };
    var unit = last - first + 1 > 240 ? 12 : 1;
    if (unit === 12) {
      var yearly = {};
      Object.keys(used).forEach(function (ym) { yearly[Math.floor(ym / 12) * 12] = true; });
      used = yearly;
      first = Math.floor(first / 12) * 12;
      last = Math.floor(last / 12) * 12;
    }
    var list = [], gap = null;
    for (var ym = first; ym <= last; ym += unit) {
      if (used[ym]) {
        if (gap) list.push(gap);
        gap = null;
        list.push({ kind: "unit", ym: ym, start: dayOfYm(ym), end: dayOfYm(ym + unit) });
      } else if (gap) {
        gap.end = dayOfYm(ym + unit);
        gap.count += 1;
      } else {
        gap = { kind: "gap", ym: ym, start: dayOfYm(ym), end: dayOfYm(ym + unit), count: 1 };
      }
    }
    if (gap) list.push(gap);
    // A single empty unit between two busy ones keeps its width: only longer runs become breaks.
    list.forEach(function (p) { if (p.kind === "gap" && p.count < 2) p.kind = "unit"; });
    return { unit: unit, list: list };
  }

  function layout(shape, width) {
    var units = shape.list.filter(function (p) { return p.kind === "unit"; }).length;
    var gaps = shape.list.length - units;
    var each = units ? (width - 2 * PAD - gaps * BREAK) / units : 0;
    var x = PAD;
    shape.list.forEach(function (p) {
      p.x0 = x;
      x += p.kind === "unit" ? each : BREAK;
      p.x1 = x;
    });
    shape.width = width;
    shape.unitWidth = each;
  }

  function xOf(shape, day) {
    var list = shape.list;
    if (!list.length) return PAD;
    if (day <= list[0].start) return list[0].x0;
    var lo = 0, hi = list.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (list[mid].start <= day) lo = mid; else hi = mid - 1;
    }
    var p = list[lo];
    if (day >= p.end) return p.x1;
    return p.x0 + (p.x1 - p.x0) * (day - p.start) / (p.end - p.start);
  }

  function dayAt(shape, x) {
    var list = shape.list;
    if (!list.length) return 0;
    for (var i = 0; i < list.length; i++) {
      var p = list[i];
      if (x < p.x1 || i === list.length - 1) {
        var f = Math.max(0, Math.min(1, (x - p.x0) / (p.x1 - p.x0)));
        return Math.min(p.end - 1, Math.floor(p.start + f * (p.end - p.start)));
      }
    }
    return list[list.length - 1].end - 1;
  }

  // A unit's tick label; the year is written when it changes from the last one written.
  function label(shape, p, lastYear) {
    var d = new Date(p.start * DAY), year = String(d.getUTCFullYear());
    if (shape.unit === 12) return year;
    var month = MONTHS[d.getUTCMonth()];
    var newYear = year !== lastYear;
    if (shape.unitWidth >= 62) return month.slice(0, 3) + (newYear ? " " + year : "");
    if (shape.unitWidth >= 34) return newYear ? month.slice(0, 1) + " ’" + year.slice(2) : month.slice(0, 1);
    return newYear ? "’" + year.slice(2) : "";
  }

  function create(container, options) {
    var all = options.events.map(function (e) {
      return { start: dayOf(e.start), end: dayOf(e.end), lane: e.lane };
    });
    var shape = pieces(options.events);
    var lanes = options.lanes || [];
    // The range's ends: the first event's first day and the last event's last day.
    var minDay = Infinity, maxDay = -Infinity;
    all.forEach(function (e) { minDay = Math.min(minDay, e.start); maxDay = Math.max(maxDay, e.end); });
    if (!isFinite(minDay)) minDay = maxDay = 0;
    var state = { events: [], from: "", to: "" };
    var svg = node("svg", { "class": "bf-axis__svg", role: "group",
                            "aria-label": "Time axis: events over time; the two handles set the date range" });
    container.appendChild(svg);
    var legend = document.createElement("p");
    legend.className = "bf-axis__help";
    legend.textContent = "Drag across the axis, or move its two handles with the arrow keys, to choose a date range; "
      + "select a month’s bar to choose that month. Stretches without events are shortened (//).";
    container.appendChild(legend);
    var gesture = 0, keyGesture = null, drag = null;

    function range() {
      var a = state.from ? Math.max(minDay, dayOf(state.from)) : minDay;
      var b = state.to ? Math.min(maxDay, dayOf(state.to)) : maxDay;
      return [a, Math.max(a, b)];
    }

    function emit(a, b, id) {
      var from = a <= minDay ? "" : isoOf(a), to = b >= maxDay ? "" : isoOf(b);
      if (from === state.from && to === state.to) return;
      state.from = from;
      state.to = to;
      drawSelection();
      options.onChange(from, to, id);
    }

    function draw() {
      var width = Math.max(240, Math.round(container.clientWidth || 600));
      layout(shape, width);
      var height = HIST + lanes.length * LANE + TICKS;
      svg.setAttribute("viewBox", "0 0 " + width + " " + height);
      svg.setAttribute("width", String(width));
      svg.setAttribute("height", String(height));
      svg.textContent = "";
      var counts = shape.list.map(function () { return 0; });
      var marks = node("g", { "class": "bf-axis__lanes" });
      state.events.forEach(function (e) {
        var s = dayOf(e.start), f = dayOf(e.end);
        for (var i = 0; i < shape.list.length; i++) {
          if (shape.list[i].start <= s && s < shape.list[i].end) { counts[i] += 1; break; }
        }
        var x0 = xOf(shape, s), x1 = Math.max(x0 + 3, xOf(shape, f + 1));
        var y = HIST + e.lane * LANE + 9;
        marks.appendChild(node("rect", { x: x0.toFixed(1), y: String(y), width: (x1 - x0).toFixed(1), height: "7",
                                         "class": "bf-axis__mark" + (f - s > 40 ? " bf-axis__mark--long" : "") }));
      });
      var most = Math.max.apply(null, counts.concat([1]));
      var bars = node("g", { "class": "bf-axis__bars" });
      var ticks = node("g", { "class": "bf-axis__ticks" });
      var base = HIST + lanes.length * LANE, lastYear = null;
      shape.list.forEach(function (p, i) {
        if (p.kind === "gap") {  // a break in the baseline: two slanted strokes
          var mid = (p.x0 + p.x1) / 2;
          ticks.appendChild(node("rect", { "class": "bf-axis__gap", x: (p.x0 + 1).toFixed(1), y: String(base - 2),
                                           width: Math.max(1, p.x1 - p.x0 - 2).toFixed(1), height: "4" }));
          ticks.appendChild(node("path", { "class": "bf-axis__break",
            d: "M" + (mid - 5) + " " + (base + 5) + " l4 -10 M" + (mid + 1) + " " + (base + 5) + " l4 -10" }));
          return;
        }
        var h = counts[i] ? Math.max(3, Math.round((HIST - 16) * counts[i] / most)) : 0;
        var bar = node("rect", { x: (p.x0 + 1).toFixed(1), y: String(HIST - 2 - h), width: Math.max(1, p.x1 - p.x0 - 2).toFixed(1),
                                 height: String(h), "class": "bf-axis__bar" });
        bar.dataset.unit = String(i);
        bars.appendChild(bar);
        if (counts[i] && p.x1 - p.x0 >= 16) {
          bars.appendChild(node("text", { x: ((p.x0 + p.x1) / 2).toFixed(1), y: String(HIST - 5 - h),
                                          "class": "bf-axis__count", "text-anchor": "middle" }, String(counts[i])));
        }
        ticks.appendChild(node("line", { x1: p.x0.toFixed(1), x2: p.x0.toFixed(1), y1: String(base), y2: String(base + 5),
                                         "class": "bf-axis__tick" }));
        var text = label(shape, p, lastYear);
        if (/\d/.test(text)) lastYear = new Date(p.start * DAY).getUTCFullYear() + "";
        if (text) ticks.appendChild(node("text", { x: (p.x0 + 2).toFixed(1), y: String(base + 17), "class": "bf-axis__label" }, text));
      });
      var names = node("g", { "class": "bf-axis__names", "aria-hidden": "true" });
      lanes.forEach(function (name, n) {
        names.appendChild(node("text", { x: String(PAD), y: String(HIST + n * LANE + 7), "class": "bf-axis__lane" }, name));
        svg.appendChild(node("line", { x1: String(PAD), x2: String(width - PAD), y1: String(HIST + n * LANE + 19),
                                       y2: String(HIST + n * LANE + 19), "class": "bf-axis__rule" }));
      });
      svg.appendChild(node("line", { x1: String(PAD), x2: String(width - PAD), y1: String(base), y2: String(base), "class": "bf-axis__base" }));
      svg.appendChild(bars);
      svg.appendChild(marks);
      svg.appendChild(ticks);
      var sel = node("g", { "class": "bf-axis__brush" });
      sel.appendChild(node("rect", { "class": "bf-axis__shade", y: "0", height: String(base) }));
      sel.appendChild(node("rect", { "class": "bf-axis__shade", y: "0", height: String(base) }));
      sel.appendChild(node("rect", { "class": "bf-axis__sel", y: "0", height: String(base) }));
      ["from", "to"].forEach(function (which) {
        // aria-valuenow is a number (days from the first event's first day); aria-valuetext says the date.
        var handle = node("g", { "class": "bf-axis__handle", tabindex: "0", role: "slider",
                                 "aria-label": which === "from" ? "Start of the date range" : "End of the date range",
                                 "aria-valuemin": "0", "aria-valuemax": String(maxDay - minDay) });
        handle.dataset.which = which;
        handle.appendChild(node("rect", { "class": "bf-axis__grip", y: "0", width: "12", height: String(base) }));
        handle.appendChild(node("line", { "class": "bf-axis__edge", x1: "6", x2: "6", y1: "0", y2: String(base) }));
        handle.addEventListener("keydown", onKey);
        handle.addEventListener("focus", function () { keyGesture = null; });
        sel.appendChild(handle);
      });
      svg.appendChild(sel);
      svg.appendChild(names);  // lane names stay legible over the shaded, unselected stretch
      drawSelection();
    }

    function drawSelection() {
      var sel = svg.querySelector(".bf-axis__brush");
      if (!sel) return;
      var r = range(), x0 = xOf(shape, r[0]), x1 = xOf(shape, r[1] + 1), w = shape.width;
      var rects = sel.querySelectorAll("rect.bf-axis__shade");
      var full = !state.from && !state.to;
      rects[0].setAttribute("x", "0");
      rects[0].setAttribute("width", Math.max(0, x0).toFixed(1));
      rects[1].setAttribute("x", x1.toFixed(1));
      rects[1].setAttribute("width", Math.max(0, w - x1).toFixed(1));
      var box = sel.querySelector(".bf-axis__sel");
      box.setAttribute("x", x0.toFixed(1));
      box.setAttribute("width", Math.max(1, x1 - x0).toFixed(1));
      svg.classList.toggle("bf-axis__svg--ranged", !full);
      sel.querySelectorAll(".bf-axis__handle").forEach(function (handle) {
        var from = handle.dataset.which === "from", day = from ? r[0] : r[1];
        handle.setAttribute("transform", "translate(" + ((from ? x0 : x1) - 6).toFixed(1) + ",0)");
        handle.setAttribute("aria-valuenow", String(day - minDay));
        handle.dataset.date = isoOf(day);
        handle.setAttribute("aria-valuetext", spoken(isoOf(day)) + (day === (from ? minDay : maxDay) ? " (open)" : ""));
      });
    }

    function onKey(event) {
      var which = event.currentTarget.dataset.which, r = range(), day = which === "from" ? r[0] : r[1];
      var month = new Date(day * DAY);
      var step = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1 }[event.key];
      if (step) day += step;
      else if (event.key === "PageUp" || event.key === "PageDown") {
        var by = event.key === "PageUp" ? 1 : -1;
        day = Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + by, month.getUTCDate()) / DAY;
      } else if (event.key === "Home") day = minDay;
      else if (event.key === "End") day = maxDay;
      else return;
      event.preventDefault();
      day = Math.max(minDay, Math.min(maxDay, day));
      if (keyGesture === null) keyGesture = "key" + (++gesture);
      if (which === "from") emit(Math.min(day, r[1]), r[1], keyGesture);
      else emit(r[0], Math.max(day, r[0]), keyGesture);
    }

    function pointX(event) {
      var box = svg.getBoundingClientRect();
      return (event.clientX - box.left) * (shape.width / box.width);
    }

    svg.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) return;
      var x = pointX(event), r = range(), x0 = xOf(shape, r[0]), x1 = xOf(shape, r[1] + 1);
      var ranged = state.from || state.to;
      var mode = ranged && Math.abs(x - x0) <= 8 ? "from" : ranged && Math.abs(x - x1) <= 8 ? "to"
        : ranged && x > x0 && x < x1 ? "move" : "new";
      drag = { mode: mode, x: x, anchor: dayAt(shape, x), r: r, moved: false, id: "drag" + (++gesture),
               target: event.target };
      svg.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    svg.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var x = pointX(event);
      if (!drag.moved && Math.abs(x - drag.x) < 4) return;
      drag.moved = true;
      var day = dayAt(shape, x);
      if (drag.mode === "from") emit(Math.min(day, drag.r[1]), drag.r[1], drag.id);
      else if (drag.mode === "to") emit(drag.r[0], Math.max(day, drag.r[0]), drag.id);
      else if (drag.mode === "move") {
        var shift = day - drag.anchor, span = drag.r[1] - drag.r[0];
        var a = Math.max(minDay, Math.min(maxDay - span, drag.r[0] + shift));
        emit(a, a + span, drag.id);
      } else emit(Math.min(day, drag.anchor), Math.max(day, drag.anchor), drag.id);
    });
    function release() {
      var done = drag;
      drag = null;
      if (!done || done.moved) return;
      // A click: on a month's bar (or anywhere in its column), that month.
      var x = done.x;
      for (var i = 0; i < shape.list.length; i++) {
        var p = shape.list[i];
        if (p.kind === "unit" && x >= p.x0 && x < p.x1) {
          emit(Math.max(minDay, p.start), Math.min(maxDay, p.end - 1), done.id);
          return;
        }
      }
    }
    svg.addEventListener("pointerup", release);
    svg.addEventListener("pointercancel", function () { drag = null; });

    var width = 0;
    if (window.ResizeObserver) {
      new ResizeObserver(function () {
        var now = Math.round(container.clientWidth);
        if (now && now !== width) { width = now; draw(); }
      }).observe(container);
    }

    return {
      update: function (events, from, to) {
        state.from = from || "";
        state.to = to || "";
        var same = events.length === state.events.length && events.every(function (e, i) { return e === state.events[i]; });
        if (same && svg.firstChild) { drawSelection(); return; }
        state.events = events;
        var focused = document.activeElement && document.activeElement.closest && document.activeElement.closest(".bf-axis__handle");
        var which = focused && svg.contains(focused) ? focused.dataset.which : null;
        width = Math.round(container.clientWidth);
        draw();
        if (which) svg.querySelector('.bf-axis__handle[data-which="' + which + '"]').focus();
      },
      lanes: lanes,
      bounds: [isoOf(minDay), isoOf(maxDay)],
    };
  }

  window.BriefingTimeAxis = { create: create, dayOf: dayOf, isoOf: isoOf };
})();
