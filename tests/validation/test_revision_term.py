"""F-DL-1, F-VAL-5 (4.1.9): a practice on revision can be refused, and its 5-working-day term — counted from
the day the return notice reached the author's e-mail — has a consequence when it runs out."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from practices.models import Practice, PracticeState
from practices.services import REVISION_DEADLINE_KIND
from smarteka.deadlines.services import open_deadlines_for, scan
from smarteka.notifications.models import Notice
from smarteka.notifications.tasks import send_notice_email
from validation import services
from validation.services import NO_MATERIALS_GROUND

pytestmark = pytest.mark.django_db

# Friday 6 March 2026; 9 March is a holiday (8 March fell on a Sunday)
RETURNED = datetime.datetime(2026, 3, 6, 10, 0, tzinfo=datetime.UTC)


def _returned(practice_in):
    with time_machine.travel(RETURNED, tick=False):
        return practice_in(PracticeState.REVISION)


def test_f_val_5_the_asi_moderator_refuses_a_practice_on_revision_4_1_9(practice_in, asi_moderator, coordinator):
    practice = _returned(practice_in)
    with pytest.raises(PermissionDenied):  # the coordinator's stage is over; refusing now is the Agency's
        services.reject(practice, by=coordinator, grounds=[services.COORDINATOR_REJECTION_GROUNDS[0]])
    services.reject(practice, by=asi_moderator, grounds=[NO_MATERIALS_GROUND])
    practice = Practice.objects.get(pk=practice.pk)
    assert practice.state == PracticeState.REJECTED
    assert practice.rejection_grounds == [NO_MATERIALS_GROUND]
    assert not open_deadlines_for(practice, REVISION_DEADLINE_KIND).exists()


def test_f_dl_1_the_term_counts_from_the_day_the_email_was_sent_4_1_9(practice_in, author):
    practice = _returned(practice_in)
    notice = Notice.objects.get(kind="practice_revision", recipient=author, object_id=practice.pk)
    deadline = open_deadlines_for(practice, REVISION_DEADLINE_KIND).get()
    assert deadline.due_on == datetime.date(2026, 3, 16)  # 10, 11, 12, 13, 16 March: from the return, until the e-mail goes out
    # the mail server was down over the weekend: the e-mail goes out on Tuesday 10 March
    with time_machine.travel(datetime.datetime(2026, 3, 10, 7, 0, tzinfo=datetime.UTC), tick=False):
        assert send_notice_email(notice.pk) is True
    deadline.refresh_from_db()
    assert deadline.starts_on == datetime.date(2026, 3, 10)
    assert deadline.due_on == datetime.date(2026, 3, 17)  # 11, 12, 13, 16, 17 March


def test_f_dl_1_overdue_revision_offers_the_refusal_in_one_click_4_1_9(practice_in, asi_moderator, coordinator,
                                                                      client):
    practice = _returned(practice_in)  # returned by the coordinator (stage 1), due 16 March
    scan(today=datetime.date(2026, 3, 17))
    for reviewer in (asi_moderator, coordinator):
        notice = Notice.objects.get(kind="practice_revision_overdue", recipient=reviewer, object_id=practice.pk)
        assert notice.requires_action and "Срок доработки истёк" in notice.title
    assert Notice.objects.filter(kind="practice_revision_overdue").count() == 2
    scan(today=datetime.date(2026, 3, 18))  # a rerun sends nothing twice
    assert Notice.objects.filter(kind="practice_revision_overdue").count() == 2

    url = Notice.objects.get(kind="practice_revision_overdue", recipient=asi_moderator).url
    client.force_login(asi_moderator)
    html = client.get(url).content.decode()
    assert 'id="action-reject" open' in html
    assert f'value="{NO_MATERIALS_GROUND}"' in html and "checked" in html.split(f'value="{NO_MATERIALS_GROUND}"')[1][:80]
    response = client.post(reverse("validation:act", args=[practice.pk, "reject"]), {"grounds": [NO_MATERIALS_GROUND]})
    assert response.status_code == 302
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.REJECTED
