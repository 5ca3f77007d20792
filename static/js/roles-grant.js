// «Назначить роль»: show only the scope field the chosen role needs (the server keeps only that one anyway).
(function () {
  var data = document.getElementById("role-scope-field");
  var role = document.getElementById("id_role");
  if (!data || !role) { return; }
  var scopes = JSON.parse(data.textContent);
  function update() {
    var needed = scopes[role.value] || null;
    document.querySelectorAll("#grant-role-form [data-scope]").forEach(function (box) {
      box.hidden = role.value !== "" && box.dataset.scope !== needed;
      var select = box.querySelector("select");
      if (select) { select.required = box.dataset.scope === needed; }
    });
  }
  role.addEventListener("change", update);
  update();
})();
