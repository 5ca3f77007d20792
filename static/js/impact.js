// F-PLUS-1: a before/after bar chart per measured result of a practice. The figures come from the
// json_script «impact-data» (the same rows as the table beside the charts); the table is what screen
// readers read, the charts are aria-hidden.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("impact-data");
    if (!source || typeof Chart === "undefined") { return; }
    var rows = JSON.parse(source.textContent);
    var number = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 2 });
    function label(word, date) {
      return date ? word + " (" + date.split("-").reverse().join(".") + ")" : word;
    }
    document.querySelectorAll("canvas.impact-chart").forEach(function (canvas) {
      var row = rows[Number(canvas.dataset.index)];
      if (!row) { return; }
      new Chart(canvas, {
        type: "bar",
        data: {
          labels: [label("До", row.date_before), label("После", row.date_after)],
          datasets: [{
            label: row.indicator + (row.unit ? ", " + row.unit : ""),
            data: [row.before, row.after],
            backgroundColor: ["#adb5bd", "#0d6efd"],
          }],
        },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          plugins: {
            legend: { display: false },
            tooltip: { callbacks: { label: function (ctx) {
              return number.format(ctx.parsed.y) + (row.unit ? " " + row.unit : "");
            } } },
          },
          scales: { y: { beginAtZero: true, ticks: { callback: function (v) { return number.format(v); } } } },
        },
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
