// newsledger web UI: highlight every piece of text of the record you point at, click or link to (no dependencies).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var text = document.getElementById("doctext");
  if (!text) { return; }
  function mark(rec, on) {
    var first = null;
    text.querySelectorAll("a[data-rec]").forEach(function (a) {
      if (a.getAttribute("data-rec") === rec) { a.classList.toggle("hl", on); first = first || a; }
    });
    return first;
  }
  var current = null;
  function select(rec) {
    if (current) { mark(current, false); var old = document.getElementById(current); if (old) { old.classList.remove("active"); } }
    current = rec;
    var first = mark(rec, true);
    var card = document.getElementById(rec);
    if (card) { card.classList.add("active"); }
    return first;
  }
  text.addEventListener("click", function (ev) {
    var a = ev.target.closest("a[data-rec]");
    if (a) { select(a.getAttribute("data-rec")); }
  });
  // A link such as /documents/ID#rec-event-v1 (from a cluster's evidence list) highlights that record's text.
  function fromHash() {
    var rec = decodeURIComponent(location.hash.slice(1));
    if (rec.indexOf("rec-") !== 0) { return; }
    var first = select(rec);
    if (first) { first.scrollIntoView({block: "center"}); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
});
