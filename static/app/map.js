/* The profile's map: the region's comuni from the committed TopoJSON, coloured by the values of the table under the
   map (each row: data-istat, data-value, data-ambito, data-href), in five classes of equal count (quantiles), with a
   legend; the ambiti's outlines merged from their comuni (topojson.merge); a click opens the comune's profile. No tile
   server: the comuni are the map. */
(function () {
  "use strict";
  var box = document.getElementById("profile-map");
  if (!box || typeof window.L === "undefined" || typeof window.topojson === "undefined") { return; }
  var colours = ["#e5f0fa", "#a6cbee", "#5a9bd8", "#1f66b0", "#0b3f78"];
  var lang = document.documentElement.lang || "it";
  var number = new Intl.NumberFormat(lang, { maximumFractionDigits: 2, minimumFractionDigits: 2 });

  var rows = {};
  document.querySelectorAll("#" + box.getAttribute("data-table") + " tbody tr").forEach(function (row) {
    var value = row.getAttribute("data-value");
    rows[row.getAttribute("data-istat")] = {
      name: row.querySelector("th").textContent.trim(),
      value: value === "" ? null : Number(value),
      ambito: row.getAttribute("data-ambito"),
      href: row.getAttribute("data-href")
    };
  });
  var values = Object.keys(rows).map(function (code) { return rows[code].value; })
    .filter(function (value) { return value !== null; }).sort(function (a, b) { return a - b; });
  var breaks = [1, 2, 3, 4].map(function (step) { return values[Math.floor(values.length * step / 5)]; });

  function colour(value) {
    if (value === null || value === undefined) { return "#cccccc"; }
    var index = 0;
    while (index < breaks.length && value >= breaks[index]) { index += 1; }
    return colours[index];
  }

  function legend() {
    var target = document.getElementById("map-legend");
    if (!target || values.length === 0) { return; }
    var bounds = [values[0]].concat(breaks, [values[values.length - 1]]);
    target.innerHTML = "";
    colours.forEach(function (fill, index) {
      var item = document.createElement("span");
      item.className = "map-legend-item";
      var swatch = document.createElement("span");
      swatch.className = "map-legend-swatch";
      swatch.style.backgroundColor = fill;
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(number.format(bounds[index]) + " – " + number.format(bounds[index + 1])));
      target.appendChild(item);
    });
  }

  fetch(box.getAttribute("data-boundaries"), { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (topology) {
      var map = window.L.map(box, { zoomSnap: 0.25, attributionControl: false });
      var comuni = window.topojson.feature(topology, topology.objects.comuni);
      var layer = window.L.geoJSON(comuni, {
        style: function (feature) {
          var row = rows[feature.id];
          return { color: "#ffffff", weight: 0.5, fillOpacity: 0.85, fillColor: colour(row ? row.value : null),
                   className: "comune-" + feature.id };
        },
        onEachFeature: function (feature, shape) {
          var row = rows[feature.id];
          if (!row) { return; }
          shape.bindTooltip(row.name + ": " + (row.value === null ? "—" : number.format(row.value)));
          shape.on("click", function () { window.location.href = row.href; });
        }
      }).addTo(map);
      var byAmbito = {};
      topology.objects.comuni.geometries.forEach(function (geometry) {
        var row = rows[geometry.id];
        if (row && row.ambito) { (byAmbito[row.ambito] = byAmbito[row.ambito] || []).push(geometry); }
      });
      Object.keys(byAmbito).forEach(function (ambito) {
        window.L.geoJSON(window.topojson.merge(topology, byAmbito[ambito]), {
          style: { color: "#1a1a1a", weight: 2, fill: false }, interactive: false
        }).addTo(map);
      });
      map.fitBounds(layer.getBounds());
      box.setAttribute("data-drawn", String(layer.getLayers().length));
      legend();
    });
})();
