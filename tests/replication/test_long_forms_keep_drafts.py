"""Issue 14 item 1: the long forms of replication keep what is typed in the tab and ask before leaving
(static/js/drafts.js reads these attributes); a form refused by the server is marked unsaved."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_want_to_implement_form_keeps_its_draft(client, published, recipient):
    client.force_login(recipient)
    page = client.get(reverse("replication:request_create", args=[published.pk])).content.decode()
    assert f'data-draft-key="replication-request-{published.pk}-{recipient.pk}"' in page
    assert "data-unsaved" not in page
    refused = client.post(reverse("replication:request_create", args=[published.pk]),
                          {"comment": "Готовы начать с пилота"}).content.decode()
    assert "data-unsaved" in refused and "Готовы начать с пилота" in refused


def test_report_form_keeps_its_draft(client, in_progress, recipient):
    client.force_login(recipient)
    page = client.get(reverse("replication:report", args=[in_progress.pk])).content.decode()
    assert f'data-draft-key="replication-report-{in_progress.pk}-{recipient.pk}"' in page
