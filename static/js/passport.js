// The passport editor (F-PASS-3): list inputs (add / remove an item) and the title length counter; the page
// works without them. Moved out of the template: no inline scripts (CSP).
(function () {
  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-list-add]");
    var remove = event.target.closest("[data-list-remove]");
    if (add) {
      var box = add.closest("[data-list-input]");
      var rows = box.querySelector("[data-list-rows]");
      var last = rows.querySelector("[data-list-item]:last-child");
      var copy = last.cloneNode(true);
      var field = copy.querySelector("input, textarea");
      field.value = "";
      field.id = box.id + "_" + (rows.children.length + 1);
      rows.appendChild(copy);
      renumber(rows);
      field.focus();
    } else if (remove) {
      var list = remove.closest("[data-list-rows]");
      var item = remove.closest("[data-list-item]");
      if (list.children.length > 1) { item.remove(); } else { item.querySelector("input, textarea").value = ""; }
      renumber(list);
    }
  });
  function renumber(rows) {
    Array.prototype.forEach.call(rows.children, function (row, i) {
      row.querySelector(".input-group-text").textContent = i + 1;
    });
  }
  document.addEventListener("input", function (event) {
    var max = event.target.getAttribute("data-count-max");
    if (!max) return;
    var counter = document.querySelector('[data-count-for="' + event.target.id + '"]');
    if (counter) counter.textContent = event.target.value.length;
  });
})();
