"""Revision, deadlines, notices and history of the validation stages (SPEC §6).
F-VAL-5, F-DL-1, F-VAL-6, F-NOTE-1, F-VAL-8, F-VAL-2, F-TRACK-2."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from practices.models import Material, MaterialKind, Practice, PracticeState, TeamMember
from practices.services import resubmit_practice
from smarteka.deadlines.models import Deadline
from smarteka.history.services import history_for
from smarteka.notifications.models import Notice
from smarteka.workcalendar.services import add_working_days
from tests import factories
from tests.factories import answer_revision_points
from validation import services
from validation.grounds import ASI_REJECTION_GROUNDS

pytestmark = pytest.mark.django_db
S = PracticeState


@pytest.mark.parametrize("stage,returner", [
    (S.REGIONAL_REVIEW, "coordinator"), (S.PACKAGING, "em"), (S.EXPERT_REVIEW, "asi"),
    (S.RATING_COMMITTEE, "rating"), (S.READY_TO_PUBLISH, "asi"),
])
def test_f_val_5_resubmission_returns_to_the_stage_that_sent_it(practice_in, actors, stage, returner):
    practice = practice_in(stage, investment=stage == S.RATING_COMMITTEE)
    services.return_for_revision(practice, by=actors[returner], comment="Уточните результаты")
    answer_revision_points(practice)
    practice = resubmit_practice(Practice.objects.get(pk=practice.pk), by=actors["author"])
    assert practice.state == stage


@pytest.mark.parametrize("investment,next_stage", [(False, S.READY_TO_PUBLISH), (True, S.RATING_COMMITTEE)])
def test_f_val_5_approve_with_additions_then_resubmit_goes_on_without_a_new_vote(practice_in, actors, investment,
                                                                                 next_stage):
    practice = practice_in(S.EXPERT_REVIEW, investment=investment)
    practice = services.move(practice, "experts_approve_with_additions", by=actors["em"],
                             comment="Эксперты одобрили, но просят дополнить описание эффектов")
    assert practice.state == S.REVISION
    assert Deadline.objects.filter(object_id=practice.pk, kind="practice_revision", state="open").exists()
    answer_revision_points(practice)
    practice = resubmit_practice(practice, by=actors["author"])
    assert practice.state == next_stage
    # a later return from that stage comes back to it, not to expert review
    returner = actors["rating"] if investment else actors["asi"]
    services.return_for_revision(practice, by=returner, comment="Ещё одна правка")
    answer_revision_points(practice)
    assert resubmit_practice(Practice.objects.get(pk=practice.pk), by=actors["author"]).state == next_stage


def test_f_val_3_experts_approve_goes_to_rating_committee_only_for_investment_rating_practices(practice_in, actors):
    plain = services.move(practice_in(S.EXPERT_REVIEW), "experts_approve", by=actors["em"])
    assert plain.state == S.READY_TO_PUBLISH
    invest = services.move(practice_in(S.EXPERT_REVIEW, investment=True, title="Инвестпортал региона"),
                           "experts_approve", by=actors["em"])
    assert invest.state == S.RATING_COMMITTEE


def test_f_dl_1_return_opens_five_working_days_on_the_production_calendar(practice_in, actors,
                                                                          django_capture_on_commit_callbacks):
    # Friday 6 March 2026; Monday 9 March is the day off for 8 March (Sunday): due Monday 16 March
    with time_machine.travel(datetime.datetime(2026, 3, 6, 10, 0, tzinfo=datetime.UTC), tick=False):
        practice = practice_in(S.REGIONAL_REVIEW)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.return_for_revision(practice, by=actors["coordinator"], comment="Загрузите протокол")
    deadline = Deadline.objects.get(object_id=practice.pk, kind="practice_revision")
    assert deadline.starts_on == datetime.date(2026, 3, 6)
    assert deadline.due_on == datetime.date(2026, 3, 16) == add_working_days(datetime.date(2026, 3, 6), 5)
    assert list(deadline.assignees.all()) == [actors["author"]]
    assert actors["coordinator"] in deadline.escalate_to.all()
    letters = [m for m in mail.outbox if m.to == [actors["author"].email]]
    assert len(letters) == 1
    assert "возвращена на доработку" in letters[0].subject
    assert "16.03.2026" in letters[0].body and "Загрузите протокол" in letters[0].body
    # resubmission meets it
    answer_revision_points(practice)
    resubmit_practice(Practice.objects.get(pk=practice.pk), by=actors["author"])
    deadline.refresh_from_db()
    assert deadline.state == Deadline.State.MET


def test_f_dl_1_soft_deletion_cancels_the_open_revision_deadline(practice_in, actors):
    practice = practice_in(S.REVISION)
    services.delete_practice(practice, by=actors["asi"], requester=services.DELETION_REQUESTERS[0],
                             request_document=factories.pdf_upload("request.pdf"), comment="Письмо автора")
    assert Deadline.objects.get(object_id=practice.pk, kind="practice_revision").state == Deadline.State.CANCELLED


def test_f_val_6_f_note_1_publication_notifies_author_and_team(practice_in, actors, django_capture_on_commit_callbacks):
    practice = practice_in(S.READY_TO_PUBLISH)
    team = [m.user for m in TeamMember.objects.filter(practice=practice).select_related("user")]
    assert len(team) == 3
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(practice, by=actors["asi"])
    notices = Notice.objects.filter(object_id=practice.pk, kind="practice_published")
    assert {n.recipient for n in notices} == set(team)
    assert all(n.title == "Практика опубликована для тиражирования" for n in notices)
    assert sorted(m.to[0] for m in mail.outbox if "опубликована для тиражирования" in m.subject) == \
        sorted(u.email for u in team)
    # the coordinator is informed, not asked to act; the ASI moderator's «ready» action is resolved
    assert Notice.objects.filter(object_id=practice.pk, recipient=actors["coordinator"],
                                 kind="practice_published_info").exists()
    assert not Notice.objects.filter(object_id=practice.pk, recipient=actors["asi"], requires_action=True,
                                     action_done_at__isnull=True).exists()


def test_f_note_1_each_stage_asks_the_next_actor(practice_in, actors):
    practice = practice_in(S.REGIONAL_REVIEW)
    assert Notice.objects.filter(object_id=practice.pk, recipient=actors["coordinator"], requires_action=True,
                                 action_done_at__isnull=True).exists()
    services.confirm_regionally(practice, by=actors["coordinator"], document=factories.pdf_upload())
    assert not Notice.objects.filter(object_id=practice.pk, recipient=actors["coordinator"],
                                     requires_action=True, action_done_at__isnull=True).exists()
    assert Notice.objects.get(object_id=practice.pk, kind="practice_to_route").recipient == actors["asi"]
    services.route_to_expert_moderator(practice, by=actors["asi"], expert_moderator=actors["em"])
    routed = Notice.objects.get(object_id=practice.pk, kind="practice_to_package")
    assert routed.recipient == actors["em"] and routed.requires_action


def test_f_val_8_every_transition_recorded_with_comment_and_files(practice_in, actors):
    practice = practice_in(S.REGIONAL_REVIEW)
    services.confirm_regionally(practice, by=actors["coordinator"], document=factories.pdf_upload("protocol.pdf"),
                                comment="Комиссия подтвердила реализацию")
    confirm = history_for(practice).get(action="confirm_regionally")
    assert (confirm.by, confirm.from_state, confirm.to_state) == (actors["coordinator"], S.REGIONAL_REVIEW,
                                                                  S.PACKAGING)
    assert confirm.comment == "Комиссия подтвердила реализацию"
    assert [f.original_name for f in confirm.files.all()] == ["protocol.pdf"]
    material = Material.objects.get(practice=practice, kind=MaterialKind.COMMISSION_PROTOCOL)
    assert material.is_public is False and material.file == confirm.files.get()

    from smarteka.files.services import store_upload

    remarks = store_upload(factories.pdf_upload("remarks.pdf"), by=actors["asi"], owner=practice)
    services.return_for_revision(practice, by=actors["asi"], comment="См. замечания", files=[remarks])
    back = history_for(practice).get(action="return_for_revision")
    assert (back.from_label, back.to_label) == ("Упаковка", "На доработке")
    # F-PLUS-8: the comment's lines are recorded as the numbered points the team answers
    assert back.comment == "1. См. замечания" and list(back.files.all()) == [remarks]


def test_f_val_1_confirmation_refused_without_protocol(practice_in, actors, client):
    practice = practice_in(S.REGIONAL_REVIEW)
    with pytest.raises(services.Refused) as exc:
        services.confirm_regionally(practice, by=actors["coordinator"])
    assert "протокол" in exc.value.messages[0]
    client.force_login(actors["coordinator"])
    response = client.post(reverse("validation:act", args=[practice.pk, "confirm"]),
                           {"comment": "Подтверждаю по итогам заседания"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Загрузите файл: протокол решения региональной межведомственной комиссии." in page
    assert "Подтверждаю по итогам заседания" in page  # nothing typed is lost
    assert Practice.objects.get(pk=practice.pk).state == S.REGIONAL_REVIEW


def test_f_track_3_agency_request_is_confirmed_with_the_agency_letter(practice_in, actors):
    from practices.models import Track

    practice = practice_in(S.REGIONAL_REVIEW, track=Track.AGENCY_REQUEST)
    practice = services.confirm_regionally(practice, by=actors["coordinator"], document=factories.pdf_upload())
    assert practice.state == S.PACKAGING
    assert Material.objects.filter(practice=practice, kind=MaterialKind.AGENCY_LETTER, is_public=False).exists()


def test_f_val_5_asi_rejects_on_the_seven_grounds_plus_free_text(practice_in, actors, client):
    practice = practice_in(S.READY_TO_PUBLISH)
    client.force_login(actors["asi"])
    page = client.get(reverse("validation:review", args=[practice.pk])).content.decode()
    for ground in ASI_REJECTION_GROUNDS:
        assert ground in page
    response = client.post(reverse("validation:act", args=[practice.pk, "reject"]), {"comment": "Дубликат"})
    assert response.status_code == 400
    assert "Выберите хотя бы одно основание отклонения." in response.content.decode()
    with pytest.raises(ValidationError):
        services.reject(practice, by=actors["asi"], grounds=["придуманное основание"])
    response = client.post(reverse("validation:act", args=[practice.pk, "reject"]),
                           {"grounds": [ASI_REJECTION_GROUNDS[5]], "comment": "Аналог уже размещён"})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.state == S.REJECTED and practice.rejection_grounds == [ASI_REJECTION_GROUNDS[5]]
    notice = Notice.objects.get(object_id=practice.pk, recipient=actors["author"], kind="practice_rejected")
    assert ASI_REJECTION_GROUNDS[5] in notice.body and "Аналог уже размещён" in notice.body


def test_f_val_2_packaging_needs_level_and_routing_to_a_category_moderator(practice_in, actors,
                                                                           expert_moderator_of_other_category):
    practice = practice_in(S.PACKAGING)
    with pytest.raises(ValidationError):
        services.mark_packaged(practice, by=actors["em"])
    with pytest.raises(ValidationError):
        services.route_to_expert_moderator(practice, by=actors["asi"],
                                           expert_moderator=expert_moderator_of_other_category)
    with pytest.raises(services.Refused):
        services.start_expert_review(practice, by=actors["asi"])  # not packaged yet
    services.set_level(practice, by=actors["em"], level=1)
    practice = services.mark_packaged(practice, by=actors["em"])
    assert practice.level == 1 and practice.packaged_at is not None
    assert services.start_expert_review(practice, by=actors["asi"]).state == S.EXPERT_REVIEW


def test_f_track_2_fast_track_may_still_order_an_evaluation(practice_in, actors):
    from practices.models import Track

    practice = practice_in(S.PACKAGING, track=Track.STATE_COUNCIL, packaged=True)
    practice = services.start_expert_review(practice, by=actors["asi"])
    assert practice.state == S.EXPERT_REVIEW and practice.evaluation_ordered
    # a regional-initiative practice cannot skip the experts
    other = practice_in(S.PACKAGING, packaged=True, title="Другая практика")
    with pytest.raises(PermissionDenied):
        services.skip_expert_review(other, by=actors["asi"])


def test_f_val_5_author_sees_the_return_comment_and_deadline_where_she_edits(client, practice_in, author,
                                                                            production_calendar):
    """F-VAL-5, F-DL-1: the reviewer's comment and the 5-working-day clock stand above the passport editor."""
    practice = practice_in(PracticeState.REVISION)
    client.force_login(author)
    html = client.get(reverse("practices:edit_section", args=[practice.pk, "about"]), follow=True).content.decode()
    assert 'id="revision-notice"' in html
    assert "Дополните результаты" in html
    assert "с этапа «Подтверждение регионом»" in html
    assert "осталось рабочих дней: 5" in html
    assert "вернётся на этап «Подтверждение регионом»" in html


def test_f_val_2_marking_packaged_twice_is_refused_with_one_record(practice_in, expert_moderator):
    practice = practice_in(PracticeState.PACKAGING, packaged=True)
    before = len(list(history_for(practice)))
    with pytest.raises(ValidationError, match="уже отмечена упакованной"):
        services.mark_packaged(practice, by=expert_moderator)
    assert len(list(history_for(practice))) == before


def test_f_val_6_three_year_rule_is_checked_again_at_publication_2_1_5(practice_in, actors):
    """2.1.5 p.1: «не ранее трех лет до года публикации». Submitted in December 2026 with 2023, the practice
    is on time; published in January 2027 it is not — publication is refused, the practice stays."""
    with time_machine.travel(datetime.datetime(2026, 12, 3, 10, 0, tzinfo=datetime.UTC), tick=False):
        practice = practice_in(PracticeState.READY_TO_PUBLISH)
        Practice.objects.filter(pk=practice.pk).update(implementation_year=2023)
    with time_machine.travel(datetime.datetime(2027, 1, 12, 10, 0, tzinfo=datetime.UTC), tick=False):
        with pytest.raises(services.Refused) as refused:
            services.publish(Practice.objects.get(pk=practice.pk), by=actors["asi"])
        assert "не ранее трёх лет до года публикации" in refused.value.messages[0]
        assert Practice.objects.get(pk=practice.pk).state == PracticeState.READY_TO_PUBLISH
        Practice.objects.filter(pk=practice.pk).update(implementation_year=2024)
        services.publish(Practice.objects.get(pk=practice.pk), by=actors["asi"])
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.PUBLISHED


def test_f_val_5_deletion_is_the_asi_moderators_act_on_an_official_request_4_1_13(practice_in, actors, client):
    """4.1.13: «Модератор АСИ может удалить практику … по официальному обращению автора практики,
    регионального координатора и/или уполномоченного лица субъекта»; the author alone deletes only a draft
    never submitted (before: the author deleted a practice on revision, and nobody could delete later)."""
    author, asi = actors["author"], actors["asi"]
    on_revision = practice_in(S.REVISION)
    with pytest.raises(PermissionDenied):
        services.delete_practice(on_revision, by=author)
    client.force_login(author)
    assert client.post(reverse("validation:act", args=[on_revision.pk, "delete"])).status_code == 403

    published = practice_in(S.PUBLISHED, title="Опубликованная практика")
    client.force_login(asi)
    url = reverse("validation:act", args=[published.pk, "delete"])
    assert 'id="delete-practice"' in client.get(reverse("validation:review", args=[published.pk])).content.decode()
    response = client.post(url, {"comment": "Письмо № 12"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Укажите, кто обратился" in html and "Загрузите официальное обращение об удалении практики." in html
    assert Practice.objects.get(pk=published.pk).state == S.PUBLISHED
    response = client.post(url, {"requester": services.DELETION_REQUESTERS[1], "comment": "Письмо № 12 от 01.12.2026",
                                 "request_document": factories.pdf_upload("request.pdf")})
    assert response.status_code == 302
    assert Practice.objects.get(pk=published.pk).state == S.DELETED
    step = list(history_for(published))[-1]
    assert "региональный координатор" in step.comment and "Письмо № 12" in step.comment
    assert [f.original_name for f in step.files.all()] == ["request.pdf"]

    draft = practice_in(S.DRAFT, title="Черновик")
    services.delete_practice(draft, by=author)
    assert Practice.objects.get(pk=draft.pk).state == S.DELETED
