// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("htmx:responseError", function (event) {
  var box = document.getElementById("htmx-error");
  if (box) { box.classList.remove("d-none"); box.textContent = "Не удалось выполнить запрос. Попробуйте ещё раз."; }
});
