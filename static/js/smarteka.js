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

// A refused form (issue 14, item 3): the error summary at the top takes the focus (screen readers read it,
// the page shows it), and each of its links moves the focus to its field.
function focusErrorSummary() {
  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); summary.scrollIntoView({block: "start"}); }
}
if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", focusErrorSummary); }
else { focusErrorSummary(); }
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-focus]");
  // the field's id, or (a page that renders the input by hand with its own id) its name
  var field = link && (document.getElementById(link.getAttribute("data-focus")) ||
                       document.querySelector('[name="' + link.getAttribute("data-name") + '"]'));
  if (!field) { return; }
  event.preventDefault();
  var closed = field.closest("details:not([open])");
  if (closed) { closed.open = true; }
  field.scrollIntoView({block: "center"});
  field.focus();
});

// A select or checkbox marked data-autosubmit sends its form on change (no inline on*= handlers: the
// Content-Security-Policy forbids them, issue 15 item 2).
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field && field.matches && field.matches("[data-autosubmit]") && field.form) {
    if (field.form.requestSubmit) { field.form.requestSubmit(); } else { field.form.submit(); }
  }
});
