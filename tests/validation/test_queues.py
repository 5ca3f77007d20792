"""Review queues (F-VAL-7): oldest first, working days in the stage / left, every state for coordinators."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from practices.models import PracticeState
from validation import queues, services

pytestmark = pytest.mark.django_db
S = PracticeState


def at(day):
    return time_machine.travel(datetime.datetime(2026, 3, day, 9, 0, tzinfo=datetime.UTC), tick=False)


def test_f_val_7_coordinator_queue_oldest_first_with_working_days(practice_in, actors, client,
                                                                  coordinator_of_other_region):
    with at(2):  # Monday
        old = practice_in(S.REGIONAL_REVIEW, title="Старая практика")
    with at(4):
        new = practice_in(S.REGIONAL_REVIEW, title="Новая практика")
        returned = practice_in(S.REVISION, title="Практика на доработке")
    with at(5):
        published = practice_in(S.PUBLISHED, title="Опубликованная практика")
    with at(13):
        waiting = queues.sections_for(actors["coordinator"])[0]
        assert [p.pk for p in waiting.rows] == [old.pk, new.pk]
        # 2 March → 13 March: 3,4,5,6,10,11,12,13 (9 March is the day off for 8 March)
        assert waiting.rows[0].days_in_stage == 8
        everything = {p.pk: p for p in queues.sections_for(actors["coordinator"])[1].rows}
        assert set(everything) == {old.pk, new.pk, returned.pk, published.pk}
        # returned 4 March, due 12 March (5 working days: 5, 6, 10, 11, 12): one day overdue on 13 March
        assert everything[returned.pk].days_left == -1

        client.force_login(actors["coordinator"])
        page = client.get(reverse("validation:queue")).content.decode()
        assert page.index("Старая практика") < page.index("Новая практика")
        assert "на этапе 8 рабочих дней" in page
        assert "просрочено на 1 рабочий день" in page
        assert "Проверка практик" in page  # the nav link

    # the coordinator of another region sees none of them
    other = queues.sections_for(coordinator_of_other_region)
    assert all(not s.rows for s in other)


def test_f_val_7_queues_of_asi_expert_moderator_and_rating_committee(practice_in, actors, client, outsider):
    to_route = practice_in(S.PACKAGING)
    services.set_level(to_route, by=actors["em"], level=2)
    ready = practice_in(S.READY_TO_PUBLISH, title="Готовая")
    rating = practice_in(S.RATING_COMMITTEE, investment=True, title="Инвестиционная")
    asi = {s.key: [p.pk for p in s.rows] for s in queues.sections_for(actors["asi"])}
    assert ready.pk in asi["asi-waiting"] and to_route.pk not in asi["asi-waiting"]  # routed, not packaged
    em = {s.key: [p.pk for p in s.rows] for s in queues.sections_for(actors["em"])}
    assert em["expert-moderator"] == [to_route.pk]
    rc = {s.key: [p.pk for p in s.rows] for s in queues.sections_for(actors["rating"])}
    assert rc["rating-committee"] == [rating.pk]
    client.force_login(outsider)
    assert client.get(reverse("validation:queue")).status_code == 403


def test_f_val_7_a_stage_starts_when_the_state_changes_not_on_other_writes(practice_in, actors):
    """Issue 17: the queues sort by ``Practice.stage_started_at`` (the index practice_stage_queue), which
    every transition that changes the state writes — not an edit, not a record inside the state."""
    from smarteka.history import services as history
    from tests import factories

    with at(2):
        practice = practice_in(S.REGIONAL_REVIEW, title="Старая практика")
    assert practice.stage_started_at == datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with at(4):
        practice.title = "Переименованная практика"
        practice.save()
        history.record(practice, by=actors["coordinator"], old=practice.state, action="comment", comment="Замечание")
    practice.refresh_from_db()
    assert practice.stage_started_at.day == 2
    with at(5):
        services.confirm_regionally(practice, by=actors["coordinator"], document=factories.pdf_upload("protocol.pdf"))
    practice.refresh_from_db()
    assert practice.state == S.PACKAGING and practice.stage_started_at.day == 5


def test_issue_17_queue_sections_are_kept_until_the_work_changes_f_val_7(
        practice_in, actors, client, settings, coordinator_of_other_region, django_capture_on_commit_callbacks):
    """The queue page's sections are kept per user (validation.queues.kept_sections) and dropped by every
    write of the work they show: a submission, a return for revision, the revision clock restarted by the
    e-mail, an actualization request — not by an author's draft autosave."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from smarteka.notifications.models import Notice
    from tests import factories
    from validation.lifecycle import actualization

    settings.REVIEW_QUEUE_CACHE_SECONDS = 60
    cache.clear()
    queue = reverse("validation:queue")
    with django_capture_on_commit_callbacks(execute=True):
        first = practice_in(S.REGIONAL_REVIEW, title="Первая практика")
    client.force_login(actors["coordinator"])
    with CaptureQueriesContext(connection) as cold:
        html = client.get(queue).content.decode()
    with CaptureQueriesContext(connection) as warm:
        again = client.get(queue).content.decode()
    assert "Первая практика" in html and len(warm) < len(cold) - 2, (len(cold), len(warm))
    assert again.split("<main")[1].split('name="csrfmiddlewaretoken"')[0] == \
        html.split("<main")[1].split('name="csrfmiddlewaretoken"')[0]

    version = queues.QUEUES.current()
    with django_capture_on_commit_callbacks(execute=True):
        draft = factories.PracticeFactory(author=actors["author"], title="Черновик")
        draft.title = "Черновик после автосохранения"
        draft.save()
    assert queues.QUEUES.current() == version  # drafts are in no queue

    with django_capture_on_commit_callbacks(execute=True):
        practice_in(S.REGIONAL_REVIEW, title="Вторая практика")
    assert "Вторая практика" in client.get(queue).content.decode()

    version = queues.QUEUES.current()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.return_for_revision(first, by=actors["coordinator"], comment="Дополните результаты")
    first.refresh_from_db()
    assert first.state == S.REVISION and queues.QUEUES.current() > version, (len(callbacks), queues.QUEUES.current())
    html = client.get(queue).content.decode()
    waiting = html[html.index('id="queue-coordinator-waiting"'):html.index('id="queue-coordinator-all"')]
    assert "Первая практика" not in waiting and "на доработку ещё" in html
    version = queues.QUEUES.current()
    notice = Notice.objects.filter(kind="practice_revision", object_id=first.pk).latest("pk")
    notice.emailed_at = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.start_revision_clock_on_email(Notice, notice)
    assert queues.QUEUES.current() == version + 1

    # the coordinator of another region has sections of their own
    client.force_login(coordinator_of_other_region)
    assert "Вторая практика" not in client.get(queue).content.decode()

    published = practice_in(S.PUBLISHED, title="Опубликованная практика")
    client.force_login(actors["asi"])
    assert "Опубликованная практика" not in client.get(queue).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        actualization.request_actualization(published, by=actors["em"], reason="Обновите результаты")
    html = client.get(queue).content.decode()
    asked = html[html.index('id="queue-actualization-requests"'):]
    assert "Опубликованная практика" in asked[:3000]
