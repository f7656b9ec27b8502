// Draws every chart the page holds: <div data-plotly="ID"> + <script type="application/json" id="ID">
// (tracking/charts.py). A static file, so the Content-Security-Policy needs no inline script.
(function () {
  "use strict";
  function draw() {
    if (!window.Plotly) return;
    document.querySelectorAll("[data-plotly]").forEach(function (div) {
      var block = document.getElementById(div.getAttribute("data-plotly"));
      if (!block) return;
      var spec = JSON.parse(block.textContent);
      window.Plotly.newPlot(div, spec.data || [], spec.layout || {}, spec.config || {});
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
