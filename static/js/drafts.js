// Nothing typed is lost (issue 14, item 1). Every page works without this script.
//
// A form may ask for:
//   data-autosave-url="…"  its draft is saved on the server about 1.5 s after the last keystroke (the
//                          passport editor); the answer gives the time («Сохранено в 10:42») and the
//                          errors by field name, shown at the field without touching the rest;
//   data-draft-key="…"     what is typed and not yet saved is kept in this tab's sessionStorage and put
//                          back when the page is opened again (after a reload, a click away, a crash);
//   data-unsaved-warning   (implied by both) leaving the page with unsaved changes asks first.
// The kept text outlives a submit until the server has accepted the form (issue 15 item 6): a POST
// that comes back to the login page (the session expired) or to the stale-page page (CSRF) leaves it in
// the tab, and the form shows it again with «Восстановлен несохранённый текст…». The server marks an
// accepted form by naming its key in the cookie smarteka_drafts_accepted (smarteka/drafts.py).
// choice: sessionStorage, not localStorage — typed text (personal data, 152-ФЗ) does not outlive the
// tab on a shared computer.
(function () {
  "use strict";
  var DELAY = 1500;
  var SELECTOR = "form[data-autosave-url], form[data-draft-key], form[data-unsaved-warning]";
  var LEAVE = "На странице есть несохранённые изменения. Уйти со страницы? Введённый текст не будет отправлен.";
  var states = new WeakMap();
  var leaving = false;

  function state(form) {
    var st = states.get(form);
    if (!st) {
      st = { dirty: false, seq: 0, timer: null, inflight: null, submitting: false };
      states.set(form, st);
    }
    return st;
  }

  function trackedForm(element) {
    var form = element && (element.form || (element.closest && element.closest("form")));
    return form && form.matches(SELECTOR) ? form : null;
  }

  function dirtyForms() {
    return Array.prototype.filter.call(document.querySelectorAll(SELECTOR), function (form) {
      var st = states.get(form);
      return st && (st.dirty || st.inflight) && !st.submitting;
    });
  }

  // --- what the user typed, as plain data (no hidden fields, files or passwords)

  function typedFields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      if (!el.name || el.disabled) return false;
      var type = (el.type || "").toLowerCase();
      return ["hidden", "file", "password", "submit", "button", "reset"].indexOf(type) < 0;
    });
  }

  function snapshot(form) {
    var values = {};
    typedFields(form).forEach(function (el) {
      var list = values[el.name] || (values[el.name] = []);
      var type = (el.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        if (el.checked) list.push(el.value);
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { list.push(o.value); });
      } else {
        list.push(el.value);
      }
    });
    return values;
  }

  function restore(form, values) {
    var changed = false;
    Object.keys(values).forEach(function (name) {
      var wanted = values[name];
      var fields = typedFields(form).filter(function (el) { return el.name === name; });
      if (!fields.length) return;
      var first = fields[0];
      var type = (first.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        fields.forEach(function (el) {
          var on = wanted.indexOf(el.value) >= 0;
          if (el.checked !== on) { el.checked = on; changed = true; }
        });
      } else if (first.tagName === "SELECT" && first.multiple) {
        Array.prototype.forEach.call(first.options, function (o) {
          var on = wanted.indexOf(o.value) >= 0;
          if (o.selected !== on) { o.selected = on; changed = true; }
        });
      } else {
        // a list input (tasks, roadmap steps): add rows until every typed item has one
        var box = first.closest("[data-list-input]");
        var add = box && box.querySelector("[data-list-add]");
        while (add && fields.length < wanted.length) {
          add.click();
          fields = typedFields(form).filter(function (el) { return el.name === name; });
        }
        fields.forEach(function (el, i) {
          var value = i < wanted.length ? wanted[i] : "";
          if (el.value !== value) { el.value = value; changed = true; }
        });
      }
    });
    return changed;
  }

  function storageKey(form) { return "smarteka-draft:" + form.getAttribute("data-draft-key"); }

  function keep(form, sent) {
    if (!form.hasAttribute("data-draft-key")) return;
    try {
      sessionStorage.setItem(storageKey(form), JSON.stringify({ at: Date.now(), values: snapshot(form), sent: !!sent }));
    } catch (e) { /* storage full or off: the warning before leaving still protects the text */ }
  }

  function forget(form) {
    if (!form.hasAttribute("data-draft-key")) return;
    try { sessionStorage.removeItem(storageKey(form)); } catch (e) { /* nothing kept */ }
  }

  function setToken(form, token) {
    if (!token) return;
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) field.value = token;
    // htmx sends the body's hx-headers too
    var headers = document.body.getAttribute("hx-headers");
    if (headers) {
      try {
        var parsed = JSON.parse(headers);
        parsed["X-CSRFToken"] = token;
        document.body.setAttribute("hx-headers", JSON.stringify(parsed));
      } catch (e) { /* not JSON: leave it */ }
    }
  }

  // forms the server accepted on the previous request: their drafts are done with
  function forgetAccepted() {
    var match = document.cookie.match(/(?:^|;\s*)smarteka_drafts_accepted=([^;]*)/);
    if (!match) return;
    decodeURIComponent(match[1]).split("|").forEach(function (key) {
      if (!key) return;
      try { sessionStorage.removeItem("smarteka-draft:" + key); } catch (e) { /* nothing kept */ }
    });
    document.cookie = "smarteka_drafts_accepted=; Max-Age=0; path=/; SameSite=Lax";
  }

  function kept(form) {
    try { return JSON.parse(sessionStorage.getItem(storageKey(form)) || "null"); } catch (e) { return null; }
  }

  // --- the mark «Сохранено в 10:42» and errors at the field

  function status(form, text, kind) {
    var box = form.querySelector("[data-autosave-status]");
    if (!box) return;
    box.className = "small " + (kind === "error" ? "text-danger" : kind === "ok" ? "text-success" : "text-secondary");
    box.textContent = text;
  }

  function showErrors(form, errors) {
    form.querySelectorAll("[data-autosave-error]").forEach(function (el) { el.remove(); });
    form.querySelectorAll("[data-autosave-invalid]").forEach(function (el) {
      el.classList.remove("is-invalid");
      el.removeAttribute("data-autosave-invalid");
      el.removeAttribute("aria-invalid");
    });
    Object.keys(errors || {}).forEach(function (name) {
      var fields = form.querySelectorAll('[name="' + name.replace(/"/g, '\\"') + '"]');
      if (!fields.length) return;
      var last = fields[fields.length - 1];
      fields.forEach(function (el) {
        if (el.type === "hidden") return;
        if (!el.classList.contains("is-invalid")) {
          el.classList.add("is-invalid");
          el.setAttribute("data-autosave-invalid", "");
        }
        el.setAttribute("aria-invalid", "true");
      });
      var message = document.createElement("div");
      message.className = "invalid-feedback d-block";
      message.setAttribute("data-autosave-error", "");
      message.textContent = errors[name].join(" ");
      var anchor = last.closest("[data-list-input], .form-check, .input-group") || last;
      anchor.parentNode.insertBefore(message, anchor.nextSibling);
    });
  }

  function learnRows(form, created) {
    Object.keys(created || {}).forEach(function (prefix) {
      Object.keys(created[prefix]).forEach(function (index) {
        var id = form.querySelector('[name="' + prefix + "-" + index + '-id"]');
        if (id) id.value = created[prefix][index];
      });
    });
  }

  // --- the server's draft

  function post(form, keepalive, retried) {
    return fetch(form.getAttribute("data-autosave-url"), {
      method: "POST", body: new FormData(form), credentials: "same-origin", keepalive: !!keepalive,
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        // the page's protection token is stale (a login in another tab): take the current one, send again
        if (response.status === 403 && data.csrf_token && !retried) {
          setToken(form, data.csrf_token);
          return post(form, keepalive, true);
        }
        return { response: response, data: data };
      });
    });
  }

  function save(form, keepalive) {
    var st = state(form);
    clearTimeout(st.timer);
    st.timer = null;
    if (!st.dirty) return st.inflight || Promise.resolve(true);
    var seq = st.seq;
    status(form, "Сохраняем…");
    var request = post(form, keepalive).then(function (answer) {
      var response = answer.response, data = answer.data;
      return Promise.resolve().then(function () {
        if (!response.ok || !data.saved_at) {
          var failure = new Error(data.error || (response.redirected
            ? "Сеанс завершён: войдите снова в соседней вкладке — введённый текст остаётся на этой странице."
            : "Не удалось сохранить черновик: текст остаётся на этой странице."));
          failure.loginUrl = data.login_url;
          throw failure;
        }
        return data;
      });
    }).then(function (data) {
      learnRows(form, data.created);
      showErrors(form, data.errors);
      var nav = document.getElementById("passport-nav");
      if (data.nav && nav) nav.outerHTML = data.nav;
      var missing = form.querySelector("#section-missing");
      if (data.missing && missing) missing.outerHTML = data.missing;
      if (st.seq === seq) { st.dirty = false; forget(form); }
      var restored = form.querySelector("[data-draft-restored]");
      if (restored) {  // the restored text is on the server now: nothing to go back to
        restored.textContent = "Восстановленный текст сохранён.";
        restored.className = "alert alert-success py-2";
      }
      var refused = Object.keys(data.errors || {}).length + (data.general || []).length;
      status(form, "Сохранено в " + data.saved_at + (refused
        ? ". Поля с ошибками не сохранены — исправьте их." + (data.general && data.general.length ? " " + data.general.join(" ") : "")
        : ""), refused ? "error" : "ok");
      return true;
    }).catch(function (error) {
      status(form, (error && error.message && error.message !== "Failed to fetch")
        ? error.message : "Нет связи с сервером: черновик пока не сохранён, текст остаётся на странице.", "error");
      var box = form.querySelector("[data-autosave-status]");
      if (box && error && error.loginUrl) {
        var link = document.createElement("a");
        link.href = error.loginUrl;
        link.target = "_blank";
        link.rel = "noopener";
        link.textContent = "Войти в новой вкладке";
        box.appendChild(document.createTextNode(" "));
        box.appendChild(link);
      }
      return false;
    }).finally(function () {
      if (st.inflight === request) st.inflight = null;
    });
    st.inflight = request;
    return request;
  }

  function schedule(form) {
    var st = state(form);
    clearTimeout(st.timer);
    st.timer = setTimeout(function () { save(form); }, DELAY);
  }

  // --- events

  function changed(event) {
    var form = trackedForm(event.target);
    if (!form || event.target.type === "file") return;
    touch(form);
  }

  function touch(form) {
    var st = state(form);
    st.dirty = true;
    st.seq += 1;
    keep(form);
    if (form.hasAttribute("data-autosave-url")) schedule(form);
  }
  document.addEventListener("input", changed);
  document.addEventListener("change", changed);
  // a list row removed by its button changes the form without an input event
  document.addEventListener("click", function (event) {
    var form = event.target.closest && event.target.closest("[data-list-remove]") && trackedForm(event.target);
    if (form) setTimeout(function () { touch(form); }, 0);
  });

  function hidden(form, name, value) {
    var field = form.querySelector('input[type=hidden][name="' + name + '"]');
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = name;
      form.appendChild(field);
    }
    field.value = value;
  }

  // sent is not saved: the text stays kept until the server accepts the form (issue 15 item 6)
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.matches || !form.matches(SELECTOR)) return;
    var st = state(form);
    clearTimeout(st.timer);
    st.submitting = true;
    if (form.hasAttribute("hx-post")) {
      // htmx answers in place: the section comes back re-rendered (kept again if refused), or the request
      // fails and htmx:responseError / htmx:sendError keep the text again
      forget(form);
    } else if (form.hasAttribute("data-draft-key")) {
      hidden(form, "_draft_key", form.getAttribute("data-draft-key"));
      hidden(form, "_draft_page", window.location.pathname + window.location.search);
      keep(form, true);
    }
  });
  // a section sent while its autosave is still on its way waits for that answer: the autosave may have
  // created the list's new rows, and the page must send their ids, or the rows are created twice
  document.addEventListener("htmx:confirm", function (event) {
    var form = event.detail && event.detail.elt;
    if (!form || !form.matches || !form.matches("form[data-autosave-url]")) return;
    var pending = state(form).inflight;
    if (!pending) return;
    event.preventDefault();
    pending.then(function () { event.detail.issueRequest(true); });
  });
  // an htmx submission that comes back (an error, or the section re-rendered) is a page again
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail && event.detail.elt;
    if (!form || !form.matches || !form.matches(SELECTOR)) return;
    state(form).submitting = false;
  });
  // an htmx submission refused without a page to swap in (the session expired, a stale page): say so at
  // the form, keep the text; a stale token is replaced and the form sent once more
  document.addEventListener("htmx:responseError", function (event) {
    var form = event.detail && event.detail.elt;
    if (!form || !form.matches || !form.matches(SELECTOR)) return;
    var data = {};
    try { data = JSON.parse(event.detail.xhr.responseText || "{}"); } catch (e) { /* a page, not JSON */ }
    var st = state(form);
    st.dirty = true;
    keep(form);
    if (event.detail.xhr.status === 403 && data.csrf_token && !st.retried) {
      st.retried = true;
      setToken(form, data.csrf_token);
      form.requestSubmit();
      return;
    }
    st.retried = false;
    problem(form, data.error || "Не удалось отправить форму: текст остаётся на этой странице. Попробуйте ещё раз.",
            data.login_url);
  });
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail && event.detail.elt;
    if (!form || !form.matches || !form.matches(SELECTOR)) return;
    state(form).dirty = true;
    keep(form);
    problem(form, "Нет связи с сервером: форма не отправлена, текст остаётся на этой странице.");
  });

  function problem(form, text, loginUrl) {
    var box = form.querySelector("[data-draft-problem]");
    if (!box) {
      box = document.createElement("div");
      box.className = "alert alert-warning py-2";
      box.setAttribute("role", "alert");
      box.setAttribute("data-draft-problem", "");
      form.insertBefore(box, form.firstChild);
    }
    box.textContent = text + " ";
    if (loginUrl) {
      var link = document.createElement("a");
      link.href = loginUrl;
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = "Войти в новой вкладке";
      box.appendChild(link);
    }
    status(form, text, "error");
  }

  // a click on a link away (the sidebar, the header): save first, or ask
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || link.target === "_blank" || link.hasAttribute("download")) return;
    var href = link.getAttribute("href");
    if (!href || href.charAt(0) === "#" || href.indexOf("javascript:") === 0 || href.indexOf("mailto:") === 0) return;
    var dirty = dirtyForms();
    if (!dirty.length) return;
    event.preventDefault();
    var saving = dirty.filter(function (f) { return f.hasAttribute("data-autosave-url"); });
    var others = dirty.filter(function (f) { return !f.hasAttribute("data-autosave-url"); });
    Promise.all(saving.map(function (f) { return save(f); })).then(function (results) {
      var saved = results.every(Boolean);
      if ((saved && !others.length) || window.confirm(LEAVE)) {
        leaving = true;
        window.location.href = link.href;
      }
    });
  });

  window.addEventListener("beforeunload", function (event) {
    if (leaving || !dirtyForms().length) return;
    event.preventDefault();
    event.returnValue = LEAVE;
    return LEAVE;
  });
  // the page goes anyway (a reload, the tab closed): the last keystrokes still reach the server
  window.addEventListener("pagehide", function () {
    dirtyForms().forEach(function (form) {
      if (form.hasAttribute("data-autosave-url") && state(form).dirty) save(form, true);
    });
  });

  // --- on opening a page: put back what was typed and not saved

  function offerRestore(form) {
    if (form.hasAttribute("data-drafts-ready")) return;
    form.setAttribute("data-drafts-ready", "");
    if (form.hasAttribute("data-unsaved")) {
      // a refused form came back with what was typed: it is still not saved
      state(form).dirty = true;
      keep(form);
      return;
    }
    var draft = kept(form);
    if (!draft || !draft.values) return;
    if (!restore(form, draft.values)) { forget(form); return; }
    var st = state(form);
    st.dirty = true;
    st.seq += 1;
    var note = document.createElement("div");
    note.className = "alert alert-info py-2 d-flex flex-wrap align-items-center gap-2";
    note.setAttribute("role", "status");
    note.setAttribute("data-draft-restored", "");
    var when = new Date(draft.at);
    var text = document.createElement("span");
    text.textContent = "Восстановлен несохранённый текст, который вы ввели в " +
      ("0" + when.getHours()).slice(-2) + ":" + ("0" + when.getMinutes()).slice(-2) +
      (form.hasAttribute("data-autosave-url") ? ": сохраняем его."
        : draft.sent ? ": форма была отправлена, но сервер её не принял (сеанс завершился или страница устарела). Проверьте текст и отправьте форму ещё раз."
          : " и ещё не отправили.");
    var undo = document.createElement("button");
    undo.type = "button";
    undo.className = "btn btn-sm btn-outline-secondary";
    undo.textContent = "Вернуть прежний вариант";
    undo.addEventListener("click", function () {
      forget(form);
      st.dirty = false;
      clearTimeout(st.timer);
      leaving = true;
      window.location.reload();
    });
    note.appendChild(text);
    note.appendChild(undo);
    form.insertBefore(note, form.firstChild);
    if (form.hasAttribute("data-autosave-url")) schedule(form);
  }

  function init(root) {
    if (!root || root === document) forgetAccepted();
    var forms = (root && root.querySelectorAll ? root : document).querySelectorAll(SELECTOR);
    Array.prototype.forEach.call(forms, offerRestore);
    if (root && root.matches && root.matches(SELECTOR)) offerRestore(root);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  document.addEventListener("htmx:load", function (event) { init(event.detail && event.detail.elt); });
})();
