"""issue 15 items 4 and 5: the expert's evaluation form (F-VAL-3, 4.4.7) fuzzed through its real view:
arbitrary Unicode, 100k-character notes, control characters (NUL included), lone surrogates, junk
decisions and missing criteria — no 500; refused → no evaluation and a Russian message at the field;
saved → the evaluation holds exactly what was typed."""

import pytest
from django.urls import reverse
from hypothesis import given

from experts import services as expert_services
from experts.criteria import CRITERIA, Decision
from experts.models import Evaluation
from practices.models import PracticeState
from tests.experts.conftest import all_met, declared
from tests.fuzzing import (
    assert_not_500,
    assert_russian_refusal,
    errors_of,
    example,
    form_data,
    post,
    values,
    with_explicit,
)
from tests.smarteka.test_safe_text import PAYLOAD, assert_escaped
from validation.expert_review import services as review_services

pytestmark = pytest.mark.django_db


def _decoded(value):
    return str(value).encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def test_issue_15_item_5_fuzzed_evaluation_form(client, practice_in, pool_a, experts, expert_moderator):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    invitation = declared(review_services.invite_expert(practice, experts[0], by=expert_moderator))
    fields = {"decision": values(["approve", "revision", "reject"]),
              "revision_points": values(["Дополнить состав команды"]), "comment": values(["Хорошая практика"])}
    for code, _title, _help in CRITERIA:
        fields[f"criterion_{code}"] = values(["yes"] * 6 + ["no"])
        fields[f"note_{code}"] = values(["Замечание"])
    client.force_login(experts[0])
    url = reverse("experts:evaluate", args=[invitation.pk])

    @given(data=form_data(fields))
    def run(data):
        with example():
            response = post(client, url, data)
            assert_not_500(response)
            made = list(Evaluation.objects.filter(invitation=invitation))
            if response.status_code == 302:
                (evaluation,) = made
                assert evaluation.comment == _decoded(data.get("comment", "")).strip()
                for code, _title, _help in CRITERIA:
                    assert evaluation.answers[code]["note"] == _decoded(data.get(f"note_{code}", "")).strip()
            else:
                assert response.status_code == 400 and made == []
                assert_russian_refusal(response)

    with_explicit(run, fields)()


def test_issue_15_item_4_evaluation_texts_render_escaped(client, practice_in, pool_a, experts, expert_moderator):
    """The expert's comment, revision points and criterion notes show escaped on the evaluation page."""
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    invitation = declared(review_services.invite_expert(practice, experts[0], by=expert_moderator))
    answers = all_met(("5",))
    answers["5"]["note"] = PAYLOAD
    expert_services.submit_evaluation(invitation, by=experts[0], answers=answers, decision=Decision.REVISION,
                                      revision_points=PAYLOAD, comment=PAYLOAD)
    client.force_login(experts[0])
    assert_escaped(client.get(reverse("experts:evaluate", args=[invitation.pk])).content.decode(), "evaluation")


def test_issue_15_item_5_criterion_note_added_after_init_is_limited_too(client, practice_in, pool_a, experts,
                                                                        expert_moderator):
    """The criteria notes are fields EvaluationForm adds in its own __init__: SafeTextMixin checks them too
    (a NUL and more than 20 000 characters, in Russian, at the note)."""
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    invitation = declared(review_services.invite_expert(practice, experts[0], by=expert_moderator))
    data = {"decision": "approve", "comment": "", "revision_points": ""}
    for code, _title, _help in CRITERIA:
        data[f"criterion_{code}"] = "yes"
    code = CRITERIA[0][0]
    client.force_login(experts[0])
    url = reverse("experts:evaluate", args=[invitation.pk])
    for note, message in (("Я" * 20_001, "Текст слишком длинный"), ("до\x00после", "нулевой символ")):
        response = post(client, url, {**data, f"note_{code}": note})
        assert response.status_code == 400
        assert any(field == f"note_{code}" and message in text for field, text in errors_of(response))
        assert not Evaluation.objects.exists()
