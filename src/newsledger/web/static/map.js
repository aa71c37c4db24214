// newsledger map page: the offline base map and one circle per place (no dependencies, no markup from data).
"use strict";
(function () {
  var NS = "http://www.w3.org/2000/svg";
  var KEYS = ["type", "actor", "outlet", "date_from", "date_to"];
  function query() {
    var src = new URLSearchParams(window.location.search), out = new URLSearchParams();
    KEYS.forEach(function (k) { var v = src.get(k); if (v) { out.set(k, v); } });
    return out.toString();
  }
  function el(name, attrs) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }
  function titled(node, text) { var t = el("title"); t.textContent = text; node.appendChild(t); return node; }
  function project(lat, lon, w, h) { return [(lon + 180) * w / 360, (90 - lat) * h / 180]; }
  document.addEventListener("DOMContentLoaded", function () {
    var svg = document.getElementById("map"), status = document.getElementById("map-status");
    if (!svg) { return; }
    Promise.all([
      fetch("/static/world-110m.json").then(function (r) { return r.json(); }),
      fetch("/api/geo/places?" + query()).then(function (r) { return r.json(); })
    ]).then(function (res) {
      var world = res[0], places = res[1].items || [];
      var land = el("g", { "class": "land" });
      world.countries.forEach(function (c) {
        land.appendChild(titled(el("path", { d: c.d, "data-id": c.id }), c.name));
      });
      svg.appendChild(land);
      var dots = el("g", { "class": "dots" });
      var max = places.reduce(function (m, p) { return Math.max(m, p.n_events); }, 1);
      places.forEach(function (p) {
        var xy = project(p.lat, p.lon, world.width, world.height);
        var circle = el("circle", { cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: (2 + 14 * Math.sqrt(p.n_events / max)).toFixed(1),
                                    "class": "dot " + (p.precision || "") });
        titled(circle, p.name + (p.country ? ", " + p.country : "") + ": " + p.n_events + " event(s), " + (p.types || []).join(", "));
        dots.appendChild(circle);
      });
      svg.appendChild(dots);
      status.textContent = places.length + " place(s) on the map";
    }).catch(function (err) { status.textContent = "map unavailable: " + err; });
  });
})();
