/* Sinergi map: a Leaflet choropleth with drill-down, search and the atlas layers.
 * Self-contained: reads boundaries, region facts and layer values from /api/v1/, no outside
 * tiles or fonts. The default layer is population density (from the boundaries); the picker
 * adds every atlas layer (indicators, people in need, need index) by period, level and
 * classification (quantiles, equal intervals, natural breaks).
 * State is mirrored on <body data-map-*> so browser tests (and people) can see where it is. */
(function () {
  "use strict";

  const T = JSON.parse(document.getElementById("map-strings").textContent);
  const CATALOGUE = JSON.parse(document.getElementById("map-layers").textContent);
  const LANG = document.documentElement.lang || "id";
  const LOCALE = LANG === "id" ? "id-ID" : "en-GB";
  const NUM = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });
  const LEVELS = ["province", "regency", "district", "village"];
  const PALETTES = {
    worse: ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"],
    neutral: ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"],
  };
  const DENSITY = "density";
  const NEED_INDEX = "need_index";
  const NO_DATA = "url(#nodata-hatch)"; // patterns defined in the page (map.html)
  const SUPPRESSED = "url(#suppressed-hatch)";
  const mapEl = document.getElementById("map");
  const factsEl = document.getElementById("facts");
  const crumbsEl = document.getElementById("breadcrumb");
  const picker = document.getElementById("layer-picker");
  const periodPicker = document.getElementById("period-picker");
  const classPicker = document.getElementById("class-picker");
  const levelSwitch = document.getElementById("level-switch");
  const noteEl = document.getElementById("layer-note");
  const methodEl = document.getElementById("layer-method");
  const downloadsEl = document.getElementById("layer-downloads");
  const body = document.body;

  const LAYERS = {};
  CATALOGUE.groups.forEach(function (group) {
    group.layers.forEach(function (layer) {
      LAYERS[layer.key] = layer;
    });
  });

  const map = L.map(mapEl, { zoomSnap: 0.25, minZoom: 3, maxZoom: 14, attributionControl: false });
  map.setView([-2.5, 118], 5);
  let layer = null;
  let marker = null;
  let breaks = [];
  let colours = PALETTES.worse;
  let current = null; // the region whose facts are shown
  const state = { key: DENSITY, period: "", method: "quantiles", values: null, geo: null };

  const { getJSON } = window.Sinergi;

  function levelOf(code) {
    return LEVELS[code.split(".").length - 1];
  }

  /* --- classification (the same three methods as sinergi/atlas/engines/classify.py) --- */

  function sortedValues(values) {
    return values.filter((v) => v !== null && v !== undefined && !Number.isNaN(v)).sort((a, b) => a - b);
  }

  function quantileBreaks(values, k) {
    const sorted = sortedValues(values);
    if (!sorted.length) return [];
    const result = [];
    for (let i = 1; i < k; i += 1) result.push(sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / k))]);
    return result;
  }

  function equalBreaks(values, k) {
    const sorted = sortedValues(values);
    if (!sorted.length) return [];
    const low = sorted[0];
    const step = (sorted[sorted.length - 1] - low) / k;
    const result = [];
    for (let i = 1; i < k; i += 1) result.push(low + step * i);
    return result;
  }

  function jenksBreaks(values, k) {
    let data = sortedValues(values);
    if (data.length > 1000) {
      const sample = [];
      for (let i = 0; i < 1000; i += 1) sample.push(data[Math.round((i * (data.length - 1)) / 999)]);
      data = sample;
    }
    const n = data.length;
    k = Math.min(k, n);
    if (k < 2) return [];
    const sum = [0];
    const sq = [0];
    data.forEach(function (v, i) {
      sum.push(sum[i] + v);
      sq.push(sq[i] + v * v);
    });
    const ssd = (s, e) => sq[e] - sq[s] - ((sum[e] - sum[s]) * (sum[e] - sum[s])) / (e - s);
    const cost = [];
    const cut = [];
    for (let c = 0; c <= k; c += 1) {
      cost.push(new Float64Array(n + 1).fill(Infinity));
      cut.push(new Int32Array(n + 1));
    }
    for (let e = 1; e <= n; e += 1) cost[1][e] = ssd(0, e);
    for (let c = 2; c <= k; c += 1) {
      for (let e = c; e <= n; e += 1) {
        for (let s = c - 1; s < e; s += 1) {
          const candidate = cost[c - 1][s] + ssd(s, e);
          if (candidate < cost[c][e]) {
            cost[c][e] = candidate;
            cut[c][e] = s;
          }
        }
      }
    }
    const result = [];
    let end = n;
    for (let c = k; c > 1; c -= 1) {
      const start = cut[c][end];
      result.push(data[start]);
      end = start;
    }
    return result.sort((a, b) => a - b);
  }

  const CLASSIFY = { quantiles: quantileBreaks, equal_interval: equalBreaks, natural_breaks: jenksBreaks };

  /* --- the layer being shown ------------------------------------------------------------ */

  function meta() {
    return state.key === DENSITY ? { label: T.densityLayer, unitLabel: T.perKm2, direction: "neutral", decimals: 1 } : LAYERS[state.key];
  }

  function valueOf(feature) {
    if (state.key === DENSITY) return feature.properties.density;
    if (!state.values) return null;
    const value = state.values.values[feature.id];
    return value === undefined ? null : value;
  }

  function flagsOf(code) {
    const v = state.values;
    if (!v || state.key === DENSITY) return {};
    return {
      rolledUp: v.rolled_up.includes(code),
      modelled: v.modelled.includes(code),
      suppressed: v.suppressed.includes(code),
      demo: v.demo.includes(code),
    };
  }

  function format(value) {
    const m = meta();
    const digits = Math.min(m.decimals === undefined ? 1 : m.decimals, 3);
    return new Intl.NumberFormat(LOCALE, { maximumFractionDigits: digits, minimumFractionDigits: 0 }).format(value);
  }

  function colourFor(feature) {
    const value = valueOf(feature);
    if (value === null || value === undefined) {
      return flagsOf(feature.id).suppressed ? SUPPRESSED : NO_DATA;
    }
    let i = 0;
    while (i < breaks.length && value >= breaks[i]) i += 1;
    return colours[i];
  }

  function tooltipFor(feature) {
    const value = valueOf(feature);
    const flags = flagsOf(feature.id);
    const m = meta();
    let text;
    if (value !== null && value !== undefined) {
      text = format(value) + " " + (m.unitLabel || "");
      if (flags.rolledUp) text += " Σ (" + T.rolledUp + ")";
      if (flags.modelled) text += " ≈ (" + T.modelled + ")";
      if (flags.demo) text += " · " + T.demo;
    } else {
      text = flags.suppressed ? T.suppressed : T.noData;
    }
    return "<strong>" + feature.properties.name + "</strong><br>" + text;
  }

  const legend = L.control({ position: "bottomright" });
  legend.onAdd = function () {
    this._div = L.DomUtil.create("div", "legend");
    this._div.id = "legend";
    return this._div;
  };
  legend.update = function (hasData, hasSuppressed) {
    const m = meta();
    const rows = [];
    if (hasData) {
      const edges = [null].concat(breaks, [null]);
      colours.forEach(function (colour, i) {
        if (i > breaks.length) return;
        const low = edges[i];
        const high = edges[i + 1];
        let label;
        if (low === null && high === null) label = "";
        else if (low === null) label = "< " + format(high);
        else if (high === null) label = "≥ " + format(low);
        else label = format(low) + " – " + format(high);
        rows.push('<div><i style="background:' + colour + '"></i>' + label + "</div>");
      });
    }
    rows.push('<div><i class="nodata"></i>' + T.noData + "</div>");
    if (hasSuppressed) rows.push('<div><i class="suppressed"></i>' + T.suppressedLegend + "</div>");
    let sub = "";
    if (state.key !== DENSITY) {
      sub = '<div class="legend-sub">' + (m.unitLabel ? m.unitLabel + " · " : "") + (state.period || "") + " · " + T[state.method] + "</div>";
    }
    let note = "";
    if (!hasData) note = '<div class="muted">' + (state.key === DENSITY ? T.noDensity : T.noFiguresAtLevel) + "</div>";
    else if (m.direction !== "neutral") note = '<div class="muted">' + T.darkerWorse + "</div>";
    const title = state.key === DENSITY ? T.legendTitle : m.label;
    this._div.innerHTML = "<strong>" + title + "</strong>" + sub + rows.join("") + note;
  };
  legend.addTo(map);

  function styleFor(feature) {
    const selected = feature.id === body.dataset.mapSelected;
    return {
      color: selected ? "#1d2733" : "#ffffff",
      weight: selected ? 3 : 0.8,
      fillColor: colourFor(feature),
      fillOpacity: 0.85,
    };
  }

  function paint() {
    if (!state.geo) return;
    const values = state.geo.features.map(valueOf).filter((v) => v !== null && v !== undefined);
    const m = meta();
    colours = m.direction === "neutral" ? PALETTES.neutral : PALETTES.worse.slice();
    if (m.direction === "higher_better") colours.reverse(); // low values are the most need
    breaks = values.length ? CLASSIFY[state.method](values, colours.length) : [];
    breaks = breaks.filter((edge, i) => i === 0 || edge !== breaks[i - 1]);
    if (layer) layer.setStyle(styleFor);
    const suppressed = state.values && state.values.suppressed.length > 0;
    legend.update(values.length > 0, suppressed);
    body.dataset.mapLayer = state.key;
    body.dataset.mapPeriod = state.period || "";
    body.dataset.mapClassification = state.method;
    body.dataset.mapValues = String(values.length);
    renderNotes(values.length > 0);
    if (current) renderFacts(current);
  }

  function renderNotes(hasData) {
    const v = state.values;
    const notes = [];
    if (v && v.rolled_up.length) notes.push(T.rolledUpNote);
    if (v && v.modelled.length) notes.push(T.modelledNote);
    noteEl.className = "layer-note" + (v && v.demo.length ? " demo" : "");
    if (v && v.demo.length) notes.unshift(T.demoNote);
    if (!hasData && state.key !== DENSITY) notes.push(T.noFiguresAtLevel);
    noteEl.textContent = notes.join(" ");
    methodEl.hidden = state.key !== NEED_INDEX;
    if (state.key === NEED_INDEX) {
      const items = CATALOGUE.needIndexWeights.map(function (w) {
        const direction = w.direction === "higher_worse" ? T.higherWorse : T.higherBetter;
        return "<li>" + w.name + " (" + direction + "): " + Math.round(w.share * 100) + "%</li>";
      });
      methodEl.innerHTML = "<strong>" + T.methodTitle + "</strong><br>" + T.methodText + "<ul>" + items.join("") + "</ul>" + '<a href="/atlas/metode/indeks-kebutuhan/">' + T.methodMore + "</a>";
    }
    downloadsEl.hidden = state.key === DENSITY || !hasData;
    if (!downloadsEl.hidden) {
      const level = body.dataset.mapLevel;
      const parent = body.dataset.mapParent;
      const query = "?level=" + level + (state.period ? "&period=" + state.period : "") + (parent && level === "district" ? "&parent=" + parent : "");
      const base = "/api/v1/atlas/exports/" + encodeURIComponent(state.key) + query + "&format=";
      downloadsEl.innerHTML = T.download + " " + ["csv", "xlsx", "hxl", "geojson"].map((f) => '<a href="' + base + f + '">' + f.toUpperCase() + "</a>").join(" · ");
    }
  }

  /* --- values ---------------------------------------------------------------------------- */

  function periodsAt(level) {
    if (state.key === DENSITY) return [];
    const periods = LAYERS[state.key].periods[String(LEVELS.indexOf(level) + 1)];
    return periods || [];
  }

  function fillPeriods(level) {
    const periods = periodsAt(level);
    periodPicker.innerHTML = "";
    periodPicker.disabled = periods.length === 0;
    periods.slice().reverse().forEach(function (period) {
      const option = document.createElement("option");
      option.value = period;
      option.textContent = period;
      periodPicker.appendChild(option);
    });
    if (state.period && !periods.includes(state.period)) state.period = "";
    if (state.period) periodPicker.value = state.period;
  }

  async function loadValues(level, parent) {
    state.values = null;
    if (state.key === DENSITY || !periodsAt(level).length) return;
    let url = "/api/v1/atlas/values/" + encodeURIComponent(state.key) + "?level=" + level;
    if (state.period) url += "&period=" + encodeURIComponent(state.period);
    if (parent && level === "district") url += "&parent=" + encodeURIComponent(parent);
    try {
      state.values = await getJSON(url);
      state.period = state.values.period;
      periodPicker.value = state.period;
    } catch (error) {
      state.values = null; // no figures for this period at this level: "no data" everywhere
      console.warn(error);
    }
  }

  /* --- boundaries ------------------------------------------------------------------------ */

  async function showLayer(level, parent) {
    body.dataset.mapReady = "false";
    const url = "/api/v1/boundaries/" + level + (parent ? "?parent=" + encodeURIComponent(parent) : "");
    const data = await getJSON(url);
    fillPeriods(level);
    await loadValues(level, parent);
    state.geo = data;
    if (layer) layer.remove();
    layer = L.geoJSON(data, {
      style: styleFor,
      onEachFeature: function (feature, featureLayer) {
        featureLayer.bindTooltip(function () {
          return tooltipFor(feature);
        }, { sticky: true });
        featureLayer.on("click", function () {
          goTo(feature.id);
        });
        featureLayer.on("add", function () {
          const el = featureLayer.getElement();
          if (el) el.setAttribute("data-code", feature.id);
        });
      },
    }).addTo(map);
    layer.eachLayer(function (featureLayer) {
      if (featureLayer.feature.id === body.dataset.mapSelected) featureLayer.bringToFront();
    });
    body.dataset.mapLevel = level;
    body.dataset.mapParent = parent || "";
    body.dataset.mapFeatures = String(data.features.length);
    paint();
    updateLevelSwitch();
    return layer;
  }

  function fitTo(code) {
    if (!layer) return;
    let bounds = null;
    layer.eachLayer(function (featureLayer) {
      if (!code || featureLayer.feature.id === code) {
        bounds = bounds ? bounds.extend(featureLayer.getBounds()) : L.latLngBounds(featureLayer.getBounds());
      }
    });
    if (bounds) map.fitBounds(bounds, { padding: [16, 16], maxZoom: 12, animate: false });
  }

  /* --- level switch ---------------------------------------------------------------------- */

  function area() {
    return body.dataset.mapSelected || "";
  }

  function parentFor(level) {
    const code = area();
    if (level === "province" || !code) return null;
    if (level === "regency") return code.slice(0, 2);
    return levelOf(code) === "province" ? code : code.slice(0, 5);
  }

  function updateLevelSwitch() {
    levelSwitch.querySelectorAll("button").forEach(function (button) {
      const level = button.dataset.level;
      button.setAttribute("aria-pressed", String(level === body.dataset.mapLevel));
      button.disabled = level === "district" && !area();
      button.title = button.disabled ? T.chooseArea : "";
    });
  }

  levelSwitch.addEventListener("click", async function (event) {
    const button = event.target.closest("button");
    if (!button || button.disabled) return;
    const level = button.dataset.level;
    try {
      await showLayer(level, parentFor(level));
      fitTo(null);
    } catch (error) {
      console.warn(error);
    }
    body.dataset.mapReady = "true";
  });

  /* --- the picker ------------------------------------------------------------------------ */

  function fillPicker() {
    const density = document.createElement("option");
    density.value = DENSITY;
    density.textContent = T.densityLayer;
    let placed = false;
    CATALOGUE.groups.forEach(function (group) {
      const element = document.createElement("optgroup");
      element.label = group.label;
      if (group.theme === "population") {
        element.appendChild(density); // density sits with the population figures
        placed = true;
      }
      group.layers.forEach(function (item) {
        const choice = document.createElement("option");
        choice.value = item.key;
        choice.textContent = item.label;
        element.appendChild(choice);
      });
      picker.appendChild(element);
    });
    if (!placed) {
      const element = document.createElement("optgroup");
      element.label = T.densityGroup;
      element.appendChild(density);
      picker.prepend(element);
    }
    picker.value = DENSITY;
  }

  async function refresh() {
    body.dataset.mapReady = "false";
    const level = body.dataset.mapLevel || "province";
    const parent = body.dataset.mapParent || null;
    fillPeriods(level);
    await loadValues(level, parent);
    paint();
    body.dataset.mapReady = "true";
  }

  picker.addEventListener("change", function () {
    state.key = picker.value;
    state.period = "";
    refresh();
  });
  periodPicker.addEventListener("change", function () {
    state.period = periodPicker.value;
    refresh();
  });
  classPicker.addEventListener("change", function () {
    state.method = classPicker.value;
    paint();
  });

  /* --- panel: breadcrumb and facts ------------------------------------------------------- */

  function renderCrumbs(parents, region) {
    crumbsEl.innerHTML = "";
    const items = [{ code: "", name: T.indonesia }].concat(parents);
    if (region) items.push(region);
    items.forEach(function (item, i) {
      const li = document.createElement("li");
      if (i === items.length - 1) {
        li.textContent = item.name;
        li.setAttribute("aria-current", "location");
      } else {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = item.name;
        button.addEventListener("click", function () {
          item.code ? goTo(item.code) : showCountry();
        });
        li.appendChild(button);
      }
      crumbsEl.appendChild(li);
    });
  }

  function escapeHTML(text) {
    const span = document.createElement("span");
    span.textContent = String(text);
    return span.innerHTML;
  }

  function fact(label, value, id) {
    return "<dt>" + label + "</dt><dd" + (id ? ' id="' + id + '"' : "") + ">" + (value === null || value === undefined ? "—" : value) + "</dd>";
  }

  function layerFact(region) {
    if (state.key === DENSITY || !state.values || levelOf(region.code) !== body.dataset.mapLevel) return "";
    const value = state.values.values[region.code];
    const flags = flagsOf(region.code);
    let text = value === undefined ? (flags.suppressed ? T.suppressed : T.noData) : format(value) + " " + (meta().unitLabel || "");
    if (flags.rolledUp) text += " Σ";
    if (flags.modelled) text += " ≈";
    return fact(meta().label + " (" + state.period + ")", '<span class="layer-value">' + text + "</span>", "facts-layer");
  }

  function renderFacts(region) {
    current = region;
    const typeLabel = T[region.level] || region.level;
    const density = region.density_per_km2 === null ? null : NUM.format(region.density_per_km2) + " " + T.perKm2;
    factsEl.innerHTML =
      "<h2 id=\"facts-name\">" + region.name + "</h2>" +
      '<p class="meta">' + typeLabel + " · " + T.kemendagriCode + " <code>" + region.code + "</code>" +
      (region.bps_code ? " · " + T.bpsCode + " <code>" + region.bps_code + "</code>" : "") + "</p>" +
      '<dl class="facts">' +
      layerFact(region) +
      fact(T.population, region.population === null ? null : NUM.format(region.population)) +
      fact(T.area, region.area_km2 === null ? null : NUM.format(region.area_km2) + " km²") +
      fact(T.density, density) +
      fact(T.children, NUM.format(region.child_count)) +
      "</dl>" +
      (region.sections || []).map(function (section) {
        return '<h3 class="facts-section" id="facts-' + escapeHTML(section.key) + '">' + escapeHTML(section.title) + '</h3><dl class="facts">' +
          section.facts.map(function (f) { return fact(escapeHTML(f.label), escapeHTML(f.value)); }).join("") + "</dl>";
      }).join("") +
      '<p><a href="/wilayah/' + region.code + '/">' + T.openPage + "</a>" +
      (region.level !== "village" ? ' · <a id="facts-profile" href="/atlas/wilayah/' + region.code + '/">' + T.openProfile + "</a>" : "") + "</p>";
  }

  function setMarker(region) {
    if (marker) {
      marker.remove();
      marker = null;
    }
    if (region && region.centroid) {
      marker = L.circleMarker([region.centroid.lat, region.centroid.lng], {
        radius: 7, color: "#1d2733", weight: 2, fillColor: "#f59e0b", fillOpacity: 1,
        className: "village-marker",
      }).addTo(map).bindTooltip(region.name, { permanent: true, direction: "top" });
    }
  }

  function remember(code) {
    const url = code ? "?wilayah=" + encodeURIComponent(code) : location.pathname;
    history.replaceState(null, "", url);
  }

  async function showCountry() {
    body.dataset.mapSelected = "";
    current = null;
    setMarker(null);
    await showLayer("province", null);
    fitTo(null);
    renderCrumbs([], null);
    factsEl.innerHTML = '<p class="hint">' + T.clickHint + "</p>";
    remember("");
    body.dataset.mapReady = "true";
  }

  /* Go to any region: provinces and regencies show the level below them; a district is
   * highlighted among its regency's districts; a village is a point in its district. */
  async function goTo(code) {
    body.dataset.mapReady = "false";
    try {
      const region = await getJSON("/api/v1/regions/" + encodeURIComponent(code));
      const level = region.level;
      const chain = region.parents.map((p) => p.code);
      body.dataset.mapSelected = level === "village" ? chain[2] : region.code;
      if (level === "province" || level === "regency") {
        await showLayer(LEVELS[LEVELS.indexOf(level) + 1], region.code);
        fitTo(null);
      } else {
        await showLayer("district", chain[1]);
        fitTo(body.dataset.mapSelected);
      }
      setMarker(level === "village" ? region : null);
      renderCrumbs(region.parents, region);
      renderFacts(region);
      remember(region.code);
    } catch (error) {
      factsEl.innerHTML = '<p class="error" role="alert">' + T.loadError + "</p>";
      console.warn(error);
    }
    body.dataset.mapReady = "true";
  }

  /* Search box: debounced, keyboard-friendly combobox over /api/v1/regions?q=. */
  const input = document.getElementById("region-search");
  const list = document.getElementById("search-results");
  let timer = null;
  let active = -1;

  function closeList() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    active = -1;
  }

  function choose(code) {
    closeList();
    input.value = "";
    goTo(code);
  }

  async function runSearch() {
    const q = input.value.trim();
    if (q.length < 2) return closeList();
    const page = await getJSON("/api/v1/regions?limit=8&q=" + encodeURIComponent(q));
    list.innerHTML = "";
    if (!page.items.length) {
      const li = document.createElement("li");
      li.textContent = T.noResults;
      li.setAttribute("aria-disabled", "true");
      list.appendChild(li);
    }
    page.items.forEach(function (item, i) {
      const li = document.createElement("li");
      li.id = "result-" + i;
      li.setAttribute("role", "option");
      li.dataset.code = item.code;
      li.innerHTML = "<span></span><small></small>";
      li.firstChild.textContent = item.name;
      li.lastChild.textContent = (T[item.level] || item.level) + (item.path ? " · " + item.path : "");
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(item.code);
      });
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(runSearch, 200);
  });
  input.addEventListener("keydown", function (event) {
    const options = list.querySelectorAll("[role=option]");
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!options.length) return;
      active = (active + (event.key === "ArrowDown" ? 1 : options.length - 1)) % options.length;
      options.forEach((o, i) => o.setAttribute("aria-selected", String(i === active)));
      input.setAttribute("aria-activedescendant", options[active].id);
    } else if (event.key === "Enter" && options.length) {
      event.preventDefault();
      choose(options[Math.max(active, 0)].dataset.code);
    } else if (event.key === "Escape") {
      closeList();
    }
  });
  input.addEventListener("blur", closeList);

  fillPicker();
  const initial = mapEl.dataset.initial;
  (initial ? goTo(initial) : showCountry()).catch(function (error) {
    factsEl.innerHTML = '<p class="error" role="alert">' + T.loadError + "</p>";
    console.warn(error);
  });
})();
