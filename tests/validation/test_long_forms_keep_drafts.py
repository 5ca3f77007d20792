"""Issue 14 item 1: the review page's action forms (the return comment among them) keep what is typed in the
tab and ask before leaving (static/js/drafts.js)."""

import pytest
from django.urls import reverse

from practices.models import PracticeState

pytestmark = pytest.mark.django_db


def test_return_comment_form_keeps_its_draft(client, practice_in, coordinator):
    practice = practice_in(PracticeState.REGIONAL_REVIEW)
    client.force_login(coordinator)
    page = client.get(reverse("validation:review", args=[practice.pk])).content.decode()
    assert f'data-draft-key="review-{practice.pk}-return-{coordinator.pk}"' in page
