"""The actions a workflow page offers, and the one loop that runs them (POST → form → service →
message → redirect). A page lists its actions as ``ActionSpec`` rows; its POST view looks the action up
by name and hands it to ``run_action``:

    ACTIONS = actions_by_name(
        ActionSpec("start", "start_implementation", forms.CommentForm,
                   lambda req, by, data: services.start_implementation(req, by=by, comment=data["comment"]),
                   "Заявка переведена в статус «Внедряется»."),
    )

    def request_action(request, pk, action):
        spec = ACTIONS.get(action)
        if spec is None:
            raise Http404
        req = ...
        return run_action(request, spec, req, success_url=req.get_absolute_url(),
                          render_failed=lambda form, error: ...)   # the page again, status 400

The rule is asked (403 when refused), the form is bound to the POST and the files, the service runs
with the cleaned data; a ``ValidationError`` of the service (or a transition that is no longer
allowed) comes back to ``render_failed`` with the bound form, so the page re-renders with everything
typed kept. Views never write: the service does, inside its own transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django_fsm import TransitionNotAllowed

from smarteka.forms import add_service_errors
from smarteka.rules import require

STALE_MESSAGE = "Действие недоступно: статус уже изменился. Обновите страницу."


def _target(url, result):
    return url(result) if callable(url) else url


def _text(done, result):
    return done(result) if callable(done) else done


def _no_kwargs(obj, user):
    return {}


@dataclass(frozen=True)
class ActionSpec:
    """One action of a page: the rule asked, the form, the service call, the success message, and
    how the page shows it (label, button style, help text)."""

    name: str
    rule: str
    form: type
    run: Callable[[Any, Any, dict], Any]  # run(obj, by, cleaned_data) -> the service's result
    done: str
    label: str = ""
    style: str = "primary"
    help: str = ""
    # an irreversible step asks first: «… {obj} …» names the object and the consequence (issue 14, item 6)
    confirm: str = ""
    form_kwargs: Callable[[Any, Any], dict] = field(default=_no_kwargs)  # form_kwargs(obj, user)

    def confirm_for(self, obj):
        """The question the page asks before this irreversible step, naming ``obj`` (or "" for none)."""
        return self.confirm.format(obj=obj) if self.confirm else ""

    def make_form(self, obj, user, data=None, files=None):
        """The action's form for ``obj``: unbound, or bound to ``data`` and ``files``. Its ids carry the action's
        name (``id_return_comment``): a page shows several action forms with the same fields, and the error
        summary's link and each field's ``aria-describedby`` must name this form's field (F-PLUS-11)."""
        return self.form(data, files, auto_id=f"id_{self.name}_%s", **self.form_kwargs(obj, user))


def actions_by_name(*specs):
    """``{name: spec}`` in the given order (the order a page shows them in)."""
    return {spec.name: spec for spec in specs}


def run_action(request, spec, obj, *, success_url, render_failed, stale_message=STALE_MESSAGE):
    """Run ``spec`` on ``obj`` for ``request.user``: POST → form → service → message → redirect.

    ``success_url`` is where to go after the service ran (a URL, a model, or ``callable(obj)``
    returning one, asked after the service — e.g. a page the user may no longer see); the success
    message is ``spec.done``. When the form is invalid or the service refuses, returns
    ``render_failed(form, error)``: the bound form and the service's ``ValidationError`` (None when
    the form itself was invalid); a transition that is no longer allowed comes as a ``ValidationError``
    of ``stale_message``.
    """
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    require(request.user, spec.rule, obj)
    form = spec.make_form(obj, request.user, request.POST, request.FILES)
    error = None
    if form.is_valid():
        try:
            spec.run(obj, request.user, form.cleaned_data)
        except ValidationError as exc:
            error = exc
        except TransitionNotAllowed:
            error = ValidationError(stale_message)
        else:
            messages.success(request, spec.done)
            return redirect(success_url(obj) if callable(success_url) else success_url)
    return render_failed(form, error)


def submit_form(request, form, run, done, *, success_url):
    """A page's own bound ``form`` through its service, the loop of ``run_action`` without an
    ``ActionSpec`` (the page asked its rule already): when the form is valid, ``run(form)``; the
    service's ``ValidationError`` goes onto the form and None comes back, for the page to render again
    with status 400 (as when the form is invalid); otherwise the message ``done`` (or ``done(result)``)
    and a redirect to ``success_url`` (a URL, a model, or ``callable(result)``)."""
    if not form.is_valid():
        return None
    try:
        result = run(form)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    messages.success(request, _text(done, result))
    return redirect(_target(success_url, result))


def run_button(request, run, done, *, success_url, failure_url=None):
    """A button without a form (renew, apply, close): ``run()`` (the service); its refusal as one error
    message and a redirect to ``failure_url`` (default ``success_url``); otherwise the message ``done``
    (or ``done(result)``) and a redirect to ``success_url`` (a URL, a model, or ``callable(result)``)."""
    try:
        result = run()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_target(failure_url or success_url, None))
    messages.success(request, _text(done, result))
    return redirect(_target(success_url, result))
