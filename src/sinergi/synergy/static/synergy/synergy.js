/* Synergy dashboard map: coverage or gap choropleth for one target group and year, with the
 * regions where several actors work outlined. Reads /api/v1/synergy/coverage and the
 * boundaries API; nothing from outside. Clicking a region goes down a level (the page reloads
 * with ?region=, so the tables follow). State is mirrored on <body data-synergy-*>. */
(function () {
  "use strict";

  const el = document.getElementById("synergy-map");
  if (!el || !window.L) return;
  const T = JSON.parse(document.getElementById("synergy-strings").textContent);
  const LANG = document.documentElement.lang || "id";
  const NUM = new Intl.NumberFormat(LANG === "id" ? "id-ID" : "en-GB", { maximumFractionDigits: 0 });
  const PCT = new Intl.NumberFormat(LANG === "id" ? "id-ID" : "en-GB", { style: "percent", maximumFractionDigits: 1 });
  const COVERAGE = { breaks: [0.1, 0.25, 0.5, 0.75], colours: ["#b30000", "#e34a33", "#fc8d59", "#a1d99b", "#31a354"] };
  const GAP_COLOURS = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"];
  const NO_DATA = "url(#nodata-hatch)";
  const legendEl = document.getElementById("map-legend");
  const overlapToggle = document.getElementById("overlap-toggle");
  const body = document.body;
  const state = { measure: "coverage", rows: {}, geo: null, layer: null, gapBreaks: [] };

  const map = L.map(el, { zoomSnap: 0.25, minZoom: 3, maxZoom: 12, attributionControl: false });
  map.setView([-2.5, 118], 4.5);

  const { getJSON, escapeText } = window.Sinergi;

  function quantiles(values, k) {
    const sorted = values.filter((v) => v !== null && v > 0).sort((a, b) => a - b);
    const out = [];
    for (let i = 1; i < k; i += 1) if (sorted.length) out.push(sorted[Math.floor((i * sorted.length) / k)]);
    return out;
  }

  function classOf(value, breaks) {
    let i = 0;
    while (i < breaks.length && value >= breaks[i]) i += 1;
    return i;
  }

  function figureOf(row) {
    if (!row || row.figures.suppressed) return null;
    return state.measure === "coverage" ? row.figures.coverage_combined : row.figures.gap_combined;
  }

  function colour(row) {
    const value = figureOf(row);
    if (value === null || value === undefined) return NO_DATA;
    if (state.measure === "coverage") return COVERAGE.colours[classOf(value, COVERAGE.breaks)];
    return GAP_COLOURS[classOf(value, state.gapBreaks)];
  }

  function isOverlap(row) {
    if (!row || row.figures.suppressed) return false;
    const f = row.figures;
    // The engine's rule: organisations present directly or through apportioned shares, and
    // over-coverage summed from the finest level (a region below may be over-covered).
    const present = f.organisations + f.apportioned_organisations;
    const over = (f.over_covered_combined || 0) > 1e-9;
    return present >= 2 || (present >= 1 && f.government > 0) || over;
  }

  function style(feature) {
    const row = state.rows[feature.id];
    const outlined = overlapToggle.checked && isOverlap(row);
    return {
      fillColor: colour(row),
      fillOpacity: 0.85,
      color: outlined ? "#7c3aed" : "#ffffff",
      weight: outlined ? 3 : 0.8,
      className: outlined ? "overlap-region" : "",
    };
  }

  function tooltip(feature) {
    const row = state.rows[feature.id];
    const name = escapeText(feature.properties.name || feature.id);
    if (!row) return name;
    const f = row.figures;
    if (f.suppressed) return name + "<br>" + escapeText(T.suppressed);
    const lines = [
      "<strong>" + name + "</strong>",
      escapeText(T.need) + ": " + (f.need === null ? "–" : NUM.format(f.need)),
      escapeText(T.reached) + ": " + NUM.format(f.reached) +
        // Reported but unapproved reach is shown beside, never added to reached or coverage.
        (f.reached_pending ? " <small>(" + NUM.format(f.reached_pending) + " " + escapeText(T.pending) + ")</small>" : ""),
      escapeText(T.government) + ": " + NUM.format(f.government),
      escapeText(T.coverage) + ": " + (f.coverage_combined === null ? "–" : PCT.format(f.coverage_combined)),
      escapeText(T.gap) + ": " + (f.gap_combined === null ? "–" : NUM.format(f.gap_combined)),
      escapeText(T.overCovered) + ": " + (f.over_covered_combined === null ? "–" : NUM.format(f.over_covered_combined)),
      escapeText(T.organisations) + ": " + f.organisations +
        (f.apportioned_organisations ? " (+" + f.apportioned_organisations + " " + escapeText(T.apportioned) + ")" : ""),
    ];
    if (isOverlap(row)) lines.push("<em>" + escapeText(T.overlap) + "</em>");
    return lines.join("<br>");
  }

  function legend() {
    const items = [];
    if (state.measure === "coverage") {
      const edges = [0].concat(COVERAGE.breaks);
      COVERAGE.colours.forEach(function (c, i) {
        const upper = i < COVERAGE.breaks.length ? "–" + PCT.format(COVERAGE.breaks[i]) : "+";
        items.push('<li><i style="background:' + c + '"></i>' + PCT.format(edges[i]) + upper + "</li>");
      });
    } else {
      const edges = [0].concat(state.gapBreaks);
      GAP_COLOURS.slice(0, edges.length).forEach(function (c, i) {
        const upper = i < state.gapBreaks.length ? "–" + NUM.format(state.gapBreaks[i]) : "+";
        items.push('<li><i style="background:' + c + '"></i>' + NUM.format(edges[i]) + upper + "</li>");
      });
    }
    items.push('<li><i class="nodata"></i>' + escapeText(T.noData) + "</li>");
    if (overlapToggle.checked) items.push('<li><i class="overlap"></i>' + escapeText(T.overlap) + "</li>");
    const title = state.measure === "coverage" ? T.coverage : T.gap;
    legendEl.innerHTML = '<div class="legend"><strong>' + escapeText(title) + "</strong><ul>" + items.join("") + "</ul></div>";
  }

  function redraw() {
    const gaps = Object.values(state.rows).map((row) => (row.figures.suppressed ? null : row.figures.gap_combined));
    state.gapBreaks = quantiles(gaps, 5);
    if (state.layer) state.layer.setStyle(style);
    legend();
    body.dataset.synergyMeasure = state.measure;
    body.dataset.synergyOverlaps = String(Object.values(state.rows).filter(isOverlap).length);
  }

  function drillTo(code) {
    if (el.dataset.level === "district") return;
    const params = new URLSearchParams(window.location.search);
    params.set("region", code);
    window.location.search = params.toString();
  }

  async function load() {
    const level = el.dataset.level;
    const parent = el.dataset.region;
    const query = "level=" + level + "&group=" + el.dataset.group + "&year=" + el.dataset.year + (parent ? "&parent=" + parent : "");
    legendEl.textContent = T.loading;
    try {
      const [coverage, geo] = await Promise.all([
        getJSON("/api/v1/synergy/coverage?" + query),
        getJSON("/api/v1/boundaries/" + level + (parent ? "?parent=" + parent : "")),
      ]);
      state.rows = {};
      coverage.rows.forEach(function (row) { state.rows[row.code] = row; });
      if (parent) geo.features = geo.features.filter((f) => f.id.startsWith(parent + "."));
      state.layer = L.geoJSON(geo, {
        style: style,
        onEachFeature: function (feature, shape) {
          shape.bindTooltip(function () { return tooltip(feature); }, { sticky: true });
          shape.on("click", function () { drillTo(feature.id); });
        },
      }).addTo(map);
      if (geo.features.length) map.fitBounds(state.layer.getBounds(), { padding: [10, 10] });
      redraw();
      body.dataset.synergyRegions = String(geo.features.length);
      body.dataset.synergyReady = "true";
    } catch (error) {
      legendEl.textContent = T.failed;
      body.dataset.synergyReady = "failed";
    }
  }

  document.querySelectorAll("#measure-switch button").forEach(function (button) {
    button.addEventListener("click", function () {
      state.measure = button.dataset.measure;
      document.querySelectorAll("#measure-switch button").forEach(function (b) {
        b.setAttribute("aria-pressed", String(b === button));
      });
      redraw();
    });
  });
  overlapToggle.addEventListener("change", redraw);
  ["group-picker", "year-picker"].forEach(function (id) {
    document.getElementById(id).addEventListener("change", function () {
      document.getElementById("synergy-controls").submit();
    });
  });
  load();
})();
