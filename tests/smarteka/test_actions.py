"""The one action loop of workflow pages (smarteka.actions): POST → form → service → message → redirect."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.test import RequestFactory
from django_fsm import TransitionNotAllowed

from smarteka import rules
from smarteka.actions import STALE_MESSAGE, ActionSpec, run_action


class NoteForm(forms.Form):
    text = forms.CharField(error_messages={"required": "Напишите текст."})

    def __init__(self, *args, prefix_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.prefix_text = prefix_text


@pytest.fixture
def allow(monkeypatch):
    answer = {"value": True}
    monkeypatch.setitem(rules._rules, "test_note", lambda user, obj: answer["value"])
    return answer


def _post(user, data, method="post"):
    request = getattr(RequestFactory(), method)("/act/", data)
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _spec(run):
    return ActionSpec("note", "test_note", NoteForm, run, "Записано.",
                      form_kwargs=lambda obj, user: {"prefix_text": f"#{obj}"})


def _failed(calls):
    def render_failed(form, error):
        calls.append((form, error))
        return HttpResponse(status=400)
    return render_failed


@pytest.mark.django_db
def test_run_action_runs_the_service_then_messages_and_redirects(allow, author):
    ran, failed = [], []
    request = _post(author, {"text": "да"})
    response = run_action(request, _spec(lambda obj, by, data: ran.append((obj, by, data["text"]))), 7,
                          success_url=lambda obj: f"/done/{obj}/", render_failed=_failed(failed))
    assert response.status_code == 302 and response["Location"] == "/done/7/"
    assert ran == [(7, author, "да")] and failed == []
    assert [str(m) for m in get_messages(request)] == ["Записано."]


@pytest.mark.django_db
def test_run_action_gives_the_bound_form_and_the_service_refusal_back(allow, author):
    failed = []

    def refuse(obj, by, data):
        raise ValidationError("Нельзя.")

    response = run_action(_post(author, {"text": "да"}), _spec(refuse), 7, success_url="/done/",
                          render_failed=_failed(failed))
    assert response.status_code == 400
    (form, error), = failed
    assert form.is_bound and form.cleaned_data["text"] == "да" and form.prefix_text == "#7"
    assert error.messages == ["Нельзя."]


@pytest.mark.django_db
def test_run_action_invalid_form_and_stale_transition(allow, author):
    failed = []

    def stale(obj, by, data):
        raise TransitionNotAllowed("gone")

    run_action(_post(author, {}), _spec(stale), 7, success_url="/done/", render_failed=_failed(failed))
    run_action(_post(author, {"text": "да"}), _spec(stale), 7, success_url="/done/", render_failed=_failed(failed))
    (invalid_form, no_error), (_form, stale_error) = failed
    assert no_error is None and invalid_form.errors["text"] == ["Напишите текст."]
    assert stale_error.messages == [STALE_MESSAGE]


@pytest.mark.django_db
def test_run_action_asks_the_rule_and_takes_only_post(allow, author):
    ran = []
    spec = _spec(lambda obj, by, data: ran.append(obj))
    assert run_action(_post(author, {}, method="get"), spec, 7, success_url="/", render_failed=None).status_code == 405
    allow["value"] = False
    with pytest.raises(PermissionDenied):
        run_action(_post(author, {"text": "да"}), spec, 7, success_url="/", render_failed=None)
    assert ran == []
