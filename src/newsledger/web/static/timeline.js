// newsledger timelines: zoom and pan the SVG chart (buttons, drag, double-click); no dependencies, no network.
"use strict";
(function () {
  var MARGIN = 40, MIN_BAR = 6, DAY_MS = 86400000;
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var SVGNS = "http://www.w3.org/2000/svg";
  // Day ordinals (Python's date.toordinal) <-> JavaScript dates in UTC; ordinal 719163 is 1970-01-01.
  function toDate(ord) { return new Date((ord - 719163) * DAY_MS); }
  function toOrd(d) { return Math.round(d.getTime() / DAY_MS) + 719163; }

  function ticks(lo, hi) {
    var a = toDate(lo), b = toDate(hi), days = hi - lo, out = [], y, m, d, step, k;
    if (days > 730) {
      step = Math.max(1, Math.floor((b.getUTCFullYear() - a.getUTCFullYear()) / 10));
      for (y = a.getUTCFullYear() + 1; y <= b.getUTCFullYear(); y += step) { out.push([toOrd(new Date(Date.UTC(y, 0, 1))), String(y)]); }
    } else if (days > 62) {
      y = a.getUTCFullYear(); m = a.getUTCMonth();
      for (d = new Date(Date.UTC(y, m, 1)); d <= b; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
        if (d >= a) { out.push([toOrd(d), MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear()]); }
      }
      step = Math.max(1, Math.floor(out.length / 12));
      out = out.filter(function (_, i) { return i % step === 0; });
    } else {
      step = Math.max(1, Math.floor(days / 7));
      for (k = 0; k <= days; k += step) {
        d = toDate(lo + k);
        out.push([lo + k, d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + (k === 0 ? " " + d.getUTCFullYear() : "")]);
      }
    }
    return out;
  }

  function setup(fig) {
    var svg = fig.querySelector("svg");
    var width = Number(svg.getAttribute("data-width")), height = Number(svg.getAttribute("data-height"));
    var first = [Number(fig.getAttribute("data-lo")), Number(fig.getAttribute("data-hi"))];
    var full = [Number(fig.getAttribute("data-full-lo")), Number(fig.getAttribute("data-full-hi"))];
    var view = first.slice();
    var shapes = Array.prototype.slice.call(svg.querySelectorAll("a.shape"));
    var tickGroup = svg.querySelector("g.ticks");
    var outside = fig.querySelector(".outside");

    function draw() {
      var lo = view[0], hi = view[1], scale = (width - 2 * MARGIN) / Math.max(hi - lo + 1, 1), hidden = 0;
      shapes.forEach(function (a) {
        var s = Number(a.getAttribute("data-s")), e = Number(a.getAttribute("data-e"));
        var x0 = MARGIN + (s - lo) * scale, w = (e - s + 1) * scale, el = a.firstElementChild.nextElementSibling;
        var off = e < lo || s > hi;
        a.classList.toggle("off", off);
        hidden += off ? 1 : 0;
        if (el.tagName === "rect") { el.setAttribute("x", x0.toFixed(1)); el.setAttribute("width", Math.max(w, MIN_BAR).toFixed(1)); }
        else { el.setAttribute("cx", (x0 + w / 2).toFixed(1)); }
      });
      while (tickGroup.firstChild) { tickGroup.removeChild(tickGroup.firstChild); }
      ticks(lo, hi).forEach(function (t) {
        var x = (MARGIN + (t[0] - lo) * scale).toFixed(1), line = document.createElementNS(SVGNS, "line"), label = document.createElementNS(SVGNS, "text");
        line.setAttribute("class", "tick"); line.setAttribute("x1", x); line.setAttribute("x2", x); line.setAttribute("y1", 18); line.setAttribute("y2", height - 20);
        label.setAttribute("class", "ticklabel"); label.setAttribute("x", x); label.setAttribute("y", height - 6); label.textContent = t[1];
        tickGroup.appendChild(line); tickGroup.appendChild(label);
      });
      if (outside) { outside.textContent = hidden ? " " + hidden + (hidden === 1 ? " item" : " items") + " outside this view (zoom out or \u201call\u201d)." : ""; }
    }
    function zoom(factor, centre) {
      var span = view[1] - view[0], c = centre === undefined ? (view[0] + view[1]) / 2 : centre;
      var next = Math.max(3, Math.round(span * factor)), share = (c - view[0]) / Math.max(span, 1);
      view = [Math.round(c - next * share), Math.round(c - next * share) + next];
      draw();
    }
    function pan(days) { view = [view[0] + days, view[1] + days]; draw(); }
    function ordAt(evt) {
      var box = svg.getBoundingClientRect(), x = (evt.clientX - box.left) * width / box.width;
      return view[0] + (x - MARGIN) * (view[1] - view[0] + 1) / (width - 2 * MARGIN);
    }
    fig.querySelector(".zoom").hidden = false;
    fig.querySelector(".zoom").addEventListener("click", function (evt) {
      var what = evt.target.getAttribute("data-zoom"), span = view[1] - view[0];
      if (what === "in") { zoom(0.5); } else if (what === "out") { zoom(2); }
      else if (what === "left") { pan(-Math.round(span / 3)); } else if (what === "right") { pan(Math.round(span / 3)); }
      else if (what === "fit") { view = first.slice(); draw(); } else if (what === "all") { view = full.slice(); draw(); }
    });
    svg.addEventListener("dblclick", function (evt) { evt.preventDefault(); zoom(0.5, ordAt(evt)); });
    var dragFrom = null, moved = false;
    svg.addEventListener("pointerdown", function (evt) { dragFrom = ordAt(evt); moved = false; svg.classList.add("grab"); });
    svg.addEventListener("pointermove", function (evt) {
      if (dragFrom === null) { return; }
      var shift = Math.round(dragFrom - ordAt(evt));
      if (shift !== 0) { moved = true; pan(shift); }
    });
    function end() { dragFrom = null; svg.classList.remove("grab"); }
    svg.addEventListener("pointerup", end);
    svg.addEventListener("pointerleave", end);
    svg.addEventListener("click", function (evt) { if (moved) { evt.preventDefault(); moved = false; } }, true);
    fig.zoomTo = function (lo, hi) { view = [lo, hi]; draw(); };
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("figure.chart[data-lo]").forEach(function (fig) {
      if (fig.querySelector("a.shape")) { setup(fig); }
    });
  });
}());
