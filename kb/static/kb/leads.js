// Lead pages: "select all" for a group of suggested wordings; confirm before restoring.
(function () {
  "use strict";
  document.querySelectorAll(".select-all").forEach(function (button) {
    button.addEventListener("click", function () {
      var list = document.getElementById(button.dataset.target);
      if (!list) return;
      var boxes = list.querySelectorAll("input[type=checkbox]");
      var allOn = Array.prototype.every.call(boxes, function (b) { return b.checked; });
      boxes.forEach(function (b) { b.checked = !allOn; });
    });
  });
  document.querySelectorAll(".restore-form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var n = form.querySelector("input[name=number]").value;
      if (!window.confirm("Restore version " + n + "? It becomes a new version.")) {
        event.preventDefault();
      }
    });
  });
})();
