/* Wide tables on narrow screens: Material lets a table scroll sideways inside its wrapper
 * (.md-typeset__scrollwrap); nothing told a reader there was more to the right (on a phone the
 * figures table hid its Quote column). A wrapper whose table is wider than it gets:
 *   - class bf-scrolls: shadows at the edges with more to see, and a "Scroll sideways" hint
 *     (assets/stylesheets/a11y.css in this theme folder);
 *   - role=region, a name (the heading above the table) and a tab stop, so keyboard users can
 *     scroll it with the arrow keys and screen readers announce it.
 * Names are set as text (attribute values), never as markup. Checked by tests/test_hostile_site.py.
 */
(function () {
  "use strict";

  function headingBefore(node) {
    for (var at = node; at && at.tagName !== "ARTICLE"; at = at.parentElement) {
      for (var prev = at.previousElementSibling; prev; prev = prev.previousElementSibling) {
        if (/^H[1-6]$/.test(prev.tagName)) return prev.textContent.replace(/¶$/, "").trim();
      }
    }
    return "";
  }

  function hint(wrap) {
    var before = wrap.previousElementSibling;
    if (before && before.classList.contains("bf-scroll-hint")) return before;
    var note = document.createElement("p");
    note.className = "bf-scroll-hint";
    note.setAttribute("aria-hidden", "true");  // the region's name says it already
    note.textContent = "Scroll sideways for more →";
    wrap.parentNode.insertBefore(note, wrap);
    return note;
  }

  function mark(wrap) {
    var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    wrap.classList.toggle("bf-scrolls", scrolls);
    wrap.classList.toggle("bf-scrolls--end", scrolls && wrap.scrollLeft + wrap.clientWidth >= wrap.scrollWidth - 1);
    if (scrolls) {
      var name = headingBefore(wrap) || "Table";
      wrap.setAttribute("role", "region");
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("aria-label", name + " (table, scrolls sideways)");
      hint(wrap).hidden = false;
    } else if (wrap.classList.contains("bf-marked")) {
      wrap.removeAttribute("role");
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("aria-label");
      hint(wrap).hidden = true;
    }
    if (scrolls) wrap.classList.add("bf-marked");
  }

  function start() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap:not([data-bf-watched])");
    wraps.forEach(function (wrap) {
      wrap.setAttribute("data-bf-watched", "");
      mark(wrap);
      wrap.addEventListener("scroll", function () { mark(wrap); }, { passive: true });
      if (window.ResizeObserver) new ResizeObserver(function () { mark(wrap); }).observe(wrap);
    });
    document.documentElement.setAttribute("data-bf-tables", "ready");
  }

  // Material wraps the tables when it mounts the page (document$); then mark them.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(function () { start(); });
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
