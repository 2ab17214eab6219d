// Derives docs/assets/vendor/world/syria-region.geojson from world-atlas@2 (Natural Earth 1:50m,
// public domain) with topojson-client@3. Run once, by hand, when the outline should change:
//   cd /tmp && npm pack world-atlas@2.0.2 topojson-client@3.1.0 && (untar both into ./wa ./tc)
//   node builder/site/assets/make_outline.js /tmp/wa/package /tmp/tc/package > docs/assets/vendor/world/syria-region.geojson
// Output: a FeatureCollection, one Feature per country (properties.name), coordinates rounded to
// 3 decimals (~100 m, far finer than the map's zoom range needs).
const [atlasDir, clientDir] = process.argv.slice(2);
const topology = require(`${atlasDir}/countries-50m.json`);
const topojson = require(`${clientDir}/dist/topojson-client.js`);
const WANTED = ["Syria", "Turkey", "Iraq", "Jordan", "Lebanon", "Israel", "Palestine", "Cyprus",
                "N. Cyprus", "Egypt", "Saudi Arabia", "Iran"];
// Where each country's name is written on the map [lon, lat] (inside the drawn area).
const LABELS = {"Syria": [38.6, 35.3], "Turkey": [36.6, 38.2], "Iraq": [43.2, 33.4],
                "Jordan": [36.9, 31.0], "Lebanon": [35.95, 33.95], "Israel": [34.85, 30.9],
                "Palestine": [35.25, 31.9], "Cyprus": [33.0, 34.9], "N. Cyprus": null,
                "Egypt": [31.0, 27.5], "Saudi Arabia": [41.5, 28.5], "Iran": [49.5, 33.5]};
const all = topojson.feature(topology, topology.objects.countries).features;
const round = (c) => (typeof c[0] === "number" ? [+c[0].toFixed(3), +c[1].toFixed(3)] : c.map(round));
const features = WANTED.map((name) => {
  const f = all.find((x) => x.properties.name === name);
  if (!f) throw new Error(`missing ${name}`);
  return {type: "Feature", properties: {name, focus: name === "Syria", label: LABELS[name]},
          geometry: {type: f.geometry.type, coordinates: round(f.geometry.coordinates)}};
});
process.stdout.write(JSON.stringify({
  type: "FeatureCollection",
  source: "Natural Earth 1:50m admin-0 countries via world-atlas@2.0.2 (public domain)",
  features,
}) + "\n");
