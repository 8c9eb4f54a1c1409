// ChittySync dashboard behaviour. No inline script anywhere: the CSP allows only this origin's files.
(function () {
  "use strict";
  var paused = false;

  function refreshAll() {
    if (paused || document.visibilityState !== "visible" || !window.htmx) { return; }
    document.querySelectorAll("[data-autorefresh]").forEach(function (el) {
      window.htmx.trigger(el, "refresh");
    });
  }

  function setUp() {
    var seconds = 0;
    document.querySelectorAll("[data-autorefresh]").forEach(function (el) {
      var s = parseInt(el.getAttribute("data-autorefresh"), 10);
      if (s > 0 && (seconds === 0 || s < seconds)) { seconds = s; }
    });
    if (seconds > 0) {
      // Polls only while the tab is visible; a hidden tab costs the state database nothing.
      window.setInterval(refreshAll, seconds * 1000);
      document.addEventListener("visibilitychange", refreshAll);
    }
    var pause = document.getElementById("pause");
    if (pause) {
      pause.addEventListener("click", function () {
        paused = !paused;
        pause.setAttribute("aria-pressed", paused ? "true" : "false");
        pause.textContent = paused ? "Resume auto-refresh" : "Pause auto-refresh";
      });
    }
  }

  // "Select all" boxes for bulk decisions. Delegated from the document: htmx replaces the table
  // (and its box) after every decision, and a listener on the old box would be gone with it.
  document.addEventListener("change", function (evt) {
    var box = evt.target;
    if (!box || !box.matches || !box.matches("input[data-select-all]")) { return; }
    var form = document.getElementById(box.getAttribute("data-select-all"));
    if (!form) { return; }
    form.querySelectorAll("input[type=checkbox][name=id]").forEach(function (c) { c.checked = box.checked; });
  });

  // A bulk form states how many it will decide before it is sent.
  document.addEventListener("htmx:confirm", function (evt) {
    var form = evt.detail.elt;
    if (!form || !form.hasAttribute || !form.hasAttribute("data-confirm-count")) { return; }
    evt.preventDefault();
    var n = form.querySelectorAll("input[type=checkbox][name=id]:checked").length;
    var verb = (evt.detail.triggeringEvent && evt.detail.triggeringEvent.submitter &&
      evt.detail.triggeringEvent.submitter.value) || "decide";
    if (n === 0) { window.alert("Select at least one delete first."); return; }
    var count = form.querySelector("input[name=count]");
    if (count) { count.value = String(n); }
    if (window.confirm(verb.charAt(0).toUpperCase() + verb.slice(1) + " " + n + " held delete" + (n === 1 ? "" : "s") + "?")) {
      evt.detail.issueRequest(true);
    }
  });

  // htmx does not swap error answers by default; show them in the toast region.
  document.addEventListener("htmx:beforeSwap", function (evt) {
    if (evt.detail.xhr.status >= 400) {
      evt.detail.shouldSwap = true;
      evt.detail.isError = false;
      evt.detail.target = document.getElementById("toast");
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
