// Statistics pages: draws the charts whose data the page passes with json_script (Chart.js 4, served from
// static vendor/chartjs), and lets wide tables scroll sideways inside their own region on narrow screens.
// Every chart has a table with the same figures on the page; nothing here is needed to read them.
(function () {
  "use strict";

  var COLOURS = ["#1d70b8", "#00703c", "#d4351c", "#f47738", "#4c2c92"];

  function scrollable() {
    document.querySelectorAll("[data-scroll]").forEach(function (region) {
      region.style.overflowX = "auto"; // set through the CSSOM: allowed by the strict CSP
      region.style.maxWidth = "100%";
      var table = region.querySelector("table");
      if (table) {
        table.style.minWidth = region.dataset.scroll || "36rem"; // scroll sideways rather than squeeze words
      }
    });
  }

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var spec = JSON.parse(source.textContent);
    canvas.parentNode.style.position = "relative";
    canvas.parentNode.style.height = Math.max(240, spec.type === "bar" ? 32 * spec.labels.length + 60 : 0) + "px";
    var horizontal = spec.type === "bar";
    new window.Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (set, i) {
          return {
            label: set.label,
            data: set.data,
            borderColor: COLOURS[i % COLOURS.length],
            backgroundColor: COLOURS[i % COLOURS.length],
            borderWidth: 2,
            tension: 0.2,
          };
        }),
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: !horizontal, position: "bottom" } },
        scales: { x: { beginAtZero: true }, y: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  function start() {
    scrollable();
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
