"""«Мой кабинет» shows the work of a practice's life after publication (issue 21 + issue 14 item 4): the
expert-moderator the daily check's proposals to confirm (F-ARCH-1, F-DL-9), the ASI moderator the proposals to
decide and the requests for edit access (F-ACT-1); another category's expert-moderator sees none of them."""

import pytest
from django.urls import reverse

from practices.models import Practice
from tests.validation.lifecycle_helpers import propose, published
from validation.lifecycle import archiving
from validation.lifecycle.actualization import request_actualization

pytestmark = pytest.mark.django_db


def _cabinet(client, user):
    client.force_login(user)
    response = client.get(reverse("cabinet"))
    assert response.status_code == 200
    return response.content.decode()


def test_f_arch_1_f_dl_9_daily_check_proposal_awaits_the_expert_moderator_in_the_cabinet(
        client, author, expert_moderator, expert_moderator_of_other_category, asi_moderator, production_calendar):
    practice = published(author, "Практика без заявок", published_at=None)
    Practice.objects.filter(pk=practice.pk).update(published_at=practice.published_at.replace(year=2020))
    assert archiving.propose_archiving_without_requests() == 1
    html = _cabinet(client, expert_moderator)
    assert "Практика без заявок" in html and "подтвердите предложение об архивировании" in html
    assert "Практика без заявок" not in _cabinet(client, expert_moderator_of_other_category)
    assert "переведите в Базу знаний" not in _cabinet(client, asi_moderator)


def test_f_arch_1_f_act_1_asi_moderator_sees_proposals_to_decide_and_access_to_grant(
        client, author, expert_moderator, asi_moderator, production_calendar):
    proposed = published(author, "Практика под предложением")
    propose(proposed, expert_moderator)
    asked = published(author, "Практика для актуализации")
    request_actualization(asked, by=expert_moderator, reason="Обновите результаты")
    html = _cabinet(client, asi_moderator)
    assert "Практика под предложением" in html and "переведите в Базу знаний или отклоните предложение" in html
    assert "Практика для актуализации" in html and "предоставьте доступ к редактированию" in html
    assert reverse("validation:actualization", args=[asked.pk]) in html
    # the expert-moderator's own proposal is with the ASI moderator now: not awaiting the expert-moderator
    assert "подтвердите предложение об архивировании" not in _cabinet(client, expert_moderator)
