// Derives builder/site/theme/assets/vendor/world/countries.geojson, the map's country outlines,
// from world-atlas@2 (Natural Earth admin-0 countries, public domain) with topojson-client@3.
// Run by hand when the outlines should change (a development step; the build never runs it):
//   cd /tmp && npm pack world-atlas@2.0.2 topojson-client@3.1.0 && (untar both into ./wa ./tc)
//   node scripts/make_outline.js /tmp/wa/package /tmp/tc/package 110m \
//     > builder/site/theme/assets/vendor/world/countries.geojson
// Output: a FeatureCollection, one Feature per country, properties {name, id (ISO 3166-1 numeric),
// label ([lon, lat] where its name is written: the centre of its largest polygon's ring)},
// coordinates rounded to 2 decimals (~1 km, finer than the map's zoom range needs).
const [atlasDir, clientDir, scale = "110m"] = process.argv.slice(2);
const topology = require(`${atlasDir}/countries-${scale}.json`);
const topojson = require(`${clientDir}/dist/topojson-client.js`);
const round = (c) => (typeof c[0] === "number" ? [+c[0].toFixed(2), +c[1].toFixed(2)] : c.map(round));

// Planar area and centroid of a ring [[lon, lat], …] (shoelace formula).
function ringCentroid(ring) {
  let area = 0, x = 0, y = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    area += cross;
    x += (ring[j][0] + ring[i][0]) * cross;
    y += (ring[j][1] + ring[i][1]) * cross;
  }
  return area ? {area: Math.abs(area / 2), at: [+(x / (3 * area)).toFixed(2), +(y / (3 * area)).toFixed(2)]}
              : {area: 0, at: ring[0]};
}

// A ring that runs along the antimeridian (Russia's) is measured with its western longitudes
// moved east by 360°, then the centre is moved back into -180…180.
function label(geometry) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  let best = {area: -1, at: null};
  for (const polygon of polygons) {
    const ring = polygon[0];
    const wraps = ring.some((p) => p[0] > 170) && ring.some((p) => p[0] < -170);
    const c = ringCentroid(wraps ? ring.map((p) => [p[0] < 0 ? p[0] + 360 : p[0], p[1]]) : ring);
    if (c.area > best.area) best = c;
  }
  const [lon, lat] = best.at;
  return [lon > 180 ? +(lon - 360).toFixed(2) : lon, lat];
}

// Drop empty rings left by rounding (fewer than 4 points) and empty polygons.
function clean(geometry) {
  const polygons = (geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates)
    .map((polygon) => polygon.map(round).filter((ring) => ring.length >= 4))
    .filter((polygon) => polygon.length);
  return polygons.length === 1 ? {type: "Polygon", coordinates: polygons[0]}
                               : {type: "MultiPolygon", coordinates: polygons};
}

const features = topojson.feature(topology, topology.objects.countries).features
  .filter((f) => f.geometry)
  .map((f) => ({type: "Feature", properties: {name: f.properties.name, id: f.id || null, label: label(f.geometry)},
                geometry: clean(f.geometry)}))
  .sort((a, b) => a.properties.name.localeCompare(b.properties.name, "en"));
process.stdout.write(JSON.stringify({
  type: "FeatureCollection",
  source: `Natural Earth 1:${scale.replace("m", "")} million admin-0 countries via world-atlas@2.0.2 (public domain)`,
  features,
}) + "\n");
