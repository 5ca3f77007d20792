"""F-PLUS-1 in the replication report (F-REP-4): the recipient records the practice's measured results
for its own region, pre-filled from the practice's rows, and the practice page compares them with the
author region's once the replication is done."""

from decimal import Decimal

import pytest
from django.urls import reverse

from replication import services
from replication.models import ReplicationResult, RequestState
from tests import factories
from tests.replication.conftest import fresh

pytestmark = pytest.mark.django_db

REPORT = {"implementation_started_on": "2026-02-01", "implementation_finished_on": "2026-05-01",
          "adaptation": "Адаптировали под сельские районы", "first_results": "Очереди сократились",
          "expected_effects": "Рост удовлетворённости"}


def _rows_post(rows):
    data = {"results-TOTAL_FORMS": str(len(rows)), "results-INITIAL_FORMS": "0",
            "results-MIN_NUM_FORMS": "0", "results-MAX_NUM_FORMS": "100"}
    for i, row in enumerate(rows):
        data.update({f"results-{i}-{name}": value for name, value in row.items()})
    return data


def test_f_plus_1_report_records_the_recipients_rows_and_the_page_compares(client, in_progress, recipient,
                                                                           implementation_moderator, asi_moderator):
    author_row = in_progress.practice.results.get()
    client.force_login(recipient)
    page = client.get(reverse("replication:report", args=[in_progress.pk])).content.decode()
    # the practice's indicator is pre-filled, and an empty row follows
    assert 'id="report-results"' in page and f'value="{author_row.indicator}"' in page
    assert 'name="results-TOTAL_FORMS" value="2"' in page

    rows = [{"indicator": author_row.indicator, "unit": author_row.unit, "practice_result": author_row.pk,
             "value_before": "50", "value_after": "40", "date_before": "2026-01-01", "date_after": "2026-05-01",
             "source": "Данные РМИС"},
            {"indicator": "", "unit": "", "practice_result": ""}]  # the empty row: skipped
    response = client.post(reverse("replication:report", args=[in_progress.pk]), {
        **REPORT, **_rows_post(rows), "letter": factories.pdf_upload("letter.pdf"),
        "materials": [factories.pdf_upload("photo.pdf")]})
    assert response.status_code == 302
    saved = list(ReplicationResult.objects.filter(request=in_progress).values_list(
        "indicator", "practice_result", "value_before", "value_after", "source"))
    assert saved == [(author_row.indicator, author_row.pk, Decimal("50"), Decimal("40"), "Данные РМИС")]

    detail = reverse("practices:detail", args=[in_progress.practice.pk])
    assert "impact-adopted" not in client.get(detail).content.decode()  # not done yet: not shown
    services.check_report(fresh(in_progress), by=implementation_moderator, accepted=True)
    services.complete_implementation(fresh(in_progress), by=asi_moderator)
    assert fresh(in_progress).state == RequestState.DONE
    html = client.get(detail).content.decode()
    region = in_progress.recipient_region
    assert "В регионах, внедривших практику" in html
    assert f"{region}: 50 → 40 (−20 %" in html  # the adopter's change beside the author's −50 %
    assert "−50 %" in html


def test_f_plus_1_report_row_with_a_value_but_no_other_is_refused_at_the_field(client, in_progress, recipient):
    author_row = in_progress.practice.results.get()
    client.force_login(recipient)
    rows = [{"indicator": author_row.indicator, "unit": author_row.unit, "practice_result": author_row.pk,
             "value_before": "50", "value_after": ""}]
    response = client.post(reverse("replication:report", args=[in_progress.pk]), {
        **REPORT, **_rows_post(rows), "letter": factories.pdf_upload("letter.pdf"),
        "materials": [factories.pdf_upload("photo.pdf")]})
    assert response.status_code == 400
    assert "Укажите значение «после»." in response.content.decode()
    assert fresh(in_progress).completion_notified_at is None
    assert not ReplicationResult.objects.exists()


def test_f_plus_1_a_row_cannot_claim_another_practices_indicator(in_progress, recipient, author):
    other = factories.complete_practice(author, title="Другая").results.get()
    services.submit_report(in_progress, by=recipient, implementation_started_on="2026-02-01", adaptation="а",
                           first_results="б", expected_effects="в", letter=factories.pdf_upload("l.pdf"),
                           materials=[factories.pdf_upload("m.pdf")],
                           results=[{"indicator": "Очередь", "unit": "", "value_before": 1, "value_after": 2,
                                     "date_before": None, "date_after": None, "source": "",
                                     "practice_result_id": other.pk}])
    assert ReplicationResult.objects.get().practice_result_id is None
