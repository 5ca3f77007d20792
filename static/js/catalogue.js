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

// Search as you type (issue 16 item 6): the search box is an ARIA combobox whose listbox htmx fills
// (debounced, templates/practices/catalogue/list.html). Arrows move the active option
// (aria-activedescendant: the focus stays in the box), Enter opens it, Escape or a click elsewhere
// closes the list; Enter without an active option submits the search as before. Without JS the box is
// a plain form field.
(function () {
  "use strict";
  var input = document.getElementById("id_q");
  var list = document.getElementById("search-suggestions");
  if (!input || !list) { return; }
  var submitted = null;

  function options() {
    return Array.prototype.slice.call(list.querySelectorAll('[role="option"]'));
  }
  function activeIndex(items) {
    for (var i = 0; i < items.length; i++) {
      if (items[i].classList.contains("active")) { return i; }
    }
    return -1;
  }
  function setActive(items, index) {
    items.forEach(function (item, i) {
      item.classList.toggle("active", i === index);
      item.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }
  function close() {
    list.innerHTML = "";
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    // a late suggestion request for the text just searched would reopen the list over the results
    if (event.detail.elt === input && input.value === submitted) { event.preventDefault(); }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target !== list) { return; }
    if (document.activeElement !== input || input.value === submitted) { close(); return; }
    input.setAttribute("aria-expanded", options().length ? "true" : "false");
    input.removeAttribute("aria-activedescendant");
  });
  input.addEventListener("input", function () { submitted = null; });
  input.addEventListener("keydown", function (event) {
    var items = options();
    if (!items.length) { return; }
    var index = activeIndex(items);
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive(items, (index + 1) % items.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive(items, index <= 0 ? items.length - 1 : index - 1);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "Enter" && index >= 0) {
      event.preventDefault();
      var href = items[index].getAttribute("data-href");
      if (href) { window.location.assign(href); }
    }
  });
  list.addEventListener("mousedown", function (event) {
    // a click on an option, not its link's text alone, opens it; mousedown keeps the focus in the box
    var option = event.target.closest('[role="option"]');
    if (!option) { return; }
    event.preventDefault();
    var href = option.getAttribute("data-href");
    if (href) { window.location.assign(href); }
  });
  if (input.form) {
    input.form.addEventListener("submit", function () { submitted = input.value; close(); });
  }
  document.addEventListener("click", function (event) {
    if (!event.target.closest(".search-box")) { close(); }
  });
})();
