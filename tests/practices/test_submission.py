"""Submission of a passport: every condition of F-PASS-4, the tracks (F-TRACK-1…3), the windows (F-REF-6)."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from practices.models import (
    ImplementationMethod,
    MaterialKind,
    OrganisationType,
    Practice,
    PracticeState,
    PracticeVersion,
    RatingIndicator,
    TeamMember,
    Track,
)
from practices.services import SubmissionRefused, submit_practice
from practices.submission.completeness import submission_problems
from smarteka.history.services import history_for
from smarteka.notifications.models import Notice
from tests import factories

pytestmark = pytest.mark.django_db


def qol_indicator():
    return RatingIndicator.objects.filter(rating__slug="quality-of-life").order_by("order").first()


def investment_indicator():
    return RatingIndicator.objects.filter(rating__slug="investment").order_by("order").first()


def forbidden_org_type():
    return (OrganisationType.objects.filter(may_author=False).order_by("order").first()
            or OrganisationType.objects.create(name="Коммерческая организация", may_author=False))


# --- every reason at once


ALL_REASONS = [
    "Профиль автора «Смирнов",
    "Профиль участника команды «Кузнецов",
    "В команде 2 человека",
    "Не заполнены обязательные поля паспорта",
    "название практики",
    "цель практики",
    "Не загружены обязательные материалы",
    "«Нормативные правовые акты»",
    "обложка карточки практики",
    "не может быть автором практики",
    "принимаются практики, реализованные не ранее 2023 года",
    "Не даны подтверждения",
    "гарантия достоверности сведений",
]


def _violating_practice(region_a, *, with_indicator):
    author = factories.UserFactory(email="bad-author@example.ru", last_name="Смирнов", position="")
    member = factories.UserFactory(last_name="Кузнецов", work_phone="")
    practice = factories.PracticeFactory(author=author, region=region_a, title="", track=Track.AGENCY_REQUEST,
                                         organisation_type=forbidden_org_type(), implementation_year=2022)
    TeamMember.objects.create(practice=practice, user=author, joined_at=timezone.now())
    TeamMember.objects.create(practice=practice, user=member, joined_at=timezone.now())
    if with_indicator:
        practice.rating_indicators.add(qol_indicator())
    return practice


@time_machine.travel(datetime.datetime(2026, 11, 2, 10, tzinfo=datetime.UTC), tick=False)
def test_F_PASS_4_refusal_lists_every_reason_in_one_message(client, region_a):
    """F-PASS-4, F-REF-6: all unmet conditions at once — on the page, in one Bootstrap alert, and
    in the service's refusal; the chosen track stays selected."""
    practice = _violating_practice(region_a, with_indicator=True)
    client.force_login(practice.author)
    response = client.post(reverse("practices:submit", args=[practice.pk]), {"track": Track.AGENCY_REQUEST})
    assert response.status_code == 200
    html = response.content.decode()
    alert = html.split('id="submission-problems"')[1].split("</div>")[0]
    for reason in ALL_REASONS + ["Рейтинг качества жизни", "окно приёма закрыто"]:
        assert reason in alert, reason
    assert 'value="agency_request" checked' in html
    practice.refresh_from_db()
    assert practice.state == PracticeState.DRAFT
    assert not PracticeVersion.objects.filter(practice=practice).exists()

    with pytest.raises(SubmissionRefused) as refused:
        submit_practice(practice, by=practice.author, track=Track.AGENCY_REQUEST)
    assert len(refused.value.messages) == 13  # one sentence per passport section (5 sections here), each linked to it (issue 14 item 5)


def test_F_PASS_4_no_indicator_is_listed_with_the_others(region_a):
    practice = _violating_practice(region_a, with_indicator=False)
    text = " ".join(submission_problems(practice, today=datetime.date(2026, 11, 2)))
    for reason in ALL_REASONS + ["Не выбран ни один показатель рейтингов"]:
        assert reason in text, reason


# --- each reason alone


def _drop_material(kind):
    def change(p):
        p.materials.filter(kind=kind).delete()
    return change


def _set(**values):
    def change(p):
        Practice.objects.filter(pk=p.pk).update(**values)
    return change


def _user_field(which, **values):
    def change(p):
        users = {"author": p.author, "member": p.team.exclude(user=p.author).first().user}
        for name, value in values.items():
            setattr(users[which], name, value)
        users[which].save()
    return change


def _invitations_only(p):
    """The two members turn back into invitations not yet accepted: they do not count."""
    for n, member in enumerate(p.team.exclude(user=p.author)):
        member.user, member.joined_at, member.invited_email = None, None, f"invited{n}@example.ru"
        member.save()


def _other_method(p):
    p.implementation_methods.add(ImplementationMethod.objects.get_or_create(
        name="Другое", defaults={"is_other": True})[0])


SINGLE = {
    "author_profile": (_user_field("author", position=""), "Профиль автора"),
    "member_profile": (_user_field("member", mobile_phone=""), "Профиль участника команды «Петров"),
    "team_under_3": (lambda p: p.team.exclude(user=p.author).first().delete(), "В команде 2 человека"),
    "invitation_not_joined": (_invitations_only, "В команде 1 человек"),
    "field_missing": (_set(goal=""),
                      "Не заполнены обязательные поля паспорта: в разделе «О практике» — цель практики."),
    "tasks_missing": (_set(tasks=[]), "задачи практики"),
    "normative_acts_missing": (_set(normative_acts=""),
                               "в разделе «Внедрение» — нормативные правовые акты и принятые меры"),
    "results_missing": (lambda p: p.results.all().delete(),
                        "в разделе «Аудитория и результаты» — количественные результаты"),
    "other_method_text": (_other_method, "свой вариант способа внедрения («Другое»)"),
    "material_missing": (_drop_material(MaterialKind.ROADMAP), "Планы и «дорожные карты»"),
    "leader_letter": (_set(is_leader_project=True), "Письмо заместителя высшего должностного лица"),
    "cover_missing": (_set(cover=None), "Не загружена обложка карточки практики."),
    "no_indicator": (lambda p: p.rating_indicators.clear(), "Не выбран ни один показатель рейтингов"),
    "org_type": (lambda p: _set(organisation_type=forbidden_org_type())(p), "не может быть автором практики"),
    "too_old": (_set(implementation_year=2022), "реализована в 2022 году"),
    "confirmation": (_set(confirms_accuracy=False), "Не даны подтверждения: гарантия достоверности сведений"),
}


def test_F_PASS_4_complete_practice_has_no_problems(author):
    assert submission_problems(factories.complete_practice(author)) == []


@pytest.mark.parametrize("case", SINGLE)
def test_F_PASS_4_each_reason_alone(author, case):
    change, expected = SINGLE[case]
    practice = factories.complete_practice(author)
    change(practice)
    practice = Practice.objects.get(pk=practice.pk)
    problems = submission_problems(practice, today=datetime.date(2026, 11, 2))
    assert len(problems) == 1, problems
    assert expected in problems[0]


def test_F_PASS_4_three_years_before_publication_is_the_limit(author):
    """2.1.5 p.1: in 2026 a practice implemented in 2023 is accepted, one of 2022 is not."""
    practice = factories.complete_practice(author, implementation_year=2023)
    assert submission_problems(practice, today=datetime.date(2026, 11, 2)) == []
    assert submission_problems(practice, today=datetime.date(2027, 1, 10))


# --- submission windows (F-REF-6, 4.3.1), seeded windows of 2026


@pytest.mark.parametrize("day, is_open", [
    ("2026-02-19", False), ("2026-02-20", True), ("2026-03-10", True), ("2026-05-19", True), ("2026-05-20", False),
])
def test_F_REF_6_quality_of_life_window(author, day, is_open):
    with time_machine.travel(datetime.datetime.fromisoformat(day + "T12:00+03:00"), tick=False):
        practice = factories.complete_practice(author, indicator=qol_indicator())
        problems = submission_problems(practice)
    if is_open:
        assert problems == []
    else:
        assert len(problems) == 1 and "«Рейтинг качества жизни»" in problems[0] and "окно приёма закрыто" in problems[0]


def test_F_REF_6_every_rating_of_the_practice_needs_its_window(author):
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC), tick=False):
        practice = factories.complete_practice(author, indicator=qol_indicator())
        practice.rating_indicators.add(investment_indicator())
        problems = submission_problems(practice)
        assert len(problems) == 1
        assert "«Рейтинг инвестиционной привлекательности»" in problems[0]
        assert "ближайшее окно — с 05.06.2026 по 04.09.2026" in problems[0]
        with pytest.raises(SubmissionRefused):
            submit_practice(practice, by=author, track=Track.REGIONAL_INITIATIVE)


def test_F_REF_6_submit_inside_window(author, coordinator, django_capture_on_commit_callbacks):
    with time_machine.travel(datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC), tick=False):
        practice = factories.complete_practice(author, indicator=qol_indicator())
        with django_capture_on_commit_callbacks(execute=True):
            submit_practice(practice, by=author, track=Track.REGIONAL_INITIATIVE)
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.REGIONAL_REVIEW


# --- a successful submission


def test_F_PASS_4_submit_through_the_page(client, author, coordinator, coordinator_of_other_region,
                                          django_capture_on_commit_callbacks):
    """F-PASS-4, F-PASS-5, F-VAL-8, F-NOTE-1: state, version 1, history, the coordinator's action notice and e-mail."""
    practice = factories.complete_practice(author)
    client.force_login(author)
    page = client.get(reverse("practices:submit", args=[practice.pk]))
    assert "Подать практику" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("practices:submit", args=[practice.pk]), {"track": Track.REGIONAL_INITIATIVE})
    assert response.status_code == 302
    assert response.url == reverse("practices:versions", args=[practice.pk])

    practice.refresh_from_db()
    assert practice.state == PracticeState.REGIONAL_REVIEW
    assert practice.submitted_at is not None
    version = PracticeVersion.objects.get(practice=practice)
    assert version.number == 1
    assert version.data["title"]["value"] == "Бережливая поликлиника"
    assert version.created_by == author
    [transition] = history_for(practice)
    assert (transition.from_state, transition.to_state, transition.by, transition.action) == (
        "draft", "regional_review", author, "submit")
    assert transition.to_label == "Подтверждение регионом"

    notice = Notice.objects.get(recipient=coordinator, kind="practice_submitted")
    assert notice.requires_action and notice.object_id == practice.pk
    assert not Notice.objects.filter(recipient=coordinator_of_other_region).exists()
    assert Notice.objects.filter(recipient=author, kind="practice_submitted_author").exists()
    to = [m.to for m in mail.outbox]
    assert ["coordinator@example.ru"] in to and ["author@example.ru"] in to
    assert ["coordinator-b@example.ru"] not in to


def test_F_PASS_4_submitted_practice_cannot_be_submitted_again(author, coordinator):
    practice = factories.complete_practice(author)
    submit_practice(practice, by=author, track=Track.REGIONAL_INITIATIVE)
    with pytest.raises(PermissionDenied):
        submit_practice(practice, by=author, track=Track.REGIONAL_INITIATIVE)
    assert PracticeVersion.objects.filter(practice=practice).count() == 1


def test_F_PASS_4_only_the_author_submits(client, author, coordinator, outsider):
    practice = factories.complete_practice(author)
    member = practice.team.exclude(user=author).first().user
    for user, status in ((outsider, 404), (coordinator, 403), (member, 403)):  # 404: issue 13 item 14
        client.force_login(user)
        assert client.get(reverse("practices:submit", args=[practice.pk])).status_code == status
        assert client.post(reverse("practices:submit", args=[practice.pk]),
                           {"track": Track.REGIONAL_INITIATIVE}).status_code == status
        with pytest.raises(PermissionDenied):
            submit_practice(practice, by=user, track=Track.REGIONAL_INITIATIVE)
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.DRAFT


def test_F_PASS_4_transition_permission_asks_the_rule(author, outsider):
    from django_fsm import has_transition_perm

    practice = factories.complete_practice(author)
    assert has_transition_perm(practice.submit, author)
    assert not has_transition_perm(practice.submit, outsider)


# --- tracks


def test_F_TRACK_1_non_leader_region_is_warned_not_blocked(client, author, coordinator):
    practice = factories.complete_practice(author)
    client.force_login(author)
    html = client.get(reverse("practices:submit", args=[practice.pk])).content.decode()
    year = timezone.localdate().year
    assert f"нет в реестре регионов-лидеров {year}" in html
    assert "Агентство вправе отказать в рассмотрении заявки (п. 3.1.2)" in html
    assert "Подать практику" in html
    submit_practice(practice, by=author, track=Track.REGIONAL_INITIATIVE)
    assert Practice.objects.get(pk=practice.pk).track == Track.REGIONAL_INITIATIVE


def test_F_TRACK_1_leader_region_is_shown(client, author):
    from regions.models import LeaderRegistryEntry

    year = timezone.localdate().year
    reason = LeaderRegistryEntry._meta.get_field("reason").choices[0][0]
    LeaderRegistryEntry.objects.create(region=author.region, year=year, reason=reason)
    practice = factories.complete_practice(author)
    client.force_login(author)
    html = client.get(reverse("practices:submit", args=[practice.pk])).content.decode()
    assert f"регион-лидер {year}" in html
    assert "вправе отказать" not in html


def test_F_TRACK_2_the_author_submits_and_the_agency_attaches_the_letter(client, author, coordinator):
    """3.2.2, 4.3.2: the commission's letter and protocol go to the Agency, not to the author, so the author
    submits without them and is told that the ASI moderator attaches them (before: the track could never
    be submitted, since no one could upload the letter)."""
    practice = factories.complete_practice(author)
    client.force_login(author)
    html = client.get(reverse("practices:submit", args=[practice.pk]), {"track": Track.STATE_COUNCIL}).content.decode()
    assert "их прикрепит к практике модератор АСИ" in html
    assert "Подать практику</button>" in html
    submit_practice(practice, by=author, track=Track.STATE_COUNCIL)
    practice.refresh_from_db()
    assert (practice.state, practice.track) == (PracticeState.REGIONAL_REVIEW, Track.STATE_COUNCIL)


def test_F_TRACK_2_is_not_bound_to_the_submission_windows_4_3_2(author):
    """4.3.2: recommended practices are published «по факту поступления запроса», not in the 4.3.1 windows."""
    closed = datetime.date(2026, 2, 19)  # the quality-of-life window opens on 20 February 2026
    practice = factories.complete_practice(author, indicator=qol_indicator())
    assert any("окно приёма закрыто" in p for p in submission_problems(practice, today=closed))
    practice.track = Track.STATE_COUNCIL
    assert submission_problems(practice, today=closed) == []


def test_F_TRACK_3_agency_letter_is_the_coordinators(client, author, coordinator):
    practice = factories.complete_practice(author)
    client.force_login(author)
    html = client.get(reverse("practices:submit", args=[practice.pk]), {"track": Track.AGENCY_REQUEST}).content.decode()
    assert "письмо-запрос Агентства загружает региональный координатор" in html
    assert "Подать практику</button>" in html
    response = client.post(reverse("practices:submit", args=[practice.pk]), {"track": Track.AGENCY_REQUEST})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert (practice.state, practice.track) == (PracticeState.REGIONAL_REVIEW, Track.AGENCY_REQUEST)


def test_F_TRACK_1_no_track_chosen_is_refused_at_the_field(client, author):
    practice = factories.complete_practice(author)
    client.force_login(author)
    html = client.post(reverse("practices:submit", args=[practice.pk]), {}).content.decode()
    assert "Выберите трек подачи практики." in html
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.DRAFT


@time_machine.travel(datetime.datetime(2026, 11, 2, 10, tzinfo=datetime.UTC), tick=False)
def test_issue_14_item_5_each_refusal_reason_links_to_where_it_is_fixed(client, region_a):
    """Issue 14 item 5: the refusal lists each unmet condition with a link to the passport section or page
    that fixes it, and «Вернуться к паспорту»."""
    practice = _violating_practice(region_a, with_indicator=False)
    client.force_login(practice.author)
    response = client.post(reverse("practices:submit", args=[practice.pk]), {"track": Track.AGENCY_REQUEST})
    html = response.content.decode()
    alert = html.split('id="submission-problems"')[1].split("</div>")[0]
    edit = reverse("practices:edit_section", args=[practice.pk, "about"])
    assert f'<a href="{edit}" class="alert-link text-nowrap submission-fix">Открыть раздел «О практике» →</a>' in alert
    for url, text in [(reverse("practices:edit_section", args=[practice.pk, "category"]), "Открыть раздел «Категория и показатели»"),
                      (reverse("practices:edit_section", args=[practice.pk, "organisation"]), "Открыть раздел «Организация»"),
                      (reverse("practices:edit_section", args=[practice.pk, "confirmations"]), "Открыть раздел «Подтверждения»"),
                      (reverse("practices:materials", args=[practice.pk]), "Открыть «Материалы»"),
                      (reverse("practices:team", args=[practice.pk]), "Открыть «Команда»")]:
        assert f'href="{url}"' in alert and text in alert, text
    assert f'href="{reverse("practices:edit", args=[practice.pk])}"' in html and "Вернуться к паспорту" in html
