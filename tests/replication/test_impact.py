"""F-PLUS-1 in the replication report (F-REP-4): the recipient records the practice's measured results
for its own region, pre-filled from the practice's rows, and the practice page compares them with the
author region's once the replication is done."""

from decimal import Decimal

import pytest
from django.urls import reverse

from replication import services
from replication.models import ReplicationRequest, ReplicationResult, RequestState
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


# --- F-PLUS-2: the replication record on the practice page


def _clone(req, region, state, **dates):
    req = ReplicationRequest.objects.get(pk=req.pk)
    req.pk = None
    req.recipient_region = region
    req.save()
    ReplicationRequest.objects.filter(pk=req.pk).update(state=state, **dates)
    return req


def test_f_plus_2_practice_page_lists_every_region_with_stage_and_dates(client, in_progress):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    practice = in_progress.practice
    moment = timezone.make_aware(datetime.datetime(2026, 3, 2, 12))
    done = _clone(in_progress, factories.region("02", "Республика Башкортостан"), "done", done_at=moment)
    ReplicationResult.objects.create(request=done, indicator="Время ожидания приёма", unit="мин",
                                     value_before=50, value_after=40)
    asked = _clone(in_progress, factories.region("55", "Омская область"), "requested")
    _clone(in_progress, factories.region("70", "Томская область"), "dismissed")
    url = reverse("practices:detail", args=[practice.pk])
    html = client.get(url).content.decode()
    record = html[html.index('id="replication-record"'):]
    record = record[:record.index("</section>")]
    names = [n for n in ("Республика Башкортостан", in_progress.recipient_region.name, "Омская область")]
    positions = [record.index(n) for n in names]
    assert positions == sorted(positions)  # implemented, implementing, asked for
    assert "Томская область" not in record  # a dismissed request is no take-up
    assert "Внедрено" in record and "Внедряется" in record and "Подана заявка" in record
    assert "внедрено 02.03.2026" in record
    assert f"заявка {timezone.localtime(asked.created_at):%d.%m.%Y}" in record
    assert "Время ожидания приёма: 50 → 40 мин (−20 %)" in record

    # the record reads the same number of queries whatever the number of regions
    from smarteka import pagecache
    pagecache.bump()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for code, name in (("24", "Красноярский край"), ("38", "Иркутская область"), ("54", "Новосибирская область")):
        ReplicationResult.objects.create(request=_clone(in_progress, factories.region(code, name), "done"),
                                         indicator="Очередь", value_before=1, value_after=2)
    pagecache.bump()
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert "Новосибирская область" in html
    assert len(many) == len(few)
