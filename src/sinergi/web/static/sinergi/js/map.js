/* Sinergi map: a Leaflet choropleth of population density with drill-down and search.
 * Self-contained: reads boundaries and region facts from /api/v1/, no outside tiles or fonts.
 * State is mirrored on <body data-map-*> so browser tests (and people) can see where it is. */
(function () {
  "use strict";

  const T = JSON.parse(document.getElementById("map-strings").textContent);
  const LANG = document.documentElement.lang || "id";
  const NUM = new Intl.NumberFormat(LANG === "id" ? "id-ID" : "en-GB", { maximumFractionDigits: 1 });
  const LEVELS = ["province", "regency", "district", "village"];
  const COLOURS = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"];
  const NO_DATA = "url(#nodata-hatch)"; // pattern defined in the page (map.html)
  const mapEl = document.getElementById("map");
  const factsEl = document.getElementById("facts");
  const crumbsEl = document.getElementById("breadcrumb");
  const body = document.body;

  const map = L.map(mapEl, { zoomSnap: 0.25, minZoom: 3, maxZoom: 14, attributionControl: false });
  map.setView([-2.5, 118], 5);
  let layer = null;
  let marker = null;
  let breaks = [];

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      throw new Error(url + " → " + response.status);
    }
    return response.json();
  }

  function levelOf(code) {
    return LEVELS[code.split(".").length - 1];
  }

  function quantileBreaks(values) {
    const sorted = values.slice().sort((a, b) => a - b);
    if (!sorted.length) return [];
    const result = [];
    for (let i = 1; i < COLOURS.length; i += 1) {
      result.push(sorted[Math.floor((i * sorted.length) / COLOURS.length)]);
    }
    return result;
  }

  function colourFor(value) {
    if (value === null || value === undefined) return NO_DATA;
    let i = 0;
    while (i < breaks.length && value >= breaks[i]) i += 1;
    return COLOURS[i];
  }

  const legend = L.control({ position: "bottomright" });
  legend.onAdd = function () {
    this._div = L.DomUtil.create("div", "legend");
    this._div.id = "legend";
    return this._div;
  };
  legend.update = function (hasData) {
    const rows = [];
    if (hasData) {
      const edges = [null].concat(breaks, [null]);
      COLOURS.forEach(function (colour, i) {
        const low = edges[i] === null ? "<" + " " + NUM.format(edges[i + 1]) : NUM.format(edges[i]);
        const label = edges[i + 1] === null ? "≥ " + NUM.format(edges[i]) : edges[i] === null ? low : low + " – " + NUM.format(edges[i + 1]);
        rows.push('<div><i style="background:' + colour + '"></i>' + label + "</div>");
      });
    }
    rows.push('<div><i class="nodata"></i>' + T.noData + "</div>");
    const note = hasData ? "" : '<div class="muted">' + T.noDensity + "</div>";
    this._div.innerHTML = "<strong>" + T.legendTitle + "</strong>" + rows.join("") + note;
  };
  legend.addTo(map);

  function styleFor(feature) {
    const selected = feature.id === body.dataset.mapSelected;
    return {
      color: selected ? "#1d2733" : "#ffffff",
      weight: selected ? 3 : 0.8,
      fillColor: colourFor(feature.properties.density),
      fillOpacity: 0.85,
    };
  }

  async function showLayer(level, parent) {
    body.dataset.mapReady = "false";
    const url = "/api/v1/boundaries/" + level + (parent ? "?parent=" + encodeURIComponent(parent) : "");
    const data = await getJSON(url);
    const densities = data.features.map((f) => f.properties.density).filter((v) => v !== null);
    breaks = quantileBreaks(densities);
    if (layer) layer.remove();
    layer = L.geoJSON(data, {
      style: styleFor,
      onEachFeature: function (feature, featureLayer) {
        const p = feature.properties;
        const value = p.density === null ? T.noData : NUM.format(p.density) + " " + T.perKm2;
        featureLayer.bindTooltip("<strong>" + p.name + "</strong><br>" + value, { sticky: true });
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
    legend.update(densities.length > 0);
    body.dataset.mapLevel = level;
    body.dataset.mapParent = parent || "";
    body.dataset.mapFeatures = String(data.features.length);
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

  function fact(label, value) {
    return "<dt>" + label + "</dt><dd>" + (value === null || value === undefined ? "—" : value) + "</dd>";
  }

  function renderFacts(region) {
    const typeLabel = T[region.level] || region.level;
    const density = region.density_per_km2 === null ? null : NUM.format(region.density_per_km2) + " " + T.perKm2;
    factsEl.innerHTML =
      "<h2 id=\"facts-name\">" + region.name + "</h2>" +
      '<p class="meta">' + typeLabel + " · " + T.kemendagriCode + " <code>" + region.code + "</code>" +
      (region.bps_code ? " · " + T.bpsCode + " <code>" + region.bps_code + "</code>" : "") + "</p>" +
      '<dl class="facts">' +
      fact(T.population, region.population === null ? null : NUM.format(region.population)) +
      fact(T.area, region.area_km2 === null ? null : NUM.format(region.area_km2) + " km²") +
      fact(T.density, density) +
      fact(T.children, NUM.format(region.child_count)) +
      "</dl>" +
      '<p><a href="/wilayah/' + region.code + '/">' + T.openPage + "</a></p>";
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

  const initial = mapEl.dataset.initial;
  (initial ? goTo(initial) : showCountry()).catch(function (error) {
    factsEl.innerHTML = '<p class="error" role="alert">' + T.loadError + "</p>";
    console.warn(error);
  });
})();
