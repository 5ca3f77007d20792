"""The replication request from «Хочу внедрить» to «Внедрено» (F-REP-1 … F-REP-6)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from practices.models import Practice
from replication import services
from replication.models import ONE_OPEN_MESSAGE, RefusalGround, ReplicationRequest, RequestState
from smarteka.notifications.models import Notice
from smarteka.roles.objects import has_object
from smarteka.text import plural
from tests import factories
from tests.replication.conftest import fresh, make_request

pytestmark = pytest.mark.django_db

FORM = {"event_other": "Окружная сессия в Хабаровске", "confirms_studied": "on", "confirms_ready": "on",
        "confirms_cooperation": "on", "undertakes_documents": "on"}


def _notices(user, kind):
    return Notice.objects.filter(recipient=user, kind=kind)


# --- F-REP-1 «Хочу внедрить»


def test_f_rep_1_head_recipient_files_a_request(client, published, recipient, asi_moderator, mentor,
                                                django_capture_on_commit_callbacks):
    client.force_login(recipient)
    url = reverse("replication:request_create", args=[published.pk])
    page = client.get(url)
    assert "Отправить заявку «Хочу внедрить»" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, FORM)
    req = ReplicationRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == req.get_absolute_url()
    assert req.state == RequestState.REQUESTED
    assert req.recipient_region == recipient.region
    assert req.event_other == "Окружная сессия в Хабаровске"
    assert req.recipient_position == "Министр экономического развития"
    assert _notices(asi_moderator, "replication_requested").get().requires_action
    # F-REP-6: the author and the mentor are told at once
    assert _notices(published.author, "replication_requested_author").exists()
    assert _notices(mentor, "replication_requested_author").exists()
    assert any(asi_moderator.email in m.to for m in mail.outbox)  # e-mail after the commit (F-NOTE-1)


def test_f_rep_1_non_head_user_is_refused(client, published, outsider):
    outsider.position = "Главный специалист"
    outsider.save()
    client.force_login(outsider)
    url = reverse("replication:request_create", args=[published.pk])
    assert "не ниже руководителя профильного исполнительного органа" in client.get(url).content.decode()
    response = client.post(url, FORM)
    assert response.status_code == 400
    assert services.NOT_HEAD_MESSAGE in response.content.decode()
    assert 'value="Окружная сессия в Хабаровске"' in response.content.decode()  # typed values kept
    assert not ReplicationRequest.objects.exists()


def test_f_rep_1_incomplete_profile_is_refused(published, recipient):
    recipient.work_phone = ""
    recipient.save()
    with pytest.raises(ValidationError) as exc:
        make_request(published, recipient)
    assert "Заполните профиль полностью" in " ".join(exc.value.messages)
    assert "не указано — рабочий телефон" in " ".join(exc.value.messages)  # lower case (issue 14 item 9)


def test_f_rep_1_second_open_request_from_the_same_region_is_refused(client, requested, published,
                                                                     region_b):
    colleague = factories.UserFactory(email="deputy@example.ru", region=region_b, is_head=True,
                                      position="Министр здравоохранения")
    client.force_login(colleague)
    response = client.post(reverse("replication:request_create", args=[published.pk]), FORM)
    assert response.status_code == 400
    assert ONE_OPEN_MESSAGE in response.content.decode()
    assert ReplicationRequest.objects.count() == 1
    # the database holds the rule too, whatever the caller
    with pytest.raises(IntegrityError), transaction.atomic():
        ReplicationRequest.objects.create(practice=published, recipient=colleague, recipient_region=region_b)


def test_f_rep_1_a_closed_request_lets_the_region_ask_again(requested, recipient):
    services.decline_request(requested, by=recipient, reason="Сменились приоритеты")
    again = make_request(requested.practice, recipient)
    assert again.state == RequestState.REQUESTED


def test_f_rep_1_only_published_practices(client, author, recipient):
    draft = factories.complete_practice(author)
    client.force_login(recipient)  # may not know the draft exists: 404, not 403 (issue 13 item 14)
    assert client.get(reverse("replication:request_create", args=[draft.pk])).status_code == 404
    client.force_login(author)  # sees it, may not request its replication
    assert client.get(reverse("replication:request_create", args=[draft.pk])).status_code == 403


def test_f_rep_1_event_and_confirmations_are_required(client, published, recipient):
    client.force_login(recipient)
    response = client.post(reverse("replication:request_create", args=[published.pk]),
                           {"confirms_studied": "on"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Укажите, в рамках какого мероприятия вы узнали о практике." in body
    assert body.count("Без этого подтверждения заявку подать нельзя.") == 6  # at each field and in the error summary at the top (issue 14 item 3)
    assert not ReplicationRequest.objects.exists()


def test_f_rep_1_anonymous_goes_to_login(client, published):
    response = client.get(reverse("replication:request_create", args=[published.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


# --- F-REP-2 assignment


def test_f_rep_2_asi_moderator_assigns_an_implementation_moderator(client, requested, asi_moderator,
                                                                   implementation_moderator, recipient):
    client.force_login(asi_moderator)
    response = client.post(reverse("replication:request_action", args=[requested.pk, "assign"]),
                           {"moderator": implementation_moderator.pk})
    assert response.status_code == 302
    req = fresh(requested)
    assert req.state == RequestState.ASSIGNED and req.implementation_moderator == implementation_moderator
    assert has_object(implementation_moderator, "replication.moderate_replication", req)
    assert _notices(implementation_moderator, "replication_assigned").get().requires_action
    assert _notices(recipient, "replication_assigned_recipient").exists()


def test_f_rep_2_moderator_of_another_request_gets_403(client, assigned, other_implementation_moderator,
                                                       asi_moderator, region_a):
    other_recipient = factories.UserFactory(email="head-28@example.ru", region=factories.region("27"), is_head=True)
    other = make_request(assigned.practice, other_recipient)
    services.assign_moderator(other, by=asi_moderator, moderator=other_implementation_moderator)
    client.force_login(other_implementation_moderator)
    assert client.get(fresh(other).get_absolute_url()).status_code == 200
    # another moderator's request is not his to see: 404, not 403 (issue 13 item 14)
    assert client.get(assigned.get_absolute_url()).status_code == 404
    for action in ("contact", "kickoff", "dismiss", "document", "message"):
        response = client.post(reverse("replication:request_action", args=[assigned.pk, action]), {"comment": "x"})
        assert response.status_code == 404, action
    assert fresh(assigned).contacted_at is None


def test_f_rep_2_only_implementation_moderators_can_be_assigned(requested, asi_moderator, outsider):
    with pytest.raises(ValidationError):
        services.assign_moderator(requested, by=asi_moderator, moderator=outsider)


def test_f_rep_2_reassignment_moves_the_object_grant(assigned, asi_moderator, implementation_moderator,
                                                     other_implementation_moderator):
    services.assign_moderator(assigned, by=asi_moderator, moderator=other_implementation_moderator)
    req = fresh(assigned)
    assert req.implementation_moderator == other_implementation_moderator
    assert not has_object(implementation_moderator, "replication.moderate_replication", req)
    assert has_object(other_implementation_moderator, "replication.moderate_replication", req)


# --- F-REP-3 roadmap and «Внедряется»


def test_f_rep_3_start_needs_the_roadmap(assigned, asi_moderator):
    with pytest.raises(ValidationError, match="Дорожная карта"):
        services.start_implementation(assigned, by=asi_moderator)
    assert fresh(assigned).state == RequestState.ASSIGNED


@pytest.mark.parametrize("uploader", ["recipient", "implementation_moderator"])
def test_f_rep_3_roadmap_uploaded_by_recipient_or_moderator(client, request, assigned, asi_moderator, uploader):
    user = request.getfixturevalue(uploader)
    client.force_login(user)
    response = client.post(reverse("replication:request_action", args=[assigned.pk, "document"]),
                           {"kind": "roadmap", "file": factories.pdf_upload("roadmap.pdf")})
    assert response.status_code == 302
    req = fresh(assigned)
    assert req.roadmap_uploaded_at is not None and req.documents.get().file.original_name == "roadmap.pdf"
    assert _notices(asi_moderator, "replication_roadmap").get().requires_action
    client.force_login(asi_moderator)
    client.post(reverse("replication:request_action", args=[assigned.pk, "start"]), {})
    assert fresh(assigned).state == RequestState.IN_PROGRESS


def test_f_rep_3_a_file_is_checked_by_content(client, assigned, recipient):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(recipient)
    fake = SimpleUploadedFile("roadmap.pdf", b"MZ\x90\x00 this is an executable", content_type="application/pdf")
    response = client.post(reverse("replication:request_action", args=[assigned.pk, "document"]),
                           {"kind": "roadmap", "file": fake})
    assert response.status_code == 400
    assert fresh(assigned).roadmap_uploaded_at is None


def test_f_rep_3_documents_are_private_to_the_request(client, in_progress, outsider, mentor):
    document = in_progress.documents.get()
    url = reverse("files:download", args=[document.file.pk])
    client.force_login(outsider)
    assert client.get(url).status_code in (403, 404)
    client.force_login(mentor)
    assert client.get(url).status_code == 200


# --- F-REP-4 completion


def test_f_rep_4_report_letter_check_and_done_add_the_region(client, in_progress, recipient,
                                                              implementation_moderator, asi_moderator, region_b):
    client.force_login(recipient)
    response = client.post(reverse("replication:report", args=[in_progress.pk]), {
        "implementation_started_on": "2026-02-01", "implementation_finished_on": "2026-05-01",
        "adaptation": "Адаптировали под сельские районы", "first_results": "Очереди сократились на 30 %",
        "expected_effects": "Рост удовлетворённости", "letter": factories.pdf_upload("letter.pdf"),
        "materials": [factories.pdf_upload("act.pdf"), factories.pdf_upload("photo-report.pdf")]})
    assert response.status_code == 302
    req = fresh(in_progress)
    assert req.completion_notified_at and req.has_official_letter()
    assert req.documents.filter(kind="material").count() == 2
    assert _notices(implementation_moderator, "replication_report").get().requires_action

    # the ASI moderator cannot set «Внедрено» before the moderator's check
    with pytest.raises(ValidationError, match="не проверен"):
        services.complete_implementation(req, by=asi_moderator)

    client.force_login(implementation_moderator)
    client.post(reverse("replication:request_action", args=[req.pk, "check"]), {"decision": "accept"})
    assert fresh(req).report_checked_at is not None

    practice = Practice.objects.get(pk=req.practice_id)
    client.force_login(asi_moderator)
    page = client.get(reverse("replication:practice", args=[practice.pk])).content.decode()
    assert 'id="replication-count">0<' in page
    client.post(reverse("replication:request_action", args=[req.pk, "complete"]), {})
    assert fresh(req).state == RequestState.DONE
    assert region_b in practice.implemented_regions.all()
    page = client.get(reverse("replication:practice", args=[practice.pk])).content.decode()
    assert 'id="replication-count">1<' in page
    assert region_b.name in page


def test_f_rep_4_report_without_letter_is_refused(client, in_progress, recipient):
    client.force_login(recipient)
    response = client.post(reverse("replication:report", args=[in_progress.pk]), {
        "implementation_started_on": "2026-02-01", "adaptation": "а", "first_results": "б",
        "expected_effects": "в"})
    assert response.status_code == 400
    assert "Загрузите официальное письмо за подписью руководителя" in response.content.decode()
    assert fresh(in_progress).completion_notified_at is None


def test_f_rep_4_moderator_returns_the_report(reported, implementation_moderator, recipient):
    services.check_report(reported, by=implementation_moderator, accepted=False, comment="Нет приложений")
    req = fresh(reported)
    assert req.completion_notified_at is None and req.report_checked_at is None
    assert _notices(recipient, "replication_report_returned").get().body == "Нет приложений"


# --- F-REP-5 refusal, decline, dismissal


def test_f_rep_5_agency_refuses_on_a_ground_of_5_3_3(client, assigned, asi_moderator, recipient):
    client.force_login(asi_moderator)
    page = client.get(assigned.get_absolute_url()).content.decode()
    for ground in RefusalGround:
        assert ground.label in page
    client.post(reverse("replication:request_action", args=[assigned.pk, "refuse"]),
                {"ground": "contacts", "reason": "Телефон не отвечает"})
    req = fresh(assigned)
    assert req.state == RequestState.REFUSED and req.refusal_ground == "contacts"
    assert "неверно предоставленных контактных данных" in _notices(recipient, "replication_refuse").get().body


def test_f_rep_5_recipient_declines_with_a_reason(client, assigned, recipient, implementation_moderator):
    client.force_login(recipient)
    response = client.post(reverse("replication:request_action", args=[assigned.pk, "decline"]), {"reason": ""})
    assert response.status_code == 400
    client.post(reverse("replication:request_action", args=[assigned.pk, "decline"]), {"reason": "Нет бюджета"})
    req = fresh(assigned)
    assert req.state == RequestState.DECLINED and req.closing_reason == "Нет бюджета"
    assert _notices(implementation_moderator, "replication_decline").exists()


def test_f_rep_5_moderator_dismisses_without_review(assigned, implementation_moderator):
    services.dismiss_request(assigned, by=implementation_moderator, ground="position")
    req = fresh(assigned)
    assert req.state == RequestState.DISMISSED
    assert req.get_state_display() == "Отклонена без рассмотрения"


# --- F-REP-6 the conversation


def test_f_rep_6_message_notifies_the_others(client, assigned, recipient, implementation_moderator, mentor, author):
    client.force_login(recipient)
    response = client.post(reverse("replication:request_action", args=[assigned.pk, "message"]),
                           {"body": "Когда удобно провести встречу?", "attachments": [factories.pdf_upload("q.pdf")]})
    assert response.status_code == 302
    message = assigned.messages.get()
    assert message.attachments.count() == 1
    for user in (implementation_moderator, mentor, author):
        assert _notices(user, "replication_message").exists(), user
    assert not _notices(recipient, "replication_message").exists()
    client.force_login(mentor)
    page = client.get(assigned.get_absolute_url()).content.decode()
    assert "Когда удобно провести встречу?" in page and "q.pdf" in page


def test_f_rep_6_team_member_who_is_not_a_mentor_does_not_see_the_request(client, requested, team_member):
    client.force_login(team_member)  # 404, not 403 (issue 13 item 14)
    assert client.get(requested.get_absolute_url()).status_code == 404


# --- queues


def test_queues_show_working_days_left(client, assigned, recipient, implementation_moderator, asi_moderator):
    from replication import deadlines
    from smarteka.deadlines.services import days_left, open_deadlines_for

    contact = open_deadlines_for(assigned, deadlines.CONTACT).get()
    client.force_login(implementation_moderator)
    page = client.get(reverse("replication:moderator_queue")).content.decode()
    assert f"ещё <strong>{plural(days_left(contact), 'рабочий день', 'рабочих дня', 'рабочих дней')}</strong>" in page
    client.force_login(asi_moderator)
    assert f"№ {assigned.pk}" in client.get(reverse("replication:asi_queue")).content.decode()
    client.force_login(recipient)
    assert f"№ {assigned.pk}" in client.get(reverse("replication:my")).content.decode()
    assert client.get(reverse("replication:asi_queue")).status_code == 403
    assert client.get(reverse("replication:moderator_queue")).status_code == 403


def test_f_rep_4_done_count_is_the_count_of_done_requests(checked, asi_moderator):
    services.complete_implementation(checked, by=asi_moderator)
    from django.db.models import Count, Q

    practice = (Practice.objects.annotate(replications=Count("replication_requests",
                                                             filter=Q(replication_requests__state="done")))
                .get(pk=checked.practice_id))
    assert practice.replications == 1
    assert datetime.date(2026, 2, 1) == fresh(checked).implementation_started_on
