/* The annual replication summary's charts (F-REPORT-3): Chart.js (static/vendor/chartjs) drawing the data the
   page hands over in <script type="application/json" id="summary-chart-data"> (json_script: no inline script
   under the CSP). Every chart has its table on the page for screen readers and for printing. */
(function () {
  "use strict";
  var source = document.getElementById("summary-chart-data");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var blue = "rgba(13, 110, 253, 0.8)";
  var grey = "rgba(108, 117, 125, 0.55)";
  var funnelColours = ["#0d6efd", "#3d8bfd", "#6ea8fe", "#198754"];
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false;  // drawn at once: the page is read, not watched

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) {
      new Chart(canvas, config);
    }
  }

  // the funnel: horizontal bars from the request to «Внедрено»
  draw("chart-funnel", {
    type: "bar",
    data: {labels: data.funnel.labels,
           datasets: [{label: "Заявок " + data.year, data: data.funnel.values, backgroundColor: funnelColours}]},
    options: {indexAxis: "y", plugins: {legend: {display: false}},
              scales: {x: {beginAtZero: true, ticks: {precision: 0}}}}
  });

  draw("chart-months", {
    type: "line",
    data: {labels: data.months.labels, datasets: [
      {label: String(data.year), data: data.months.current, borderColor: blue, backgroundColor: blue, tension: 0},
      {label: String(data.year - 1), data: data.months.previous, borderColor: grey, backgroundColor: grey,
       borderDash: [6, 4], tension: 0}
    ]},
    options: {scales: {y: {beginAtZero: true, ticks: {precision: 0}}}}
  });

  draw("chart-districts", {
    type: "bar",
    data: {labels: data.districts.labels, datasets: [
      {label: String(data.year), data: data.districts.current, backgroundColor: blue},
      {label: String(data.year - 1), data: data.districts.previous, backgroundColor: grey}
    ]},
    options: {scales: {y: {beginAtZero: true, ticks: {precision: 0}}}}
  });
}());
