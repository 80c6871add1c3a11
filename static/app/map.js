/* The profile's map: the region's comuni from the committed TopoJSON, coloured by the values of the table under the
   map (each row: data-istat, data-value, data-ambito, data-subambito, data-href), in five classes of equal count
   (quantiles), or by membership (data-colouring="ambito" or "sub_ambito": one colour per area), with a legend; the
   ambiti's outlines (solid) and sub-ambiti's (dashed) merged from their comuni (topojson.merge); a click opens the
   comune's profile. No tile server: the comuni are the map. */
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
      ambitoName: row.children[1].textContent.trim(),  // the table's Ambito and Sub-ambito columns
      subambito: row.getAttribute("data-subambito"),
      subambitoName: row.children[2].textContent.trim(),
      href: row.getAttribute("data-href")
    };
  });
  var values = Object.keys(rows).map(function (code) { return rows[code].value; })
    .filter(function (value) { return value !== null; }).sort(function (a, b) { return a - b; });
  var breaks = [1, 2, 3, 4].map(function (step) { return values[Math.floor(values.length * step / 5)]; });

  // Colouring by membership: each ambito (or sub-ambito) of the region its own colour, in the order of their names.
  var colouring = box.getAttribute("data-colouring") || "";
  var palette = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#1f78b4",
                 "#b2df8a", "#fb9a99", "#cab2d6", "#ffff99"];
  var groups = {};
  if (colouring) {
    var key = colouring === "ambito" ? "ambito" : "subambito";
    Object.keys(rows).forEach(function (code) {
      var row = rows[code];
      if (row[key]) { groups[row[key]] = row[key + "Name"]; }
    });
  }
  var groupOrder = Object.keys(groups).sort(function (a, b) { return groups[a].localeCompare(groups[b], lang); });

  function groupColour(row) {
    var key = colouring === "ambito" ? "ambito" : "subambito";
    if (!row || !row[key]) { return "#cccccc"; }
    return palette[groupOrder.indexOf(row[key]) % palette.length];
  }

  function colour(value) {
    if (value === null || value === undefined) { return "#cccccc"; }
    var index = 0;
    while (index < breaks.length && value >= breaks[index]) { index += 1; }
    return colours[index];
  }

  function swatch(fill, text) {
    var item = document.createElement("span");
    item.className = "map-legend-item";
    var square = document.createElement("span");
    square.className = "map-legend-swatch";
    square.style.backgroundColor = fill;
    item.appendChild(square);
    item.appendChild(document.createTextNode(text));
    return item;
  }

  function legend() {
    var target = document.getElementById("map-legend");
    if (target && colouring) {
      target.innerHTML = "";
      groupOrder.forEach(function (group, index) { target.appendChild(swatch(palette[index % palette.length], groups[group])); });
      return;
    }
    if (!target || values.length === 0) { return; }
    var bounds = [values[0]].concat(breaks, [values[values.length - 1]]);
    target.innerHTML = "";
    colours.forEach(function (fill, index) {
      target.appendChild(swatch(fill, number.format(bounds[index]) + " – " + number.format(bounds[index + 1])));
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
          var fill = colouring ? groupColour(row) : colour(row ? row.value : null);
          return { color: "#ffffff", weight: 0.5, fillOpacity: 0.85, fillColor: fill,
                   className: "comune-" + feature.id };
        },
        onEachFeature: function (feature, shape) {
          var row = rows[feature.id];
          if (!row) { return; }
          var label = colouring === "ambito" ? (row.ambitoName || "—")
            : colouring ? (row.subambitoName || "—") : (row.value === null ? "—" : number.format(row.value));
          shape.bindTooltip(row.name + ": " + label);
          shape.on("click", function () { window.location.href = row.href; });
        }
      }).addTo(map);
      function outlines(key, style) {
        var members = {};
        topology.objects.comuni.geometries.forEach(function (geometry) {
          var row = rows[geometry.id];
          if (row && row[key]) { (members[row[key]] = members[row[key]] || []).push(geometry); }
        });
        Object.keys(members).forEach(function (area) {
          window.L.geoJSON(window.topojson.merge(topology, members[area]), { style: style, interactive: false })
            .addTo(map);
        });
        return Object.keys(members).length;
      }
      var ambiti = outlines("ambito", { color: "#1a1a1a", weight: 2, fill: false });
      var subambiti = outlines("subambito", { color: "#1a1a1a", weight: 1.25, dashArray: "4 3", fill: false });
      box.setAttribute("data-outlines", ambiti + "," + subambiti);
      map.fitBounds(layer.getBounds());
      box.setAttribute("data-drawn", String(layer.getLayers().length));
      legend();
    });
})();
