// The catalogue's filters on a phone (issue 14 item 12): folded behind «Фильтры»; once opened they stay
// open while htmx replaces the results after each choice (after the settle: htmx restores the classes then).
// Whether the user opened them is read from Bootstrap's collapse events, not from the classes at the swap:
// a choice made while the opening animation runs («collapsing», not yet «show») must keep them open too.
(function () {
  "use strict";
  var open = false;
  function isFilters(event) {
    return event.target && event.target.id === "catalogue-filters";
  }
  document.addEventListener("show.bs.collapse", function (event) {
    if (isFilters(event)) { open = true; }
  });
  document.addEventListener("hide.bs.collapse", function (event) {
    if (isFilters(event)) { open = false; }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var filters = document.getElementById("catalogue-filters");
    if (event.detail.target && event.detail.target.id === "catalogue-results" && filters && open) {
      filters.classList.add("show");
    }
  });
})();
