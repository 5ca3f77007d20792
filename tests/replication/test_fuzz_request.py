"""issue 15 item 5: the «Хочу внедрить» form (5.1.1) fuzzed through its real view: arbitrary Unicode,
100k-character values, control characters (NUL included), lone surrogates, junk in the event choice and
missing fields — no 500; refused → no request and a Russian message at the field; accepted → one
request holding exactly what was typed."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import given

from replication.models import Event, ReplicationRequest
from tests import factories
from tests.fuzzing import (
    assert_not_500,
    assert_russian_refusal,
    example,
    form_data,
    post,
    values,
    with_explicit,
)

pytestmark = pytest.mark.django_db


def _decoded(value):
    return str(value).encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def test_issue_15_item_5_fuzzed_want_to_implement_form(client, published, recipient, mentor):
    event = Event.objects.first() or None
    event_values = [str(event.pk)] if event else []
    fields = {"event": values(event_values + ["", "0", "-1", "99999999999999999999"]),
              "event_other": values(["Демо-день в Казани"]), "comment": values(["Готовы начать в марте"])}
    for name in ("confirms_studied", "confirms_ready", "confirms_cooperation", "undertakes_documents"):
        fields[name] = values(["on"] * 4)
    client.force_login(recipient)
    url = reverse("replication:request_create", args=[published.pk])
    assert factories  # the fixtures come from tests/conftest.py and tests/replication/conftest.py

    @given(data=form_data(fields))
    def run(data):
        with example():
            cache.clear()  # each example is a first try: the flood limit (issue 15 item 3) counts in the cache
            response = post(client, url, data)
            assert_not_500(response)
            made = list(ReplicationRequest.objects.filter(practice=published))
            if response.status_code == 302:
                (req,) = made
                assert req.comment == _decoded(data.get("comment", "")).strip()
                assert req.event_other == _decoded(data.get("event_other", "")).strip()
            else:
                assert response.status_code == 400 and made == []
                assert_russian_refusal(response)

    with_explicit(run, fields)()


def test_issue_15_item_5_empty_post_is_refused_with_the_messages(client, published, recipient, mentor):
    """Found: an empty POST (every field missing) showed the blank form again, status 400, without a
    word — ``request.POST or None`` left the form unbound."""
    client.force_login(recipient)
    response = post(client, reverse("replication:request_create", args=[published.pk]), {})
    assert response.status_code == 400
    assert "Без этого подтверждения заявку подать нельзя." in response.content.decode()
    assert not ReplicationRequest.objects.exists()
