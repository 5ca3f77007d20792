"""Selections («Отборы», F-TRACK-4) and Club of Strategic Initiatives sessions (F-TRACK-5)."""

import datetime

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from practices.models import Practice, PracticeState, RatingIndicator, Track
from practices.services import submit_practice
from practices.submission.completeness import submission_problems
from smarteka.files.services import store_upload
from smarteka.history.services import history_for
from smarteka.notifications.models import Notice
from smarteka.roles.models import Role
from tests import factories
from validation.models import (
    ApplicationStatus,
    KsiDecision,
    KsiOutcome,
    KsiSession,
    Selection,
    SelectionApplication,
    SelectionState,
)
from validation.selections import services

pytestmark = pytest.mark.django_db

PASSWORD = "Smarteka-2026!"
TWO_MONTHS_MESSAGE = "не позднее чем за два месяца до даты старта приёма заявок"


def login(client, user):
    # through the login page: django-axes checks every authenticate() against the request (issue 15 item 3)
    client.logout()  # the login page sends a signed-in user on without switching accounts
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def make_selection(by, *, state=SelectionState.DRAFT, intake_from=None, intake_to=None, experts=(), **fields):
    """A selection moved to ``state`` through the services (the state field is protected)."""
    intake_from = intake_from or days(-5)
    intake_to = intake_to or days(30)
    selection = Selection.objects.create(
        title=fields.pop("title", "Лучшие практики здравоохранения"),
        slug=fields.pop("slug", "zdravookhranenie-2026"),
        initiator="Комиссия Государственного Совета по направлению «Здравоохранение»",
        criteria=fields.pop("criteria", ["Практика реализуется не менее одного года",
                                         "Есть измеримые результаты"]),
        launch_requested_on=intake_from - datetime.timedelta(days=90),
        intake_from=intake_from, intake_to=intake_to, created_by=by, **fields)
    selection.regulation = store_upload(factories.pdf_upload("polozhenie.pdf"), by=by, owner=selection,
                                        kind="selection_regulation", is_public=True)
    selection.save()
    selection.experts.set(experts)
    order = [SelectionState.ANNOUNCED, SelectionState.INTAKE, SelectionState.EVALUATION, SelectionState.FINISHED]
    steps = order[:order.index(state) + 1] if state in order else []
    for step in steps:
        if step == SelectionState.ANNOUNCED:
            services.announce_selection(selection, by=by)
        else:
            action = {SelectionState.INTAKE: "open_intake", SelectionState.EVALUATION: "close_intake",
                      SelectionState.FINISHED: "finish"}[step]
            services.advance_selection(selection, action, by=by)
    return Selection.objects.get(pk=selection.pk)


def form_data(**overrides):
    data = {
        "title": "Отбор практик в сфере образования",
        "slug": "",
        "description": "Тематический отбор по запросу комиссии Госсовета.",
        "initiator": "Комиссия Государственного Совета по направлению «Образование»",
        "launch_requested_on": days(0).isoformat(),
        "intake_from": days(75).isoformat(),
        "intake_to": days(120).isoformat(),
        "results_on": days(150).isoformat(),
        "awards": "",
        "criteria_text": "Практика реализуется не менее года\nЕсть измеримые результаты",
        "experts_text": "",
    }
    data.update(overrides)
    return data


# --- F-TRACK-4: creating a selection, the two-month rule


def test_f_track_4_launch_requested_less_than_two_months_before_intake_is_refused(client, asi_moderator):
    """3.2.5 / 4.3.4: the launch request comes ≥ 2 months before intake; a later one is refused at the
    field, in Russian, and everything typed is kept."""
    login(client, asi_moderator)
    response = client.post(reverse("selections:create"), form_data(intake_from=days(40).isoformat()))
    assert response.status_code == 200
    form = response.context["form"]
    [message] = form.errors["launch_requested_on"]
    assert TWO_MONTHS_MESSAGE in message
    assert f"не позднее {days(40) - relativedelta(months=2):%d.%m.%Y}" in message
    html = response.content.decode()
    assert TWO_MONTHS_MESSAGE in html
    assert "Отбор практик в сфере образования" in html  # typed title kept
    assert "Есть измеримые результаты" in html  # typed criteria kept
    assert not Selection.objects.exists()


def test_f_track_4_two_month_rule_counts_calendar_months(asi_moderator):
    """Exactly two months before intake is allowed, one day later is not (model clean)."""
    selection = Selection(title="Отбор", slug="otbor", initiator="Комиссия", intake_from=datetime.date(2026, 5, 1),
                          intake_to=datetime.date(2026, 6, 1), launch_requested_on=datetime.date(2026, 3, 1))
    selection.clean()
    selection.launch_requested_on = datetime.date(2026, 3, 2)
    with pytest.raises(ValidationError) as exc:
        selection.clean()
    assert "не позднее 01.03.2026" in exc.value.message_dict["launch_requested_on"][0]


def test_f_track_4_asi_moderator_creates_selection_with_criteria_experts_and_regulation(client, asi_moderator,
                                                                                       experts):
    login(client, asi_moderator)
    data = form_data(experts_text=f"{experts[0].email}\n{experts[1].email}")
    data["regulation_file"] = factories.pdf_upload("Положение об отборе.pdf")
    response = client.post(reverse("selections:create"), data)
    selection = Selection.objects.get()
    assert response.status_code == 302 and response.url == selection.get_absolute_url()
    assert selection.slug == "otbor-praktik-v-sfere-obrazovaniya"
    assert selection.criteria == ["Практика реализуется не менее года", "Есть измеримые результаты"]
    assert set(selection.experts.all()) == {experts[0], experts[1]}
    assert selection.regulation.is_public and selection.regulation.original_name == "Положение об отборе.pdf"
    assert selection.state == SelectionState.DRAFT and selection.created_by == asi_moderator


def test_f_track_4_unknown_expert_email_refused_at_the_field(client, asi_moderator):
    login(client, asi_moderator)
    response = client.post(reverse("selections:create"), form_data(experts_text="nobody@example.ru"))
    assert "nobody@example.ru" in response.context["form"].errors["experts_text"][0]
    assert not Selection.objects.exists()


@pytest.mark.parametrize("who", ["coordinator", "author", "expert_moderator", "outsider"])
def test_f_track_4_only_asi_moderator_creates_selections(client, who, request):
    login(client, request.getfixturevalue(who))
    assert client.get(reverse("selections:create")).status_code == 403
    assert client.post(reverse("selections:create"), form_data()).status_code == 403
    assert not Selection.objects.exists()


# --- F-TRACK-4: announcement


def test_f_track_4_announce_notifies_platform_users_in_app_and_by_email(client, asi_moderator, author, coordinator,
                                                                       outsider, django_capture_on_commit_callbacks):
    incomplete = factories.UserFactory(email="incomplete@example.ru", position="")
    selection = make_selection(asi_moderator)
    login(client, asi_moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("selections:announce", args=[selection.slug]))
    assert response.status_code == 302
    selection = Selection.objects.get(pk=selection.pk)
    assert selection.state == SelectionState.ANNOUNCED and selection.announced_by == asi_moderator
    notified = set(Notice.objects.filter(kind="selection_announced").values_list("recipient__email", flat=True))
    assert {author.email, coordinator.email, outsider.email} <= notified
    assert incomplete.email not in notified
    assert any(m.to == [author.email] and "Объявлен отбор практик" in m.subject for m in mail.outbox)


def test_f_track_4_announce_refused_without_regulation_and_criteria(asi_moderator):
    selection = Selection.objects.create(title="Отбор", slug="otbor", initiator="Комиссия", criteria=[],
                                         launch_requested_on=days(-100), intake_from=days(0), intake_to=days(30))
    with pytest.raises(ValidationError) as exc:
        services.announce_selection(selection, by=asi_moderator)
    assert "Не указаны обязательные требования (критерии) комиссии." in exc.value.messages
    assert "Не загружено положение о проведении отбора." in exc.value.messages
    assert Selection.objects.get().state == SelectionState.DRAFT
    assert not Notice.objects.filter(kind="selection_announced").exists()


@pytest.mark.parametrize("who", ["coordinator", "author", "outsider"])
def test_f_track_4_only_asi_moderator_announces_and_moves_stages(client, who, request, asi_moderator):
    """A draft is not even visible to others (404); an announced selection they see but may not move (403)."""
    user = request.getfixturevalue(who)
    selection = make_selection(asi_moderator)
    login(client, user)
    assert client.post(reverse("selections:announce", args=[selection.slug])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.announce_selection(selection, by=user)
    assert Selection.objects.get().state == SelectionState.DRAFT
    services.announce_selection(selection, by=asi_moderator)
    assert client.post(reverse("selections:advance", args=[selection.slug, "open_intake"])).status_code == 403
    assert client.get(reverse("selections:edit", args=[selection.slug])).status_code == 403
    assert Selection.objects.get().state == SelectionState.ANNOUNCED


# --- F-TRACK-4: applications


def test_f_track_4_application_only_during_intake(client, asi_moderator, author):
    practice = factories.PracticeFactory(author=author)
    selection = make_selection(asi_moderator, state=SelectionState.ANNOUNCED)
    with pytest.raises(PermissionDenied):
        services.apply_to_selection(selection, by=author, practice=practice)
    login(client, author)
    assert client.get(reverse("selections:apply", args=[selection.slug])).status_code == 403

    services.advance_selection(selection, "open_intake", by=asi_moderator)
    response = client.post(reverse("selections:apply", args=[selection.slug]),
                           {"practice": str(practice.pk), "confirms_criteria": "on"})
    assert response.status_code == 302
    application = SelectionApplication.objects.get()
    assert (application.selection, application.practice, application.status) == (
        selection, practice, ApplicationStatus.PENDING)
    assert [t.action for t in history_for(application)] == ["apply"]

    services.advance_selection(selection, "close_intake", by=asi_moderator)
    other = factories.PracticeFactory(author=author, title="Другая практика")
    with pytest.raises(PermissionDenied):
        services.apply_to_selection(selection, by=author, practice=other)
    assert SelectionApplication.objects.count() == 1


def test_f_track_4_application_refused_after_intake_end_date(asi_moderator, author):
    selection = make_selection(asi_moderator, state=SelectionState.INTAKE, intake_from=days(-30),
                               intake_to=days(-1))
    with pytest.raises(PermissionDenied):
        services.apply_to_selection(selection, by=author, practice=factories.PracticeFactory(author=author))


def test_f_track_4_only_the_author_applies_their_practice(client, asi_moderator, author, region_b):
    practice = factories.PracticeFactory(author=author)
    other_author = factories.UserFactory(email="author-b@example.ru", region=region_b)
    factories.grant(other_author, Role.AUTHOR, region=region_b)
    selection = make_selection(asi_moderator, state=SelectionState.INTAKE)
    with pytest.raises(PermissionDenied):
        services.apply_to_selection(selection, by=other_author, practice=practice)
    login(client, other_author)
    response = client.post(reverse("selections:apply", args=[selection.slug]),
                           {"practice": str(practice.pk), "confirms_criteria": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["practice"] == ["Выберите одну из своих практик."]
    assert not SelectionApplication.objects.exists()


@pytest.mark.parametrize("who", ["coordinator", "outsider", "expert_moderator"])
def test_f_track_4_users_without_author_role_cannot_apply(client, who, request, asi_moderator):
    selection = make_selection(asi_moderator, state=SelectionState.INTAKE)
    login(client, request.getfixturevalue(who))
    assert client.get(reverse("selections:apply", args=[selection.slug])).status_code == 403


def test_f_track_4_author_applies_with_a_new_practice_on_the_selection_track(client, asi_moderator, author,
                                                                            experts):
    selection = make_selection(asi_moderator, state=SelectionState.INTAKE, experts=[experts[0]])
    login(client, author)
    response = client.post(reverse("selections:apply", args=[selection.slug]),
                           {"practice": "new", "new_title": "Здоровое село", "confirms_criteria": "on"})
    practice = Practice.objects.get(title="Здоровое село")
    assert response.status_code == 302 and response.url == reverse("practices:edit", args=[practice.pk])
    assert practice.track == Track.SELECTION and practice.author == author
    assert practice.state == PracticeState.DRAFT
    assert practice.selection_application.selection == selection
    # the ASI moderator and the selection's experts are asked to moderate
    assert set(Notice.objects.filter(kind="selection_application").values_list("recipient", flat=True)) == {
        asi_moderator.pk, experts[0].pk}


def test_f_track_4_new_practice_needs_a_title_and_criteria_confirmation(client, asi_moderator, author):
    selection = make_selection(asi_moderator, state=SelectionState.INTAKE)
    login(client, author)
    response = client.post(reverse("selections:apply", args=[selection.slug]), {"practice": "new"})
    errors = response.context["form"].errors
    assert errors["new_title"] == ["Укажите название новой практики."]
    assert errors["confirms_criteria"] == ["Подтвердите соответствие заявки обязательным требованиям отбора."]
    assert not Practice.objects.exists()


def test_f_track_4_a_practice_takes_part_in_one_selection(asi_moderator, author):
    practice = factories.PracticeFactory(author=author)
    first = make_selection(asi_moderator, state=SelectionState.INTAKE)
    second = make_selection(asi_moderator, state=SelectionState.INTAKE, slug="second", title="Второй отбор")
    services.apply_to_selection(first, by=author, practice=practice)
    with pytest.raises(ValidationError) as exc:
        services.apply_to_selection(second, by=author, practice=practice)
    assert "уже подана на отбор" in exc.value.message_dict["practice"][0]


# --- F-TRACK-4: moderation


@pytest.fixture
def application(asi_moderator, author):
    selection = make_selection(asi_moderator, state=SelectionState.INTAKE)
    return services.apply_to_selection(selection, by=author, practice=factories.PracticeFactory(author=author))


def moderation_url(application):
    return reverse("selections:application", args=[application.selection.slug, application.pk])


def test_f_track_4_asi_moderator_accepts_application_author_notified(client, asi_moderator, application):
    login(client, asi_moderator)
    response = client.post(moderation_url(application), {"decision": "accept"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED and application.moderated_by == asi_moderator
    assert Notice.objects.filter(recipient=application.practice.author, kind="selection_moderated",
                                 title__contains="принята").exists()
    assert [t.to_label for t in history_for(application)] == ["На модерации", "Принята"]


def test_f_track_4_refusal_needs_a_reason_at_the_field(client, asi_moderator, application):
    login(client, asi_moderator)
    response = client.post(moderation_url(application), {"decision": "refuse", "reason": "  "})
    assert response.status_code == 200
    assert response.context["moderation_form"].errors["reason"] == ["Укажите причину отклонения заявки."]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
    with pytest.raises(ValidationError):
        services.moderate_application(application, by=asi_moderator, accept=False)

    response = client.post(moderation_url(application), {"decision": "refuse",
                                                         "reason": "Практика не относится к теме отбора"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REFUSED
    notice = Notice.objects.get(recipient=application.practice.author, kind="selection_moderated")
    assert "Практика не относится к теме отбора" in notice.body


def test_f_track_4_selection_expert_moderates(client, asi_moderator, application, experts):
    application.selection.experts.add(experts[0])
    login(client, experts[0])
    assert client.post(moderation_url(application), {"decision": "accept"}).status_code == 302
    assert SelectionApplication.objects.get().status == ApplicationStatus.ACCEPTED


@pytest.mark.parametrize("who,status", [("coordinator", 404), ("author", 403), ("outsider", 404),
                                        ("expert_moderator", 404)])
def test_f_track_4_moderation_refused_for_other_roles(client, who, status, request, application):
    """The author sees their pending application (403); others may not know it exists (404, issue 13 item 14)."""
    user = request.getfixturevalue(who)
    login(client, user)
    assert client.post(moderation_url(application), {"decision": "accept"}).status_code == status
    assert client.get(reverse("selections:applications", args=[application.selection.slug])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.moderate_application(application, by=user, accept=True)
    assert SelectionApplication.objects.get().status == ApplicationStatus.PENDING


def test_f_track_4_winner_marked_during_evaluation_and_shown(client, asi_moderator, application):
    services.moderate_application(application, by=asi_moderator, accept=True)
    selection = application.selection
    with pytest.raises(ValidationError):  # not yet: intake still open
        services.mark_winner(application, by=asi_moderator, award="Диплом I степени")
    services.advance_selection(selection, "close_intake", by=asi_moderator)
    login(client, asi_moderator)
    response = client.post(moderation_url(application), {"winner": "1", "is_winner": "on",
                                                         "award": "Диплом I степени"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.is_winner and application.award == "Диплом I степени"
    services.advance_selection(selection, "finish", by=asi_moderator)
    client.logout()
    html = client.get(selection.get_absolute_url()).content.decode()
    assert "Победитель: Диплом I степени" in html


# --- F-TRACK-4: public pages


def test_f_track_4_public_page_shows_criteria_dates_documents_and_accepted_applications_only(
        client, asi_moderator, author):
    selection = make_selection(asi_moderator, state=SelectionState.INTAKE)
    accepted = services.apply_to_selection(selection, by=author,
                                           practice=factories.PracticeFactory(author=author, title="Принятая практика"))
    refused = services.apply_to_selection(selection, by=author,
                                          practice=factories.PracticeFactory(author=author, title="Отклонённая практика"))
    services.apply_to_selection(selection, by=author,
                                practice=factories.PracticeFactory(author=author, title="Непроверенная практика"))
    services.moderate_application(accepted, by=asi_moderator, accept=True)
    services.moderate_application(refused, by=asi_moderator, accept=False, reason="Не по теме")

    response = client.get(selection.get_absolute_url())  # anonymous
    assert response.status_code == 200
    html = response.content.decode()
    assert "Практика реализуется не менее одного года" in html and "Есть измеримые результаты" in html
    assert f"{selection.intake_from:%d.%m.%Y}" in html and f"{selection.intake_to:%d.%m.%Y}" in html
    assert reverse("files:download", args=[selection.regulation.pk]) in html
    assert "Принятая практика" in html
    assert "Отклонённая практика" not in html and "Не по теме" not in html
    assert "Непроверенная практика" not in html
    # the regulation is public: an anonymous visitor downloads it
    assert client.get(reverse("files:download", args=[selection.regulation.pk])).status_code == 200


def test_f_track_4_author_sees_own_refused_application_with_reason(client, asi_moderator, author, application):
    services.moderate_application(application, by=asi_moderator, accept=False, reason="Не по теме отбора")
    login(client, author)
    html = client.get(application.selection.get_absolute_url()).content.decode()
    assert "Мои заявки" in html and "Не по теме отбора" in html


def test_f_track_4_list_shows_announced_selections_draft_hidden(client, asi_moderator):
    make_selection(asi_moderator, title="Черновой отбор", slug="draft-one")
    make_selection(asi_moderator, title="Объявленный отбор", slug="announced-one", state=SelectionState.ANNOUNCED)
    html = client.get(reverse("selections:list")).content.decode()
    assert "Объявленный отбор" in html and "Черновой отбор" not in html
    assert client.get(reverse("selections:detail", args=["draft-one"])).status_code == 404
    login(client, asi_moderator)
    assert "Черновой отбор" in client.get(reverse("selections:list")).content.decode()


# --- F-TRACK-5: КСИ sessions


@pytest.fixture
def ksi_session(asi_moderator):
    return KsiSession.objects.create(date=days(-1), title="Практики, влияющие на инвестиционный рейтинг",
                                     external_participants="Иванов И. И., министр экономики Тульской области",
                                     created_by=asi_moderator)


def submitted_practice(author, title="Инвестиционный портал региона"):
    practice = factories.PracticeFactory(author=author, title=title, track=Track.AGENCY_REQUEST)
    Practice.objects.filter(pk=practice.pk).update(state=PracticeState.REGIONAL_REVIEW)
    return Practice.objects.get(pk=practice.pk)


def test_f_track_5_not_admitted_needs_a_reason(client, asi_moderator, author, ksi_session):
    practice = submitted_practice(author)
    with pytest.raises(ValidationError) as exc:
        services.record_ksi_decision(ksi_session, by=asi_moderator, practice=practice,
                                     outcome=KsiOutcome.NOT_ADMITTED, reason=" ")
    assert exc.value.message_dict["reason"] == ["Укажите причину, по которой практика не допущена."]
    login(client, asi_moderator)
    response = client.post(ksi_session.get_absolute_url(), {"practice": practice.pk, "outcome": "not_admitted"})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Укажите причину, по которой практика не допущена."]
    assert not KsiDecision.objects.exists()


def test_f_track_5_decision_appears_in_the_practice_history(client, asi_moderator, author, ksi_session):
    practice = submitted_practice(author)
    login(client, asi_moderator)
    response = client.post(ksi_session.get_absolute_url(), {
        "practice": practice.pk, "outcome": "not_admitted",
        "reason": "Эффект на показатели рейтинга не подтверждён"})
    assert response.status_code == 302
    decision = KsiDecision.objects.get()
    assert decision.outcome == KsiOutcome.NOT_ADMITTED
    [record] = [t for t in history_for(practice) if t.action == "ksi_decision"]
    assert record.from_state == record.to_state == PracticeState.REGIONAL_REVIEW
    assert "не допущена" in record.comment and "Эффект на показатели рейтинга не подтверждён" in record.comment
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.REGIONAL_REVIEW
    html = client.get(ksi_session.get_absolute_url()).content.decode()
    assert "Инвестиционный портал региона" in html and "Не допущена" in html
    assert "Иванов И. И., министр экономики Тульской области" in html


def test_f_track_5_recommended_without_reason_is_fine(asi_moderator, author, ksi_session):
    practice = submitted_practice(author)
    services.record_ksi_decision(ksi_session, by=asi_moderator, practice=practice, outcome=KsiOutcome.RECOMMENDED)
    assert [t.comment for t in history_for(practice) if t.action == "ksi_decision"] == [
        f"Заседание Клуба стратегических инициатив {ksi_session.date:%d.%m.%Y}: рекомендована."]


def test_f_track_5_asi_moderator_records_session_with_participants_and_protocol(client, asi_moderator, experts):
    login(client, asi_moderator)
    response = client.post(reverse("selections:ksi_create"), {
        "date": days(-2).isoformat(), "title": "Заседание Клуба", "participants_text": experts[0].email,
        "external_participants": "Петров П. П., Республика Татарстан", "notes": "",
        "protocol_file": factories.pdf_upload("protocol.pdf")})
    session = KsiSession.objects.get()
    assert response.status_code == 302 and response.url == session.get_absolute_url()
    assert list(session.participants.all()) == [experts[0]]
    assert session.protocol.original_name == "protocol.pdf" and not session.protocol.is_public


@pytest.mark.parametrize("who,status", [("asi_moderator", 200), ("expert_moderator", 200), ("rating_committee", 200),
                                        ("implementation_moderator", 200), ("coordinator", 403), ("author", 403),
                                        ("outsider", 403)])
def test_f_track_5_ksi_pages_seen_by_agency_roles_only(client, who, status, request, ksi_session):
    """The list refuses with 403; a session the user may not see answers 404 (issue 13 item 14)."""
    login(client, request.getfixturevalue(who))
    assert client.get(reverse("selections:ksi_list")).status_code == status
    assert client.get(ksi_session.get_absolute_url()).status_code == (status if status == 200 else 404)


@pytest.mark.parametrize("who,status", [("expert_moderator", 403), ("coordinator", 404), ("author", 404)])
def test_f_track_5_only_asi_moderator_records_decisions(client, who, status, request, author, ksi_session):
    """403 for an Agency role that sees the session, 404 for who may not see it (issue 13 item 14)."""
    user = request.getfixturevalue(who)
    practice = submitted_practice(author)
    login(client, user)
    response = client.post(ksi_session.get_absolute_url(), {"practice": practice.pk, "outcome": "recommended"})
    assert response.status_code == status
    assert client.get(reverse("selections:ksi_create")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.record_ksi_decision(ksi_session, by=user, practice=practice, outcome=KsiOutcome.RECOMMENDED)
    assert not KsiDecision.objects.exists()


def test_f_track_5_protocol_download_limited_to_agency_roles(client, asi_moderator, coordinator, expert_moderator,
                                                            ksi_session):
    ksi_session.protocol = store_upload(factories.pdf_upload("protocol.pdf"), by=asi_moderator, owner=ksi_session,
                                        kind="ksi_protocol")
    ksi_session.save()
    url = reverse("files:download", args=[ksi_session.protocol.pk])
    login(client, expert_moderator)
    assert client.get(url).status_code == 200
    login(client, coordinator)
    assert client.get(url).status_code in (403, 404)


# --- demo data


def test_f_track_4_f_track_5_demo_loader_is_idempotent():
    """The demo has one selection open for applications and one КСИ session with its protocol."""
    from smarteka.accounts import demo as accounts_demo
    from validation.selections import demo as selections_demo

    for _ in range(2):
        ctx = {}
        accounts_demo.load(ctx)
        selections_demo.load(ctx)
    selection = Selection.objects.get()
    assert selection.state == SelectionState.INTAKE and selection.is_intake_open()
    assert selection.regulation.is_public and selection.criteria
    assert selection.applications.count() == 1
    session = KsiSession.objects.get()
    assert session.protocol is not None
    assert sorted(session.decisions.values_list("outcome", flat=True)) == ["not_admitted", "recommended"]
    for decision in session.decisions.all():
        assert [t.action for t in history_for(decision.practice)] == ["ksi_decision"]


def test_f_track_4_author_withdraws_a_pending_application(client, asi_moderator, author, application):
    selection, practice = application.selection, application.practice
    withdraw = reverse("selections:application_withdraw", args=[selection.slug, application.pk])
    login(client, author)
    assert 'id="withdraw-' in client.get(selection.get_absolute_url()).content.decode()
    response = client.post(withdraw)
    assert response.status_code == 302
    assert not SelectionApplication.objects.filter(pk=application.pk).exists()
    assert list(history_for(practice))[-1].action == "selection_withdrawn"
    assert not Notice.objects.filter(kind="selection_application", object_id=application.pk,
                                     action_done_at__isnull=True).exists()
    # the practice is free again: it can be applied anew
    services.apply_to_selection(selection, by=author, practice=practice)


@pytest.mark.parametrize("who,status", [("asi_moderator", 403), ("coordinator", 404), ("outsider", 404)])
def test_f_track_4_only_the_author_withdraws_and_only_while_pending(client, who, status, request, asi_moderator,
                                                                    author, application):
    """404 for who may not know a pending application exists (issue 13 item 14)."""
    withdraw = reverse("selections:application_withdraw", args=[application.selection.slug, application.pk])
    login(client, request.getfixturevalue(who))
    assert client.post(withdraw).status_code == status
    services.moderate_application(application, by=asi_moderator, accept=True)
    login(client, author)
    assert client.post(withdraw).status_code == 403  # accepted: no longer the author's to take back
    assert SelectionApplication.objects.filter(pk=application.pk).exists()


@time_machine.travel(datetime.datetime(2026, 12, 3, 10, tzinfo=datetime.UTC), tick=False)
def test_f_track_4_a_selection_application_is_submitted_on_its_own_track_4_3_4(client, asi_moderator, author,
                                                                             production_calendar):
    """4.3.4: an application stays on the «Отбор» track when the author submits it (before, submit_practice
    overwrote it with one of the three tracks), and the 4.3.1 windows do not apply — the selection's own
    Положение sets its dates."""
    selection = make_selection(asi_moderator, state=SelectionState.INTAKE)
    # an indicator of the quality-of-life rating, whose 4.3.1 window is closed in December
    quality_of_life = RatingIndicator.objects.filter(rating__slug="quality-of-life").order_by("order").first()
    practice = factories.complete_practice(author, indicator=quality_of_life)
    assert any("окно приёма закрыто" in p for p in submission_problems(practice))
    services.apply_to_selection(selection, by=author, practice=practice)
    practice.refresh_from_db()
    assert practice.track == Track.SELECTION
    client.force_login(author)
    html = client.get(reverse("practices:submit", args=[practice.pk])).content.decode()
    assert 'value="selection" checked' in html and 'value="regional_initiative"' not in html
    with pytest.raises(ValidationError, match="по треку «Отбор»"):
        submit_practice(practice, by=author, track=Track.REGIONAL_INITIATIVE)
    response = client.post(reverse("practices:submit", args=[practice.pk]), {"track": Track.SELECTION})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert (practice.state, practice.track) == (PracticeState.REGIONAL_REVIEW, Track.SELECTION)


def test_f_track_4_invalid_edit_of_a_selection_shows_the_form_again_not_a_500(client, asi_moderator):
    """Issue 15 item 1 (found by the URL matrix): an edit posted with the slug emptied re-renders the form with
    its errors under the selection's own name and address, and saves nothing."""
    selection = make_selection(asi_moderator)
    client.force_login(asi_moderator)
    response = client.post(reverse("selections:edit", args=[selection.slug]), {"title": "", "slug": ""})
    assert response.status_code == 200
    assert reverse("selections:detail", args=[selection.slug]) in response.content.decode()
    selection = Selection.objects.get(pk=selection.pk)
    assert (selection.slug, selection.title) == ("zdravookhranenie-2026", "Лучшие практики здравоохранения")
