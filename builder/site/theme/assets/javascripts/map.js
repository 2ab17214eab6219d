/* Briefing maps: the Map page (every located place) and the small map on each place page.
 *
 * Markup (written by builder/pages/templates/map.md.j2 and _place_map.md.j2):
 *   <div class="bf-map" data-outline="…geojson" [data-focus="760 368"] [data-src="…/data/map.json"]
 *        [data-lat data-lon data-name data-note] [data-tiles data-attribution]>fallback text</div>
 *   <script src="…/assets/javascripts/map.js" defer></script>
 * data-outline is the world's country outlines (one feature per country, properties {name, id:
 * ISO 3166-1 numeric, label: [lon, lat]}); data-focus names the countries the briefing's places are
 * in, drawn a little stronger. The Map page fits its view to the places (data.region).
 * Leaflet and the country outlines are loaded from this site (paths relative to this script):
 * never a CDN. An online tile layer is used only when data-tiles is set (mkdocs.yml opt-in).
 * Colours come from Material's CSS variables (builder/site/theme/assets/stylesheets/explore.css), so the map
 * follows the light/dark palette without reloading.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var here = new URL(".", script ? script.src : location.href);
  var vendor = new URL("../vendor/leaflet-1.9.4/", here);
  var leafletReady = null;

  function loadLeaflet() {
    if (window.L) return Promise.resolve(window.L);
    if (leafletReady) return leafletReady;
    leafletReady = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = new URL("leaflet.css", vendor).href;
      document.head.appendChild(css);
      var js = document.createElement("script");
      js.src = new URL("leaflet.js", vendor).href;
      js.onload = function () { resolve(window.L); };
      js.onerror = function () { reject(new Error("Leaflet could not be loaded")); };
      document.head.appendChild(js);
    });
    return leafletReady;
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(url + ": HTTP " + r.status);
      return r.json();
    });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var key in attrs || {}) node.setAttribute(key, attrs[key]);
    if (text != null) node.textContent = text;
    return node;
  }

  // Leaflet inserts a string tooltip as HTML: hand it a node whose text is set, never markup.
  function textTip(text) { return el("span", null, text); }

  function htmlText(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : (many || one + "s")); }

  // A page URL from the site root: root + pattern with ID replaced (ids are slugs).
  function pageUrl(root, pattern, id) { return root + pattern.replace("ID", id); }

  function focusOf(node) {
    var ids = {};
    (node.dataset.focus || "").split(" ").forEach(function (id) { if (id) ids[id] = true; });
    return ids;
  }

  function basemap(L, map, node) {
    var focus = focusOf(node);
    function focused(feature) { return focus[feature.properties.id] === true; }
    if (node.dataset.tiles) {
      // Leaflet shows an attribution as HTML: the configured one is text, so it is escaped first.
      L.tileLayer(node.dataset.tiles, { attribution: htmlText(node.dataset.attribution || ""), maxZoom: 12 }).addTo(map);
    }
    if (!node.dataset.outline) return Promise.resolve(null);
    // Panes: land (250) < country names (300) < markers (Leaflet's overlay pane, 400).
    map.createPane("bf-land").style.zIndex = 250;
    map.createPane("bf-labels").style.zIndex = 300;
    map.getPane("bf-labels").style.pointerEvents = "none";
    return getJSON(node.dataset.outline).then(function (geo) {
      var layer = L.geoJSON(geo, {
        interactive: false, pane: "bf-land",
        style: function (feature) {
          return { className: focused(feature) ? "bf-country bf-country--focus" : "bf-country",
                   weight: focused(feature) ? 1.6 : 0.8, fillOpacity: 1 };
        },
      });
      if (!node.dataset.tiles) {
        layer.addTo(map);
        // Country names, quiet and non-interactive, drawn under the markers.
        var labels = L.layerGroup();
        geo.features.forEach(function (feature) {
          var at = feature.properties.label;
          if (!at) return;
          var text = el("span", null, feature.properties.name);
          labels.addLayer(L.marker([at[1], at[0]], {
            interactive: false, keyboard: false, pane: "bf-labels",
            icon: L.divIcon({ className: "bf-country-label" + (focused(feature) ? " bf-country-label--focus" : ""),
                              html: text, iconSize: null }),
          }));
        });
        labels.addTo(map);
      }
      return layer;
    }).catch(function () { return null; });
  }

  // A marker for keyboards and screen readers: its SVG shape gets a name (text, as an attribute
  // value: never markup) and, when it opens a popup, a tab stop that shows the tooltip on focus and
  // opens the popup with Enter or Space. Called once the marker is on the map (its shape exists).
  function nameMarker(marker, label, opens) {
    var shape = marker.getElement && marker.getElement();
    if (!shape) return;
    shape.setAttribute("aria-label", label);
    if (!opens) {
      shape.setAttribute("role", "img");
      return;
    }
    shape.setAttribute("role", "button");
    shape.setAttribute("tabindex", "0");
    shape.setAttribute("aria-haspopup", "dialog");
    shape.addEventListener("focus", function () { marker.openTooltip(); });
    shape.addEventListener("blur", function () { marker.closeTooltip(); });
    shape.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      marker.openPopup();
      var link = marker.getPopup() && marker.getPopup().getElement().querySelector("a");
      if (link) link.focus();
    });
  }

  function markerStyle(radius, empty) {
    return { radius: radius, className: empty ? "bf-marker bf-marker--empty" : "bf-marker",
             weight: 1.5, fillOpacity: empty ? 0.15 : 0.55 };
  }

  // Places known only to a country or a governorate are areas, not points: listed beside the map.
  var AREA = { country: true, governorate: true };
  function isArea(place) { return AREA[place.kind] || AREA[place.precision]; }

  // Points at the same coordinates (a governorate's centre on its capital, a town and its site)
  // become one marker listing every place there.
  function mergeByCoordinates(places) {
    var groups = [], at = {};
    places.forEach(function (place) {
      var key = place.lat.toFixed(4) + "," + place.lon.toFixed(4);
      if (!at[key]) { at[key] = { lat: place.lat, lon: place.lon, places: [] }; groups.push(at[key]); }
      at[key].places.push(place);
    });
    return groups;
  }

  // Event indexes (into data.events) of *places*, each once, those in *matched* only (null: all).
  function eventsOf(places, data, matched) {
    var seen = {}, out = [];
    places.forEach(function (place) {
      place.events.forEach(function (index) {
        if (seen[index]) return;
        seen[index] = true;
        if (!matched || matched.has(data.events[index][0])) out.push(index);
      });
    });
    return out.sort(function (a, b) { return a - b; });
  }

  function eventList(indexes, data, root, limit) {
    var list = el("ul", { "class": "bf-popup__events" });
    indexes.slice(0, limit).forEach(function (index) {
      var row = data.events[index];
      var item = el("li");
      item.appendChild(el("span", { "class": "bf-popup__date" }, row[2]));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(el("a", { href: pageUrl(root, data.urls.event, row[0]) }, row[1]));
      list.appendChild(item);
    });
    return list;
  }

  function groupPopup(group, data, root, matched) {
    var box = el("div", { "class": "bf-popup" });
    group.places.forEach(function (place) {
      var head = el("div", { "class": "bf-popup__place" });
      head.appendChild(el("a", { href: pageUrl(root, data.urls.place, place.id), "class": "bf-popup__title" }, place.name));
      box.appendChild(head);
      box.appendChild(el("div", { "class": "bf-popup__note" }, place.kind.replace(/-/g, " ") + " · " + place.note));
    });
    var indexes = eventsOf(group.places, data, matched);
    var total = eventsOf(group.places, data, null).length;
    box.appendChild(el("div", { "class": "bf-popup__count" },
      matched ? indexes.length + " of " + plural(total, "event") + " match the filters" : plural(total, "event") + " here"));
    if (indexes.length) box.appendChild(eventList(indexes, data, root, 12));
    if (indexes.length > 12) {
      box.appendChild(el("p", null, "… and " + (indexes.length - 12) + " more: see each place’s page."));
    }
    return box;
  }

  // The list of country- and governorate-wide events, after the map (rebuilt on each filter).
  function areaList(node, areas, data, root) {
    var box = el("section", { "class": "bf-map-areas", "aria-label": "Events placed at country or governorate level" });
    node.parentNode.insertBefore(box, node.nextSibling);
    return function (matched) {
      box.textContent = "";
      box.appendChild(el("h2", { id: "country-wide" }, "Country-wide and governorate-wide events"));
      var shown = 0, list = el("ul", { "class": "bf-map-areas__list" });
      areas.forEach(function (place) {
        var indexes = eventsOf([place], data, matched);
        if (!indexes.length) return;
        shown += 1;
        var item = el("li"), head = el("p", { "class": "bf-map-areas__place" });
        head.appendChild(el("a", { href: pageUrl(root, data.urls.place, place.id) }, place.name));
        head.appendChild(document.createTextNode(" — " + (place.kind === "country" ? "country-wide" : place.kind.replace(/-/g, " ") + "-wide")
          + ", " + plural(indexes.length, "event")));
        item.appendChild(head);
        item.appendChild(eventList(indexes, data, root, 6));
        if (indexes.length > 6) item.appendChild(el("p", null, "… and " + (indexes.length - 6) + " more on the place’s page."));
        list.appendChild(item);
      });
      box.appendChild(el("p", null, shown ? "Events the sources place only in a whole country or governorate, not at a point:"
        : "No event placed only at country or governorate level matches the filters."));
      if (shown) box.appendChild(list);
    };
  }

  function initAll(L, node) {
    var root = node.dataset.root || "";
    var map = L.map(node, { zoomSnap: 0.25, scrollWheelZoom: false, attributionControl: !!node.dataset.tiles,
                            minZoom: 3, maxZoom: 12, worldCopyJump: false });
    node.classList.add("bf-map--ready");
    return Promise.all([getJSON(node.dataset.src), basemap(L, map, node)]).then(function (results) {
      var data = results[0];
      var region = data.region ? L.latLngBounds(data.region) : null;
      var inside = [];
      var markers = L.featureGroup();
      var groups = mergeByCoordinates(data.places.filter(function (p) { return !isArea(p); }));
      var areas = data.places.filter(isArea);
      var largest = Math.max.apply(null, groups.map(function (g) { return eventsOf(g.places, data, null).length; }).concat([1]));
      var matched = null;
      groups.forEach(function (group) {
        var ll = L.latLng(group.lat, group.lon);
        var marker = L.circleMarker(ll, markerStyle(5, false));
        marker.bindPopup(function () { return groupPopup(group, data, root, matched); }, { maxWidth: 320, minWidth: 220 });
        marker.bindTooltip(textTip(""), { direction: "top" });
        group.marker = marker;
        markers.addLayer(marker);
        if (region && region.contains(ll)) inside.push(ll);
      });
      markers.addTo(map);
      var showAreas = areaList(node, areas, data, root);

      function filter(next) {
        matched = next;
        var shown = 0;
        groups.forEach(function (group) {
          var n = eventsOf(group.places, data, matched).length;
          var names = group.places.map(function (p) { return p.name; }).join(", ");
          group.marker.setStyle(markerStyle(n ? 5 + 19 * Math.sqrt(n / largest) : 4, n === 0));
          var label = names + " (" + plural(n, "event") + (matched ? " matching the filters" : "") + ")";
          group.marker.setTooltipContent(textTip(label));
          var path = group.marker.getElement && group.marker.getElement();
          if (path) {
            path.classList.toggle("bf-marker--empty", n === 0);
            path.setAttribute("aria-label", label);
          }
          if (n) shown += 1;
        });
        showAreas(matched);
        node.setAttribute("data-shown", String(shown));
      }
      if (inside.length) map.fitBounds(L.latLngBounds(inside), { padding: [24, 24], maxZoom: 7 });
      else map.fitWorld();
      // (Leaflet draws the markers once the map has a view: their shapes exist from here on.)
      groups.forEach(function (group) { nameMarker(group.marker, group.places.map(function (p) { return p.name; }).join(", "), true); });
      filter(document.bfFilter ? document.bfFilter.matched : null);
      document.addEventListener("bf:filter", function (event) { filter(event.detail.matched); });
      node.setAttribute("data-markers", String(groups.length));
      node.setAttribute("data-places", String(data.places.length));  // points (merged) and areas
      node.setAttribute("data-state", "ready");
      return map;
    });
  }

  function initOne(L, node) {
    var lat = parseFloat(node.dataset.lat), lon = parseFloat(node.dataset.lon);
    var map = L.map(node, { scrollWheelZoom: false, attributionControl: !!node.dataset.tiles,
                            zoomControl: true, zoomSnap: 0.5, minZoom: 3, maxZoom: 12 });
    node.classList.add("bf-map--ready");
    // A locator map: enough of the country around the point to see where it is.
    var zoom = { country: 5, governorate: 6, region: 6 };
    map.setView([lat, lon], zoom[node.dataset.precision] || 6.5);
    return basemap(L, map, node).then(function () {
      var label = node.dataset.name + " — " + node.dataset.note;
      var marker = L.circleMarker([lat, lon], markerStyle(9, false)).addTo(map)
        .bindTooltip(textTip(label), { direction: "top" });
      nameMarker(marker, label, false);
      node.setAttribute("data-markers", "1");
      node.setAttribute("data-state", "ready");
      return map;
    });
  }

  function start() {
    var nodes = document.querySelectorAll(".bf-map:not([data-state])");
    if (!nodes.length) return;
    nodes.forEach(function (node) { node.setAttribute("data-state", "loading"); });
    loadLeaflet().then(function (L) {
      nodes.forEach(function (node) {
        node.textContent = "";
        var done = node.dataset.src ? initAll(L, node) : initOne(L, node);
        done.catch(function (error) {
          node.setAttribute("data-state", "failed");
          node.classList.remove("bf-map--ready");
          node.textContent = "The map could not be drawn (" + error.message + "); the list below has every place.";
        });
      });
    }).catch(function (error) {
      nodes.forEach(function (node) {
        node.setAttribute("data-state", "failed");
        node.textContent = "The map could not be drawn (" + error.message + "); the list below has every place.";
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  // Material's instant navigation (if switched on) swaps pages without reloading scripts.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(function () { start(); });
})();
