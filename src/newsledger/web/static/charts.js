// newsledger charts page: events per week, stacked by type, as SVG (no dependencies, labels via textContent).
"use strict";
(function () {
  var NS = "http://www.w3.org/2000/svg";
  var KEYS = ["type", "actor", "outlet", "date_from", "date_to"];
  var W = 960, H = 360, LEFT = 40, BOTTOM = 60, TOP = 30;
  function query() {
    var src = new URLSearchParams(window.location.search), out = new URLSearchParams();
    KEYS.forEach(function (k) { var v = src.get(k); if (v) { out.set(k, v); } });
    return out.toString();
  }
  function el(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var svg = document.getElementById("weekly"), status = document.getElementById("chart-status");
    if (!svg) { return; }
    fetch("/api/geo/weekly?" + query()).then(function (r) { return r.json(); }).then(function (data) {
      var weeks = data.weeks || [], names = Object.keys(data.series || {});
      var totals = weeks.map(function (_, i) { return names.reduce(function (s, t) { return s + data.series[t][i]; }, 0); });
      var max = Math.max.apply(null, totals.concat([1]));
      var bw = (W - LEFT - 10) / Math.max(weeks.length, 1);
      var plot = el("g", { "class": "bars" });
      weeks.forEach(function (week, i) {
        var y = H - BOTTOM;
        names.forEach(function (t, k) {
          var n = data.series[t][i];
          if (!n) { return; }
          var h = (H - BOTTOM - TOP) * n / max;
          y -= h;
          var rect = el("rect", { x: (LEFT + i * bw + 1).toFixed(1), y: y.toFixed(1), width: Math.max(bw - 2, 1).toFixed(1),
                                  height: h.toFixed(1), "class": "series-" + (k % 9) });
          rect.appendChild(el("title", {}, week + " · " + t + ": " + n));
          plot.appendChild(rect);
        });
        if (weeks.length <= 30 || i % Math.ceil(weeks.length / 30) === 0) {
          plot.appendChild(el("text", { x: (LEFT + i * bw + bw / 2).toFixed(1), y: H - BOTTOM + 14, "class": "wk-label",
                                        transform: "rotate(45 " + (LEFT + i * bw + bw / 2).toFixed(1) + " " + (H - BOTTOM + 14) + ")" }, week));
        }
      });
      svg.appendChild(plot);
      svg.appendChild(el("text", { x: 4, y: TOP - 8, "class": "wk-label" }, "max " + max + " / week"));
      var legend = el("g", { "class": "legend" });
      names.forEach(function (t, k) {
        legend.appendChild(el("rect", { x: LEFT + k * 110, y: 4, width: 10, height: 10, "class": "series-" + (k % 9) }));
        legend.appendChild(el("text", { x: LEFT + k * 110 + 14, y: 13, "class": "wk-label" }, t));
      });
      svg.appendChild(legend);
      status.textContent = weeks.length + " week(s), " + (data.total || 0) + " event(s)";
    }).catch(function (err) { status.textContent = "chart unavailable: " + err; });
  });
})();
