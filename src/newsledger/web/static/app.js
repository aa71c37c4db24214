// newsledger web UI: highlight every piece of text of the record you point at or click (no dependencies).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var text = document.getElementById("doctext");
  if (!text) { return; }
  function mark(rec, on) {
    text.querySelectorAll("a[data-rec]").forEach(function (a) {
      if (a.getAttribute("data-rec") === rec) { a.classList.toggle("hl", on); }
    });
  }
  var current = null;
  text.addEventListener("click", function (ev) {
    var a = ev.target.closest("a[data-rec]");
    if (!a) { return; }
    var rec = a.getAttribute("data-rec");
    if (current) { mark(current, false); var old = document.getElementById(current); if (old) { old.classList.remove("active"); } }
    current = rec;
    mark(rec, true);
    var card = document.getElementById(rec);
    if (card) { card.classList.add("active"); }
  });
});
