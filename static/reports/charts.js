// Draws every <canvas data-chart="<id of a json_script>"> with Chart.js. The same numbers are in a table
// beside each chart, so the page says everything without JavaScript too.
(function () {
  "use strict";
  var COLOURS = ["#0b4f6c", "#c05a00", "#2f7d32", "#6a3d9a"];

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") { return; }
    var spec = JSON.parse(source.textContent);
    var percent = spec.unit === "%";
    new Chart(canvas, {
      type: spec.kind || "bar",
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (series, index) {
          var colour = COLOURS[index % COLOURS.length];
          var low = series.low || [];
          // A point resting on a small sample is a hollow triangle (shape, not colour); its tooltip says why.
          return {
            label: series.label,
            data: series.data,
            backgroundColor: colour,
            borderColor: colour,
            pointStyle: low.map(function (isLow) { return isLow ? "triangle" : "circle"; }),
            pointRadius: low.map(function (isLow) { return isLow ? 6 : 3; }),
            pointBackgroundColor: low.map(function (isLow) { return isLow ? "#ffffff" : colour; }),
            notes: series.notes || [],
            spanGaps: true
          };
        })
      },
      options: {
        responsive: true,
        animation: false,
        plugins: {
          tooltip: {
            callbacks: {
              afterLabel: function (item) { return (item.dataset.notes || [])[item.dataIndex] || ""; }
            }
          }
        },
        scales: { y: percent ? { min: 0, max: 100, ticks: { callback: function (v) { return v + " %"; } } } : { beginAtZero: true } }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
