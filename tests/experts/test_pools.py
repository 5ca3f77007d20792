"""F-VAL-9 expert pools (4.4.2–4.4.5, Прил.3); offline meetings (F-VAL-4): tests/validation/test_expert_review.py."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from experts import services
from experts.criteria import Decision
from experts.models import PoolMembership
from practices.models import PracticeState
from smarteka.permissions import has_role
from smarteka.roles.models import Role
from tests import factories
from tests.experts.conftest import declared
from validation.expert_review import services as review_services

pytestmark = pytest.mark.django_db


def test_expert_moderator_submits_list_asi_moderator_grants_role_f_val_9(category_a, expert_moderator,
                                                                         asi_moderator, client):
    pool = services.pool_for(category_a)
    candidate = factories.UserFactory(email="candidate@example.ru", last_name="Кандидатов")
    client.force_login(expert_moderator)
    response = client.post(reverse("experts:member_add", args=[pool.pk]),
                           {"email": "candidate@example.ru", "year": timezone.localdate().year,
                            "criteria": ["leadership"], "basis": "Письмо № 5"})
    assert response.status_code == 400
    assert "минимум двум критериям" in response.content.decode()
    assert 'value="Письмо № 5"' in response.content.decode() or "Письмо № 5" in response.content.decode()
    response = client.post(reverse("experts:member_add", args=[pool.pk]),
                           {"email": "candidate@example.ru", "year": timezone.localdate().year,
                            "criteria": ["leadership", "legislation"], "basis": "Письмо № 5"})
    assert response.status_code == 302
    membership = PoolMembership.objects.get(user=candidate)
    assert membership.criteria == ["leadership", "legislation"] and membership.added_by == expert_moderator
    assert membership.confirmed_at is None and not has_role(candidate, Role.EXPERT, category=category_a)
    assert "Ждёт назначения роли модератором АСИ" in client.get(reverse("experts:pool", args=[pool.pk])).content.decode()
    assert client.post(reverse("experts:pool_confirm", args=[pool.pk])).status_code == 403
    client.force_login(asi_moderator)
    client.post(reverse("experts:pool_confirm", args=[pool.pk]))
    membership.refresh_from_db()
    assert membership.confirmed_by == asi_moderator
    assert has_role(type(candidate).objects.get(pk=candidate.pk), Role.EXPERT, category=category_a)


def test_yearly_renewal_is_a_new_row_f_val_9(category_a, experts, asi_moderator, expert_moderator):
    pool = services.pool_for(category_a)
    membership = services.add_member(pool, experts[0], by=asi_moderator, criteria=["leadership", "competence"])
    year = timezone.localdate().year
    assert (membership.year, membership.valid_until) == (year, datetime.date(year, 12, 31))
    renewed = services.renew_member(membership, by=expert_moderator)
    assert renewed.pk != membership.pk and renewed.year == year + 1 and renewed.is_confirmed
    assert renewed.valid_from == datetime.date(year + 1, 1, 1)
    assert renewed.criteria == ["leadership", "competence"]
    with pytest.raises(ValidationError):
        services.renew_member(membership, by=expert_moderator)
    # next year the old row is no longer current, the renewed one is
    next_year = datetime.date(year + 1, 3, 1)
    assert list(PoolMembership.objects.current(next_year)) == [renewed]


def test_other_category_expert_moderator_cannot_manage_pool_f_val_9(category_a, expert_moderator_of_other_category,
                                                                    experts, client):
    pool = services.pool_for(category_a)
    with pytest.raises(PermissionDenied):
        services.add_member(pool, experts[0], by=expert_moderator_of_other_category,
                            criteria=["leadership", "competence"])
    client.force_login(expert_moderator_of_other_category)  # may not see the pool: 404 (issue 13 item 14)
    assert client.get(reverse("experts:pool", args=[pool.pk])).status_code == 404
    client.force_login(experts[0])
    assert client.get(reverse("experts:pools")).status_code == 403


def test_pool_activity_shows_given_pending_overdue_f_val_9(practice_in, pool_a, experts, vote,
                                                          expert_moderator, client):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    vote(practice, experts[:1], [Decision.APPROVE])
    late = declared(review_services.invite_expert(practice, experts[1], by=expert_moderator))
    type(late).objects.filter(pk=late.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=3))
    late.refresh_from_db()
    declared(review_services.invite_expert(practice, experts[2], by=expert_moderator))
    assert late.is_overdue()
    client.force_login(expert_moderator)
    html = client.get(reverse("experts:pool", args=[pool_a.pk])).content.decode()

    def row(email):
        start = html.index(f'data-email="{email}"')
        return html[start:html.index("</tr>", start)]

    def numbers(email):  # invited, given, pending, overdue, declined
        return [re.sub(r"<[^>]+>", "", cell).strip()
                for cell in re.findall(r'<td class="text-end">(.*?)</td>', row(email), flags=re.S)]

    assert "Оценок дано" in html and "Просрочено" in html
    assert numbers(experts[0].email) == ["1", "1", "0", "0", "0"]
    assert numbers(experts[1].email) == ["1", "0", "1", "1", "0"]
    assert 'text-bg-danger">1<' in row(experts[1].email)
    assert numbers(experts[2].email) == ["1", "0", "1", "0", "0"]
    listing = client.get(reverse("experts:pools")).content.decode()
    assert "Экспертные пулы" in listing and str(pool_a.category) in listing
