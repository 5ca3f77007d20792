"""Versions of a passport and the diff since a reviewer's last look (F-PASS-5); resubmission after revision."""

import datetime

import pytest
from django.urls import reverse

from practices.models import Practice, PracticeState, PracticeVersion, Track
from practices.services import resubmit_practice, submit_practice
from practices.submission import versions
from smarteka.deadlines.models import Deadline
from smarteka.deadlines.services import open_deadline
from smarteka.history import services as history
from smarteka.notifications.models import Notice
from smarteka.notifications.services import notify
from tests import factories

pytestmark = pytest.mark.django_db


def return_for_revision(practice, *, by, from_state=PracticeState.REGIONAL_REVIEW):
    """What the reviewers' transitions (validation issue) will do: a history row and the state."""
    Practice.objects.filter(pk=practice.pk).update(state=from_state)
    practice = Practice.objects.get(pk=practice.pk)
    history.record(practice, by=by, old=from_state, new=PracticeState.REVISION, action="return_for_revision",
                   comment="Уточните цель практики")
    Practice.objects.filter(pk=practice.pk).update(state=PracticeState.REVISION)
    notify(practice.author, kind="practice_revision", title="Практика возвращена на доработку", obj=practice,
           requires_action=True, email=False)
    return Practice.objects.get(pk=practice.pk)


@pytest.fixture
def submitted(author, coordinator):
    practice = factories.complete_practice(author)
    return submit_practice(practice, by=author, track=Track.REGIONAL_INITIATIVE)


def test_F_PASS_5_snapshot_has_every_field_with_russian_labels(submitted):
    data = PracticeVersion.objects.get(practice=submitted, number=1).data
    assert data["title"] == {"label": "Как называется практика?", "value": "Бережливая поликлиника"}
    assert data["tasks"]["value"] == ["Перестроить потоки пациентов", "Обучить персонал"]
    y = datetime.date.today().year - 1
    assert data["results"]["value"] == [f"Время ожидания приёма: до — 60 мин (01.01.{y}), "
                                        f"после — 30 мин (01.12.{y})"]
    assert data["third_parties"]["value"] == ["ТФОМС: условия — Соглашение; зона ответственности — Оплата"]
    assert len(data["materials"]["value"]) == 4
    assert data["team"]["value"][0].startswith("Иванов Иван")
    assert data["rating_indicators"]["value"] == ["Тестовый рейтинг Агентства: T1. Доля довольных жителей"]
    assert data["confirms_accuracy"] == {"label": "Гарантирую достоверность сведений", "value": "да"}
    assert data["track"]["value"] == "Инициатива региона"


def test_F_PASS_5_diff_lists_changed_fields():
    old = {"goal": {"label": "Цель", "value": "А"}, "tasks": {"label": "Задачи", "value": ["1"]},
           "title": {"label": "Название", "value": "Т"}}
    new = {"goal": {"label": "Цель", "value": "Б"}, "tasks": {"label": "Задачи", "value": ["1", "2"]},
           "title": {"label": "Название", "value": "Т"}}
    assert versions.diff(old, new) == [("Цель", "А", "Б"), ("Задачи", ["1"], ["1", "2"])]
    assert versions.diff(new, new) == []


def test_F_PASS_5_resubmit_creates_version_2_and_the_reviewer_sees_the_change(
        client, submitted, author, coordinator, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    first = client.get(reverse("practices:versions", args=[submitted.pk])).content.decode()
    assert "Вы смотрите паспорт впервые" in first  # and version 1 is now marked seen

    practice = return_for_revision(submitted, by=coordinator)
    open_deadline(practice, "practice_revision", due_on=datetime.date.today() + datetime.timedelta(days=7),
                  assignees=[author])
    Practice.objects.filter(pk=practice.pk).update(goal="Сократить время ожидания приёма до 15 минут")
    practice = Practice.objects.get(pk=practice.pk)

    client.force_login(author)
    page = client.get(reverse("practices:submit", args=[practice.pk])).content.decode()
    assert "Отправить доработанную практику" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("practices:submit", args=[practice.pk]), {"comment": "Цель уточнена"})
    assert response.status_code == 302

    practice.refresh_from_db()
    assert practice.state == PracticeState.REGIONAL_REVIEW
    assert list(PracticeVersion.objects.filter(practice=practice).values_list("number", flat=True)) == [2, 1]
    last = list(history.history_for(practice))[-1]
    assert (last.from_state, last.to_state, last.action, last.comment) == (
        "revision", "regional_review", "resubmit", "Цель уточнена")
    assert Deadline.objects.get(object_id=practice.pk, kind="practice_revision").state == Deadline.State.MET
    assert not Notice.objects.filter(recipient=author, requires_action=True, action_done_at__isnull=True).exists()
    assert Notice.objects.filter(recipient=coordinator, kind="practice_resubmitted", requires_action=True).exists()

    client.force_login(coordinator)
    html = client.get(reverse("practices:versions", args=[practice.pk])).content.decode()
    assert "версия 1 → версия 2" in html
    assert "Для достижения какой цели она была создана?" in html
    assert "Сократить время ожидания приёма врача" in html
    assert "Сократить время ожидания приёма до 15 минут" in html
    assert "Как называется практика?" not in html  # unchanged fields are not listed
    again = client.get(reverse("practices:versions", args=[practice.pk])).content.decode()
    assert "паспорт не менялся" in again


def test_F_PASS_5_resubmit_returns_to_the_stage_that_sent_it_back(submitted, author, expert_moderator):
    practice = return_for_revision(submitted, by=expert_moderator, from_state=PracticeState.PACKAGING)
    assert practice.revision_return_state() == PracticeState.PACKAGING
    resubmit_practice(practice, by=author)
    practice.refresh_from_db()
    assert practice.state == PracticeState.PACKAGING
    assert Notice.objects.filter(recipient=expert_moderator, kind="practice_resubmitted").exists()


def test_F_PASS_5_resubmission_ignores_the_closed_window(author, coordinator):
    """Choice: the submission window (4.3.1) is checked at the first submission only."""
    import time_machine

    from practices.models import RatingIndicator

    indicator = RatingIndicator.objects.filter(rating__slug="quality-of-life").first()
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC), tick=False):
        practice = factories.complete_practice(author, indicator=indicator)
        submit_practice(practice, by=author, track=Track.REGIONAL_INITIATIVE)
    with time_machine.travel(datetime.datetime(2026, 7, 1, 12, tzinfo=datetime.UTC), tick=False):
        practice = return_for_revision(practice, by=coordinator)
        resubmit_practice(practice, by=author)
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.REGIONAL_REVIEW


def test_F_PASS_5_who_sees_the_versions(client, submitted, author, coordinator, coordinator_of_other_region,
                                        asi_moderator, expert_moderator, expert_moderator_of_other_category,
                                        outsider):
    url = reverse("practices:versions", args=[submitted.pk])
    member = submitted.team.exclude(user=author).first().user
    for user in (author, member, coordinator, asi_moderator, expert_moderator):
        client.force_login(user)
        assert client.get(url).status_code == 200, user
    for user in (coordinator_of_other_region, expert_moderator_of_other_category, outsider):
        client.force_login(user)  # may not know the practice exists: 404, not 403 (issue 13 item 14)
        assert client.get(url).status_code == 404, user
