"""Replication clocks on the production calendar: F-DL-3 (contact within 5 working days of the
assignment), F-DL-4 (review within 10 working days of the request), F-DL-7 (recipient silent for a
month → refusal proposal to the ASI moderator)."""

import datetime

import pytest
import time_machine

from replication import deadlines, services
from replication.models import RefusalGround
from smarteka.deadlines.models import Deadline
from smarteka.deadlines.services import open_deadlines_for, scan
from smarteka.notifications.models import Notice
from tests.replication.conftest import fresh, make_request

pytestmark = pytest.mark.django_db

# Wednesday 29 April 2026: 1 May and 11 May 2026 are days off, so working days differ from weekdays
START = datetime.datetime(2026, 4, 29, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def on_start_day(production_calendar):
    with time_machine.travel(START, tick=False):
        yield


def test_f_dl_4_review_deadline_is_ten_working_days(on_start_day, published, recipient, asi_moderator):
    req = make_request(published, recipient)
    deadline = open_deadlines_for(req, deadlines.REVIEW).get()
    # 30.04, 04–08.05, 12–15.05 — the holidays of 1 and 11 May are skipped
    assert deadline.due_on == datetime.date(2026, 5, 15)
    assert list(deadline.assignees.all()) == [asi_moderator]


def test_f_dl_3_contact_deadline_is_five_working_days_and_contact_meets_both(
        on_start_day, requested, asi_moderator, implementation_moderator):
    services.assign_moderator(requested, by=asi_moderator, moderator=implementation_moderator)
    contact = open_deadlines_for(requested, deadlines.CONTACT).get()
    assert contact.due_on == datetime.date(2026, 5, 7)  # 30.04, 04.05 … 07.05 — 1 May is a day off
    assert list(contact.assignees.all()) == [implementation_moderator]
    assert list(contact.escalate_to.all()) == [asi_moderator]
    assert implementation_moderator in open_deadlines_for(requested, deadlines.REVIEW).get().assignees.all()

    services.record_contact(requested, by=implementation_moderator)
    assert Deadline.objects.get(pk=contact.pk).state == Deadline.State.MET
    assert not open_deadlines_for(requested, deadlines.REVIEW).exists()


def test_f_dl_3_overdue_contact_escalates_to_the_asi_moderator(production_calendar, requested, asi_moderator,
                                                                implementation_moderator):
    with time_machine.travel(START, tick=False):
        services.assign_moderator(requested, by=asi_moderator, moderator=implementation_moderator)
    scan(today=datetime.date(2026, 5, 12))
    assert Notice.objects.filter(recipient=asi_moderator, kind="deadline_overdue",
                                 title__contains="Связаться с реципиентом").exists()
    assert Notice.objects.filter(recipient=implementation_moderator, kind="deadline_overdue").exists()


def test_f_dl_7_silent_recipient_gets_a_refusal_proposal(production_calendar, assigned, implementation_moderator,
                                                         asi_moderator, recipient):
    with time_machine.travel(START, tick=False):
        services.record_contact(assigned, by=implementation_moderator)
    silence = open_deadlines_for(assigned, deadlines.SILENCE).get()
    assert silence.due_on == datetime.date(2026, 5, 29)  # one month, a working day
    assert list(silence.assignees.all()) == [recipient]

    scan(today=datetime.date(2026, 6, 1))
    req = fresh(assigned)
    assert req.refusal_proposed_at is not None and req.is_open
    proposal = Notice.objects.get(recipient=asi_moderator, kind="replication_refusal_proposed")
    assert proposal.requires_action and RefusalGround.IGNORING.label in proposal.body
    scan(today=datetime.date(2026, 6, 2))  # a rerun proposes nothing twice
    assert Notice.objects.filter(kind="replication_refusal_proposed").count() == 1


def test_f_dl_7_recipient_answer_stops_the_clock_and_the_moderator_restarts_it(
        production_calendar, assigned, implementation_moderator, recipient):
    services.record_contact(assigned, by=implementation_moderator)
    services.post_message(assigned, by=recipient, body="Готовы, ждём встречу")
    assert not open_deadlines_for(assigned, deadlines.SILENCE).exists()
    services.post_message(assigned, by=implementation_moderator, body="Пришлите, пожалуйста, дорожную карту")
    assert open_deadlines_for(assigned, deadlines.SILENCE).count() == 1


def test_closing_a_request_cancels_its_clocks(assigned, recipient):
    services.decline_request(assigned, by=recipient, reason="Нет средств")
    assert not open_deadlines_for(assigned).exists()
