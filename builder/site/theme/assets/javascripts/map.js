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

  function plural(n, one, many) { return n + " " + (n === 1 ? one : (many || one + "s")); }

  // A page URL from the site root: root + pattern with ID replaced (ids are slugs).
  function pageUrl(root, pattern, id) { return root + pattern.replace("ID", id); }

  function popup(place, data, root) {
    var box = el("div", { "class": "bf-popup" });
    var title = el("a", { href: pageUrl(root, data.urls.place, place.id), "class": "bf-popup__title" }, place.name);
    box.appendChild(title);
    box.appendChild(el("div", { "class": "bf-popup__note" },
      place.kind.replace(/-/g, " ") + " · " + place.note));
    var events = place.events || [];
    var head = plural(place.count, "event");
    if (place.total > place.count) head += " here, " + place.total + " including places within it";
    box.appendChild(el("div", { "class": "bf-popup__count" }, head));
    if (events.length) {
      var list = el("ul", { "class": "bf-popup__events" });
      var shown = events.slice(0, 12);
      shown.forEach(function (index) {
        var row = data.events[index];
        var item = el("li");
        item.appendChild(el("span", { "class": "bf-popup__date" }, row[2]));
        item.appendChild(document.createTextNode(" "));
        item.appendChild(el("a", { href: pageUrl(root, data.urls.event, row[0]) }, row[1]));
        list.appendChild(item);
      });
      box.appendChild(list);
      if (events.length > shown.length) {
        box.appendChild(el("a", { href: pageUrl(root, data.urls.place, place.id) },
          "All " + events.length + " events →"));
      }
    }
    return box;
  }

  function focusOf(node) {
    var ids = {};
    (node.dataset.focus || "").split(" ").forEach(function (id) { if (id) ids[id] = true; });
    return ids;
  }

  function basemap(L, map, node) {
    var focus = focusOf(node);
    function focused(feature) { return focus[feature.properties.id] === true; }
    if (node.dataset.tiles) {
      L.tileLayer(node.dataset.tiles, { attribution: node.dataset.attribution || "", maxZoom: 12 }).addTo(map);
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
      var named = [];
      data.places.forEach(function (place) {
        var ll = L.latLng(place.lat, place.lon);
        var marker = L.circleMarker(ll, markerStyle(place.r, place.count === 0));
        var label = place.name + " (" + plural(place.count, "event") + ")";
        marker.bindPopup(function () { return popup(place, data, root); }, { maxWidth: 320, minWidth: 220 });
        marker.bindTooltip(textTip(label), { direction: "top" });
        markers.addLayer(marker);
        named.push([marker, label]);
        if (region && region.contains(ll)) inside.push(ll);
      });
      markers.addTo(map);
      if (inside.length) map.fitBounds(L.latLngBounds(inside), { padding: [24, 24], maxZoom: 7 });
      else map.fitWorld();
      // (Leaflet draws the markers once the map has a view: their shapes exist from here on.)
      named.forEach(function (pair) { nameMarker(pair[0], pair[1], true); });
      node.setAttribute("data-markers", String(data.places.length));
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
