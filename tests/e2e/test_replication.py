"""F-REP-1 … F-REP-4 in a browser: a recipient presses «Хочу внедрить» on a published practice, the ASI
moderator assigns an implementation moderator, the recipient uploads the roadmap, the ASI moderator sets
«Внедряется», the recipient sends the report with the official letter, the implementation moderator
checks it, the ASI moderator sets «Внедрено» — and the practice's page shows the new region and count."""

import datetime

from django.urls import reverse

from practices.models import EventFormat, Practice
from replication.models import Event, ReplicationRequest
from smarteka.roles.models import Role
from tests import factories
from tests.e2e.helpers import login_as

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"




def test_f_rep_1_to_4_want_to_implement_through_done_in_browser(live_server, page, shot, transactional_db,
                                                                tmp_path):
    region_a = factories.region("28", "Амурская область")
    region_b = factories.region("16", "Республика Татарстан")
    author = factories.UserFactory(email="author-e2e@example.ru", region=region_a, last_name="Смирнова")
    factories.grant(author, Role.AUTHOR, region=region_a)
    practice = factories.complete_practice(author)
    Practice.objects.filter(pk=practice.pk).update(state="published")
    practice.refresh_from_db()
    recipient = factories.UserFactory(email="recipient-e2e@example.ru", region=region_b, last_name="Хасанов",
                                      first_name="Ринат", is_head=True, position="Министр экономики")
    factories.grant(recipient, Role.RECIPIENT, region=region_b)
    asi = factories.UserFactory(email="asi-e2e@example.ru", region=None, last_name="Орлова", first_name="Анна")
    factories.grant(asi, Role.ASI_MODERATOR)
    moderator = factories.UserFactory(email="impl-e2e@example.ru", region=None, last_name="Фёдорова",
                                      first_name="Татьяна")
    factories.grant(moderator, Role.IMPLEMENTATION_MODERATOR)
    event = Event.objects.create(title="Демо-день практик здравоохранения", format=EventFormat.objects.first(),
                                 date=datetime.date(2026, 3, 12), place="Казань", organiser="ДРРиИ")
    event.practices.add(practice)
    roadmap, letter, materials = tmp_path / "roadmap.pdf", tmp_path / "letter.pdf", tmp_path / "photo-report.pdf"
    for path in (roadmap, letter, materials):
        path.write_bytes(PDF)

    # 1. the recipient presses «Хочу внедрить» (F-REP-1)
    login_as(page, live_server, recipient)
    page.goto(live_server.url + practice.get_absolute_url())
    page.get_by_role("link", name="Хочу внедрить").first.click()
    page.locator("#id_event").select_option(str(event.pk))
    for name in ("confirms_studied", "confirms_ready", "confirms_cooperation", "undertakes_documents"):
        page.locator(f"#id_{name}").check()
    shot("want-to-implement-form")
    page.locator("#request-submit").click()
    assert page.locator("#request-state").inner_text() == "Хочу внедрить"
    req = ReplicationRequest.objects.get()
    shot("request-filed")

    # 2. the ASI moderator assigns the implementation moderator (F-REP-2)
    login_as(page, live_server, asi)
    page.goto(live_server.url + req.get_absolute_url())
    page.locator("#action-assign select[name=moderator]").select_option(str(moderator.pk))
    page.locator("#do-assign").click()
    assert page.locator("#request-state").inner_text() == "Назначен модератор"
    assert "Фёдорова" in page.locator("#request-moderator").inner_text()
    shot("moderator-assigned")

    # 3. the recipient uploads the roadmap; the ASI moderator sets «Внедряется» (F-REP-3)
    login_as(page, live_server, recipient)
    page.goto(live_server.url + req.get_absolute_url())
    page.locator("#action-document select[name=kind]").select_option("roadmap")
    page.locator("#action-document input[name=file]").set_input_files(str(roadmap))
    page.locator("#do-document").click()
    assert "roadmap.pdf" in page.locator("#request-documents").inner_text()
    shot("roadmap-uploaded")
    login_as(page, live_server, asi)
    page.goto(live_server.url + req.get_absolute_url())
    page.locator("#do-start").click()
    assert page.locator("#request-state").inner_text() == "Внедряется"

    # 4. the recipient reports with the official letter and the additional materials (F-REP-4, 5.3.1.5)
    login_as(page, live_server, recipient)
    page.goto(live_server.url + req.get_absolute_url())
    page.locator("#report-link").click()
    page.locator("#id_implementation_started_on").fill("2026-02-01")
    page.locator("#id_implementation_finished_on").fill("2026-05-20")
    page.locator("#id_adaptation").fill("Модель адаптирована для сельских поликлиник республики")
    page.locator("#id_first_results").fill("Время ожидания приёма сократилось на 30 %")
    page.locator("#id_expected_effects").fill("Рост удовлетворённости пациентов")
    page.locator("#id_letter").set_input_files(str(letter))
    page.locator("#id_materials").set_input_files(str(materials))
    shot("report-form")
    page.locator("#report-submit").click()
    assert "Модель адаптирована" in page.locator("#request-report").inner_text()
    assert "letter.pdf" in page.locator("#request-documents").inner_text()
    assert "photo-report.pdf" in page.locator("#request-documents").inner_text()

    # the implementation moderator checks, the ASI moderator sets «Внедрено»
    login_as(page, live_server, moderator)
    page.goto(live_server.url + req.get_absolute_url())
    page.locator("#action-check input[value=accept]").check()
    page.locator("#do-check").click()
    login_as(page, live_server, asi)
    page.goto(live_server.url + req.get_absolute_url())
    page.locator("#do-complete").click()
    assert page.locator("#request-state").inner_text() == "Внедрено"
    shot("request-done")

    # the practice's public page shows the new region and the replication count
    page.goto(live_server.url + practice.get_absolute_url())
    assert page.locator("#replications-count").inner_text() == "1"
    assert "Республика Татарстан" in page.locator("main").inner_text()
    shot("practice-page-region-and-count")
    page.goto(live_server.url + reverse("replication:practice", args=[practice.pk]))
    assert page.locator("#replication-count").inner_text() == "1"
    assert "Республика Татарстан" in page.locator("#implemented-regions").inner_text()
    shot("practice-requests-page")

    # F-EVT-1: the event the recipient named shows the request that followed it
    page.goto(live_server.url + event.get_absolute_url())
    assert page.locator("#event-request-count").inner_text() == "1"
    shot("event-with-request-count")
    page.goto(live_server.url + reverse("replication:asi_queue") + "?show=all")
    assert f"№ {req.pk}" in page.locator("#queue").inner_text()
    shot("asi-queue")
