"""Review queues (F-VAL-7): oldest first, working days in the stage / left, every state for coordinators."""

import datetime

import pytest
import time_machine
from django.urls import reverse

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
