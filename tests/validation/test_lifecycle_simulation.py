"""400 simulated days of the daily beat tasks (issue 21, «Must show»; F-DL-9, F-DL-2, F-ARCH-1): every day the
deadline scan (``deadlines.scan``) and the archiving check (``validation.archiving_check``) run — twice, the second
run changing nothing — over a small set of practices with known histories; each day's new archiving proposals,
their notices and the actualization clock's reminders are exactly the expected ones.

The practices (day 0 = Monday 12.01.2026):

* A — published on day 0, never requested: proposed a year later (day 365);
* B — published 100 days before: proposed on day 265;
* C — published 200 days before; a replication request made on day 20, finished on day 60: nothing on day 165
  (the request), proposed a year after the request (day 385);
* D — already under the expert-moderator's proposal: never proposed again;
* E — already in the knowledge base: never proposed;
* F — published 360 days before: proposed on day 5, the expert-moderator confirms on day 10, the ASI moderator
  declines on day 20 — the year counts anew from the decline: proposed again on day 385;
* G — published 30 days before; on day 100 its author is asked to actualize (5 working days, F-DL-2): reminded
  before, on and after the due day, then proposed on the ground «отказа автора … от актуализации»; the
  expert-moderator dismisses on day 150, so the no-request check (day 335) stays silent.
"""

import datetime

import pytest
import time_machine
from dateutil.relativedelta import relativedelta

from practices.models import PracticeState
from smarteka.deadlines import tasks as deadline_tasks
from smarteka.deadlines.services import open_deadline
from smarteka.notifications.models import Notice
from smarteka.workcalendar.services import add_working_days
from tests.validation.lifecycle_helpers import archive, propose, published
from tests.validation.lifecycle_helpers import replication_request as make_request
from validation import tasks
from validation.grounds import ARCHIVING_GROUND_AUTHOR_REFUSED, ARCHIVING_GROUND_NO_REQUESTS
from validation.lifecycle import archiving, kinds
from validation.models import ArchiveProposal, ProposalState

pytestmark = pytest.mark.django_db

MSK = datetime.timezone(datetime.timedelta(hours=3))
DAY0 = datetime.date(2026, 1, 12)
DAYS = 400
NO_REQ, REFUSED = ARCHIVING_GROUND_NO_REQUESTS, ARCHIVING_GROUND_AUTHOR_REFUSED


def _at(day):
    return datetime.datetime.combine(DAY0 + datetime.timedelta(days=day), datetime.time(9, 0), tzinfo=MSK)


def _year_after(day):
    """The day index one calendar year after day ``day``."""
    return ((DAY0 + datetime.timedelta(days=day)) + relativedelta(years=1) - DAY0).days


def _run_the_day():
    deadline_tasks.scan_deadlines()
    tasks.archiving_check()


def _snapshot():
    return ArchiveProposal.objects.count(), Notice.objects.count()


def test_f_dl_9_f_dl_2_400_days_of_daily_tasks_make_exactly_the_expected_proposals(
        author, recipient, expert_moderator, asi_moderator, production_calendar):
    with time_machine.travel(_at(0), tick=False):
        a = published(author, "A: опубликована в день 0", published_at=_at(0))
        b = published(author, "B: опубликована за 100 дней", published_at=_at(-100))
        c = published(author, "C: с заявкой на внедрение", published_at=_at(-200))
        d = published(author, "D: уже предложена", published_at=_at(-500))
        e = published(author, "E: уже в базе знаний", published_at=_at(-600))
        f = published(author, "F: предложение отклонено", published_at=_at(-360))
        g = published(author, "G: автор не актуализировал", published_at=_at(-30))
        propose(d, expert_moderator)
        archive(e, expert_moderator, asi_moderator)
    names = {p.pk: p.title[0] for p in (a, b, c, d, e, f, g)}

    g_due = g_due_day = None
    g_request_day = 100
    expected = {
        _year_after(-100): {("B", NO_REQ)},
        5: {("F", NO_REQ)},
        _year_after(0): {("A", NO_REQ)},
        _year_after(20): {("C", NO_REQ), ("F", NO_REQ)},  # C: a year after its request; F: after the decline
    }
    assert _year_after(-200) == 165 and _year_after(20) == 385 and _year_after(-30) == 335
    seen, reminders = {}, {}
    request = None
    for day in range(DAYS):
        with time_machine.travel(_at(day), tick=False):
            before = set(ArchiveProposal.objects.values_list("pk", flat=True))
            notices_before = Notice.objects.count()
            _run_the_day()
            made = ArchiveProposal.objects.exclude(pk__in=before).select_related("practice")
            new = {(names[p.practice_id], p.ground) for p in made}
            if new:
                seen[day] = new
            # each proposal of the check told the expert-moderator once
            assert Notice.objects.filter(kind="archive_proposal_awaiting", recipient=expert_moderator).count() \
                == sum(len(v) for v in seen.values())
            for kind in ("deadline_before", "deadline_due_today", "deadline_overdue"):
                if Notice.objects.filter(kind=kind, recipient=author).count() > len(reminders.get(kind, [])):
                    reminders.setdefault(kind, []).append(day)
            # the second run of the day changes nothing
            after_first = _snapshot()
            assert after_first[1] >= notices_before
            _run_the_day()
            assert _snapshot() == after_first, f"day {day}: the second run made more"

            # what people do on that day, after the morning's tasks
            if day == 10:
                proposal = ArchiveProposal.objects.get(practice=f, state=ProposalState.AWAITING_EXPERT)
                archiving.confirm_proposal(proposal, by=expert_moderator, ground=proposal.ground,
                                           justification="За год заявок на внедрение не было.")
            if day == 20:
                request = make_request(c, recipient)
                archiving.decline(ArchiveProposal.objects.get(practice=f, state=ProposalState.PROPOSED),
                                  by=asi_moderator, reason="Практика в плане-графике мероприятий округа")
            if day == 60:
                type(request).objects.filter(pk=request.pk).update(state="done")
            if day == g_request_day:
                g_due = open_deadline(g, kinds.ACTUALIZATION_REQUESTED, working_days=5, assignees=[author]).due_on
                g_due_day = (g_due - DAY0).days
                expected[g_due_day + 1] = {("G", REFUSED)}
            if day == 150:
                archiving.dismiss_proposal(ArchiveProposal.objects.get(practice=g, state=ProposalState.AWAITING_EXPERT),
                                           by=expert_moderator, reason="Автор прислал актуальные данные письмом")

    assert seen == expected
    # the actualization clock of G: reminded once before (2 working days), on the due day, and once overdue
    first_before = next(day for day in range(g_request_day, DAYS)
                        if add_working_days(DAY0 + datetime.timedelta(days=day), 2) >= g_due)
    assert reminders == {"deadline_before": [first_before], "deadline_due_today": [g_due_day],
                         "deadline_overdue": [g_due_day + 1]}
    # D stays under its one proposal, E in the knowledge base
    assert ArchiveProposal.objects.filter(practice=d).count() == 1
    assert ArchiveProposal.objects.filter(practice=e).count() == 1
    e.refresh_from_db()
    assert e.state == PracticeState.ARCHIVED
