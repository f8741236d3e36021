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
          return {
            label: series.label,
            data: series.data,
            backgroundColor: COLOURS[index % COLOURS.length],
            borderColor: COLOURS[index % COLOURS.length],
            spanGaps: true
          };
        })
      },
      options: {
        responsive: true,
        animation: false,
        scales: { y: percent ? { min: 0, max: 100, ticks: { callback: function (v) { return v + " %"; } } } : { beginAtZero: true } }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  });
})();
