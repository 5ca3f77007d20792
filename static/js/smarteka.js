// Small progressive enhancements; every page works without JavaScript.

// Irreversible steps (publish, reject, delete, close a vote, refuse a request) ask first: a form with
// data-confirm="…" names the object and the consequence (issue 14, item 6).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form && form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) { event.preventDefault(); }
}, true);
document.addEventListener("htmx:responseError", function (event) {
  var box = document.getElementById("htmx-error");
  if (box) { box.classList.remove("d-none"); box.textContent = "Не удалось выполнить запрос. Попробуйте ещё раз."; }
});
