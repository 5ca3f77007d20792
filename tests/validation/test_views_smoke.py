"""Review page and queue render (F-VAL-7, F-VAL-8)."""

import pytest
from django.urls import reverse

from practices.models import PracticeState

pytestmark = pytest.mark.django_db


def test_review_page_and_queue_render_f_val_7(client, drive, actors):
    practice = drive(PracticeState.PACKAGING)
    client.force_login(actors["asi"])
    r = client.get(reverse("validation:review", args=[practice.pk]))
    assert r.status_code == 200, r.content.decode()[:3000]
    r = client.get(reverse("validation:queue"))
    assert r.status_code == 200
    client.force_login(actors["em"])
    r = client.get(reverse("validation:review", args=[practice.pk]))
    assert "Установить уровень" in r.content.decode()
