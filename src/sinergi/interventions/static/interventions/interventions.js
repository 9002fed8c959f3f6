/* Interventions pages: the map of intervention locations (Leaflet, no outside tiles) and
 * the region picker of the form (searches /api/v1/regions?q= by name or code). */
(function () {
  "use strict";

  const { getJSON, escapeText } = window.Sinergi;

  async function drawMap(element) {
    const map = L.map(element, { zoomSnap: 0.25 }).setView([-2.5, 118], 4.5);
    try {
      const provinces = await getJSON("/api/v1/boundaries/province");
      L.geoJSON(provinces, { interactive: false, style: { color: "#94a3b8", weight: 1, fillColor: "#f8fafc", fillOpacity: 1 } }).addTo(map);
    } catch (error) { /* the markers still show without outlines */ }
    const data = await getJSON(element.dataset.geojson);
    const layer = L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        const p = feature.properties;
        const radius = 4 + Math.min(12, Math.sqrt(p.targeted || 0) / 6);
        return L.circleMarker(latlng, { radius: radius, color: "#0f766e", weight: 1, fillOpacity: 0.55, className: "intervention-marker" });
      },
      onEachFeature: function (feature, marker) {
        const p = feature.properties;
        marker.bindPopup('<a href="' + p.url + '">' + escapeText(p.title) + "</a><br>" +
          escapeText(p.organisation) + "<br>" + escapeText(p.region_name) + " (" + escapeText(p.region) + ")<br>" +
          p.reached_approved + " / " + p.targeted);
      },
    }).addTo(map);
    element.dataset.points = String(data.features.length);
    if (data.features.length) map.fitBounds(layer.getBounds(), { maxZoom: 9, padding: [20, 20] });
  }

  function regionPicker(search) {
    const results = document.getElementById("region-results");
    const target = document.querySelector("[data-locations]");
    let timer = null;
    search.addEventListener("input", function () {
      clearTimeout(timer);
      const q = search.value.trim();
      if (q.length < 2) { results.innerHTML = ""; return; }
      timer = setTimeout(async function () {
        const page = await getJSON("/api/v1/regions?limit=8&q=" + encodeURIComponent(q));
        results.innerHTML = "";
        page.items.forEach(function (item) {
          const li = document.createElement("li");
          li.setAttribute("role", "option");
          li.dataset.code = item.code;
          li.textContent = item.code + " · " + item.name + (item.path ? " (" + item.path + ")" : "");
          li.addEventListener("click", function () {
            const lines = target.value.split("\n").filter(function (line) { return line.trim(); });
            lines.push(item.code + " 0 0");
            target.value = lines.join("\n");
            results.innerHTML = "";
            search.value = "";
            target.focus();
          });
          results.appendChild(li);
        });
      }, 200);
    });
  }

  const mapElement = document.getElementById("intervention-map");
  if (mapElement && window.L) drawMap(mapElement);
  const search = document.getElementById("region-search");
  if (search) regionPicker(search);
})();
