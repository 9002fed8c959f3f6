/* KUBE groups map: one marker per village with groups (Leaflet, province outlines from
 * /api/v1/boundaries, no outside tiles). */
(function () {
  "use strict";

  const { getJSON, escapeText } = window.Sinergi;

  const COLOURS = { tumbuh: "#e08214", berkembang: "#35978f", maju: "#01665e" };
  const RANK = { tumbuh: 0, berkembang: 1, maju: 2 };

  async function drawMap(element) {
    const map = L.map(element, { zoomSnap: 0.25 }).setView([-2.5, 118], 4.5);
    try {
      const provinces = await getJSON("/api/v1/boundaries/province");
      L.geoJSON(provinces, { interactive: false, style: { color: "#94a3b8", weight: 1, fillColor: "#f8fafc", fillOpacity: 1 } }).addTo(map);
    } catch (error) { /* the markers still show without outlines */ }
    const data = await getJSON(element.dataset.geojson);
    const layer = L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        const groups = feature.properties.groups;
        const top = groups.reduce(function (best, g) { return RANK[g.stage] > RANK[best] ? g.stage : best; }, "tumbuh");
        return L.circleMarker(latlng, { radius: 4 + Math.min(8, groups.length * 2), color: "#1d2733", weight: 1, fillColor: COLOURS[top], fillOpacity: 0.8, className: "kube-marker" });
      },
      onEachFeature: function (feature, marker) {
        const p = feature.properties;
        marker.bindPopup("<strong>" + escapeText(p.village) + "</strong><br>" + p.groups.map(function (g) {
          return '<a href="' + g.url + '">' + escapeText(g.name) + "</a> (" + escapeText(g.stage_label) + ")";
        }).join("<br>"));
      },
    }).addTo(map);
    element.dataset.points = String(data.features.length);
    if (data.features.length) map.fitBounds(layer.getBounds(), { maxZoom: 11, padding: [20, 20] });
  }

  const element = document.getElementById("kube-map");
  if (element && window.L) drawMap(element);
})();
