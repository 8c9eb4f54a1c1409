// Draws each [data-chart] element with uPlot from the JSON in the element it names.
(function () {
  "use strict";
  function draw() {
    if (!window.uPlot) { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-chart"));
      if (!source) { return; }
      var data = JSON.parse(source.textContent);
      var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
      var axis = { stroke: dark ? "#9aa5b1" : "#5a6270", grid: { stroke: dark ? "#30363d" : "#e5e8eb" } };
      var opts = {
        width: Math.max(320, el.clientWidth || 800),
        height: 220,
        series: [{}].concat(data.series.map(function (s) {
          return { label: s.label, stroke: s.color, width: 2, scale: s.scale || "ms" };
        })),
        axes: [axis, Object.assign({ scale: "ms", label: "ms" }, axis), Object.assign({ scale: "ops", side: 1, label: "ops" }, axis)],
        scales: { x: { time: true } }
      };
      el.textContent = "";
      new window.uPlot(opts, [data.x].concat(data.series.map(function (s) { return s.values; })), el);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
