"""replication/demo.py: idempotent, quiet without published practices (issue 8 demo)."""

import pytest

from practices.models import Practice
from replication import demo
from replication.models import Event, ReplicationRequest, RequestState
from smarteka.accounts import demo as accounts_demo
from tests import factories

pytestmark = pytest.mark.django_db


def test_demo_without_published_practices_does_nothing():
    ctx = {}
    accounts_demo.load(ctx)
    demo.load(ctx)
    assert not Event.objects.exists() and not ReplicationRequest.objects.exists()


def test_demo_makes_two_events_and_a_request_in_progress_once():
    ctx = {}
    accounts_demo.load(ctx)
    practice = factories.complete_practice(ctx["users"]["author"])
    Practice.objects.filter(pk=practice.pk).update(state="published")
    demo.load(ctx)
    demo.load(ctx)
    assert Event.objects.count() == 2
    req = ReplicationRequest.objects.get()
    assert req.state == RequestState.IN_PROGRESS and req.event is not None
    assert req.recipient.email == "recipient@demo.smarteka.ru"
