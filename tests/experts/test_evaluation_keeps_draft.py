"""Issue 14 item 1: the evaluation form keeps what the expert typed in the tab and asks before leaving
(static/js/drafts.js); a refused evaluation comes back marked unsaved with everything typed."""

import pytest
from django.urls import reverse

from practices.models import PracticeState
from tests.experts.conftest import declared
from validation.expert_review import services as review_services

pytestmark = pytest.mark.django_db


def test_evaluation_form_keeps_its_draft_f_val_3(practice_in, pool_a, experts, expert_moderator, client):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    invitation = declared(review_services.invite_expert(practice, experts[0], by=expert_moderator))
    client.force_login(experts[0])
    url = reverse("experts:evaluate", args=[invitation.pk])
    page = client.get(url).content.decode()
    assert f'data-draft-key="evaluation-{invitation.pk}-{experts[0].pk}"' in page
    refused = client.post(url, {"decision": "revision", "revision_points": ""}).content.decode()
    assert "data-unsaved" in refused
