/* Charts drawn from the accessible tables beside them: a <canvas data-chart-table="ID" data-chart-type="bar|line">
   (data-chart-format="number" for counts rather than euro)
   reads the table #ID; each row is a label (its <th>), each column with a data-series header a dataset, each cell's
   data-value its number. The table stays on the page with the same numbers; no data lives only in the script. */
(function () {
  "use strict";
  var palette = ["#0066cc", "#00a3a3", "#d9364f", "#e39400", "#5c6f82", "#7a4fc4", "#2f9e44", "#a05a2c"];

  function read(table) {
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th[data-series]"));
    var columns = headers.map(function (th) {
      return Array.prototype.indexOf.call(th.parentNode.children, th);
    });
    var labels = [];
    var series = headers.map(function (th, index) {
      return { label: th.textContent.trim(), data: [], backgroundColor: palette[index % palette.length],
               borderColor: palette[index % palette.length] };
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      if (row.hasAttribute("data-chart-skip")) { return; }
      labels.push(row.children[0].textContent.trim());
      columns.forEach(function (column, index) {
        var cell = row.children[column];
        var value = cell ? cell.getAttribute("data-value") : null;
        series[index].data.push(value === null || value === "" ? null : Number(value));
      });
    });
    return { labels: labels, datasets: series };
  }

  function draw(canvas) {
    var table = document.getElementById(canvas.getAttribute("data-chart-table"));
    if (!table || typeof window.Chart === "undefined") { return; }
    var lang = document.documentElement.lang || "it";
    var type = canvas.getAttribute("data-chart-type") || "bar";
    var data = read(table);
    if (type === "pyramid") {
      drawPyramid(canvas, data, new Intl.NumberFormat(lang));
      return;
    }
    // Euro unless the canvas says data-chart-format="number" (residents over the years: the axis then need not
    // start at zero, so that a change of a few hundred residents shows).
    var plain = canvas.getAttribute("data-chart-format") === "number";
    var money = plain ? new Intl.NumberFormat(lang) : new Intl.NumberFormat(lang, { style: "currency", currency: "EUR" });
    new window.Chart(canvas, {
      type: type,
      data: data,
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { position: "bottom" },
          tooltip: { callbacks: { label: function (item) { return item.dataset.label + ": " + money.format(item.parsed.y); } } }
        },
        scales: { y: { beginAtZero: !plain, ticks: { callback: function (value) { return money.format(value); } } } }
      }
    });
  }

  /* A population pyramid: the first series (males) to the left, the second (females) to the right, people counted
     as plain numbers; the table beside it has the same figures, all positive. */
  function drawPyramid(canvas, data, number) {
    if (data.datasets.length > 0) {
      data.datasets[0].data = data.datasets[0].data.map(function (value) { return value === null ? null : -value; });
    }
    data.datasets.forEach(function (series) { series.stack = "pyramid"; series.barPercentage = 1; series.categoryPercentage = 1; });
    new window.Chart(canvas, {
      type: "bar",
      data: data,
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { position: "bottom" },
          tooltip: { callbacks: { label: function (item) { return item.dataset.label + ": " + number.format(Math.abs(item.parsed.x)); } } }
        },
        scales: {
          x: { stacked: true, ticks: { callback: function (value) { return number.format(Math.abs(value)); } } },
          y: { stacked: true }
        }
      }
    });
  }

  document.querySelectorAll("canvas[data-chart-table]").forEach(draw);
})();
