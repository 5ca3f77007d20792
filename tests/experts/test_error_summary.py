"""Issue 14 item 3: a refused form shows a summary of its errors at the top of the page, each a link to
its field, the summary taking the focus; nothing typed is lost."""

import re

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse

from experts.criteria import CRITERIA
from practices.models import PracticeState
from tests.experts.conftest import declared
from validation.expert_review import services as review_services

pytestmark = pytest.mark.django_db


def _summary(html):
    match = re.search(r'<div class="alert alert-danger error-summary".*?</div>', html, re.S)
    return match.group(0) if match else ""


def test_issue_14_item_3_evaluation_form_refused_shows_the_summary_at_the_top_linked_to_the_field(
        practice_in, pool_a, experts, expert_moderator, client):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    invitation = declared(review_services.invite_expert(practice, experts[0], by=expert_moderator))
    client.force_login(experts[0])
    data = {"revision_points": "", "comment": "Хорошая практика"}
    for code, _t, _h in CRITERIA:
        data[f"criterion_{code}"] = "yes"
    response = client.post(reverse("experts:evaluate", args=[invitation.pk]), data)
    html = response.content.decode()
    assert response.status_code == 400
    summary = _summary(html)
    assert 'tabindex="-1"' in summary and "data-autofocus" in summary
    assert "исправьте 1 ошибку" in summary
    assert '<a href="#id_decision_0"' in summary and "Выберите решение." in summary
    assert 'id="id_decision_0"' in html
    # the summary comes before the form, the typed values are kept
    assert html.index("error-summary") < html.index('id="evaluation-form"')
    assert "Хорошая практика" in html and 'value="yes" checked' in html


def test_issue_14_item_3_no_summary_without_errors(practice_in, pool_a, experts, expert_moderator, client):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    invitation = declared(review_services.invite_expert(practice, experts[0], by=expert_moderator))
    client.force_login(experts[0])
    assert "error-summary" not in client.get(reverse("experts:evaluate", args=[invitation.pk])).content.decode()


class _Form(forms.Form):
    title = forms.CharField(label="Название")
    kind = forms.ChoiceField(label="Вид", choices=[("a", "А"), ("b", "Б")], widget=forms.RadioSelect)

    def clean(self):
        raise forms.ValidationError("Так нельзя.")


def test_issue_14_item_3_summary_lists_field_and_non_field_errors_of_forms_and_formsets_in_the_context():
    form = _Form(data={})
    formset = forms.formset_factory(_Form, extra=0)(data={"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0",
                                                         "form-0-title": "x"})
    html = Template("{% load smarteka %}{% error_summary %}").render(
        Context({"form": form, "formsets": [formset], "filters": _Form()}))
    assert "Так нельзя." in html
    assert ('<a href="#id_title" class="alert-link" data-focus="id_title" data-name="title">Название: Обязательное '
            'поле.</a>') in html
    assert 'href="#id_kind_0"' in html
    assert 'href="#id_form-0-kind_0"' in html and "Строка 1: Вид" in html
    assert "исправьте 5 ошибок" in html  # 2 fields + non-field of the form, 1 field + non-field of row 1
