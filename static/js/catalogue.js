// The catalogue's filters on a phone (issue 14 item 12): folded behind «Фильтры»; once opened they stay
// open while htmx replaces the results after each choice (after the settle: htmx restores the classes then).
(function () {
  "use strict";
  var open = false;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var filters = document.getElementById("catalogue-filters");
    if (event.detail.target && event.detail.target.id === "catalogue-results" && filters) {
      open = filters.classList.contains("show");
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var filters = document.getElementById("catalogue-filters");
    if (event.detail.target && event.detail.target.id === "catalogue-results" && filters && open) {
      filters.classList.add("show");
    }
  });
})();
