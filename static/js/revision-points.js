// Point-by-point revision (F-PLUS-8): a live preview of the numbered points under a return's comment —
// one point per non-empty line, list marks dropped, as the server splits them (practices/revision/services.py).
(function () {
  "use strict";
  var MARK = /^\s*(?:[-–—•*]|\d{1,3}[.)])\s*/;

  function points(text) {
    return text.split(/\r?\n/).map(function (line) { return line.replace(MARK, "").trim(); })
      .filter(function (line) { return line.length > 0; });
  }

  function attach(area) {
    var box = document.createElement("div");
    box.className = "small border rounded p-2 mt-2 bg-body-tertiary points-preview";
    box.setAttribute("aria-live", "polite");
    var title = document.createElement("div");
    title.className = "fw-semibold mb-1";
    var list = document.createElement("ol");
    list.className = "mb-0 ps-3";
    box.appendChild(title);
    box.appendChild(list);
    area.insertAdjacentElement("afterend", box);

    function render() {
      var items = points(area.value);
      var start = parseInt(area.dataset.pointsStart || "1", 10);
      list.setAttribute("start", String(start));
      list.replaceChildren.apply(list, items.map(function (text) {
        var li = document.createElement("li");
        li.textContent = text;
        return li;
      }));
      box.hidden = items.length === 0;
      title.textContent = "Автор ответит на каждое замечание отдельно:";
    }
    area.addEventListener("input", render);
    render();
  }

  document.querySelectorAll("textarea[data-points-preview]").forEach(attach);
})();
