"""F-ACC-4 practice team: add registered users, invite by e-mail, join on registration, mentors,
completeness (2.1.5 p.5) and who may see or change the team."""

import pytest
from django.core import mail
from django.urls import reverse

from practices.models import OrganisationType, TeamMember
from practices.team.completeness import team_missing
from smarteka.accounts import services as account_services
from smarteka.notifications.models import Notice
from smarteka.roles.models import Role
from tests import factories


@pytest.fixture
def practice(author, category_a):
    return factories.PracticeFactory(author=author, category=category_a)


@pytest.fixture
def author_client(client, author):
    client.force_login(author)
    return client


def team_url(practice):
    return reverse("practices:team", args=[practice.pk])


def test_f_acc_4_team_page_shows_help_and_author(author_client, practice, author):
    page = author_client.get(team_url(practice)).content.decode()
    assert "Добавить члена команды к практике можно двумя способами" in page  # Прил.2 item 19 verbatim
    assert author.full_name in page and "автор" in page


def test_f_acc_4_search_and_add_registered_user(author_client, practice):
    colleague = factories.UserFactory(last_name="Петрова", first_name="Анна", email="petrova@example.ru")
    unverified = factories.UserFactory(last_name="Петров", email_verified_at=None)
    page = author_client.get(team_url(practice), {"q": "Петров"}).content.decode()
    found = page.split('id="team-found"')[1].split("</ul>")[0]
    # found by name, shown with position and organisation, never with an e-mail (issue 14, item 2)
    assert colleague.full_name in found and "Министерство экономического развития" in found
    assert "petrova@example.ru" not in page and unverified.full_name not in found
    response = author_client.post(reverse("practices:team_add", args=[practice.pk]), {"user": colleague.pk})
    assert response.status_code == 302
    member = practice.team.get(user=colleague)
    assert member.joined_at is not None
    assert Notice.objects.filter(recipient=colleague, kind="practice_team_added").exists()


def test_f_acc_4_unverified_user_cannot_be_added(author_client, practice):
    unverified = factories.UserFactory(email_verified_at=None)
    author_client.post(reverse("practices:team_add", args=[practice.pk]), {"user": unverified.pk})
    assert not practice.team.exists()


def test_f_acc_4_invitation_email_sent_and_invited_person_joins_on_registration(
        author_client, practice, author, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = author_client.post(reverse("practices:team_invite", args=[practice.pk]),
                                      {"email": "new.member@example.ru"})
    assert response.status_code == 302
    invitation = practice.team.get(invited_email="new.member@example.ru")
    assert invitation.user is None and invitation.invited_by == author and invitation.invited_at
    letters = [m for m in mail.outbox if m.to == ["new.member@example.ru"]]
    assert len(letters) == 1
    assert "Приглашение в команду практики «Бережливая поликлиника»" in letters[0].subject
    assert "/accounts/register/?email=new.member%40example.ru" in letters[0].body
    assert "приглашений, ещё не принятых: 1" in team_missing(practice)[0]

    user = account_services.register_user(email="new.member@example.ru", password="Smarteka-2026!",
                                          last_name="Сидорова", first_name="Мария")
    assert practice.team.get(invited_email="new.member@example.ru").user is None  # not verified yet
    author_client.logout()
    response = author_client.get(reverse("accounts:verify_email", args=[account_services.verification_token(user)]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.user == user and invitation.joined_at is not None
    # she now sees the team, read-only
    page = author_client.get(team_url(practice))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Сидорова Мария" in text and 'id="team-invite"' not in text


def test_f_acc_4_inviting_a_registered_email_adds_at_once(author_client, practice):
    colleague = factories.UserFactory(email="colleague@example.ru")
    author_client.post(reverse("practices:team_invite", args=[practice.pk]), {"email": "Colleague@example.ru"})
    assert practice.team.get().user == colleague


def test_f_acc_4_bad_invite_email_refused_at_field(author_client, practice):
    response = author_client.post(reverse("practices:team_invite", args=[practice.pk]), {"email": "не почта"})
    assert response.status_code == 400
    assert "Введите правильный адрес электронной почты." in response.content.decode()
    assert 'value="не почта"' in response.content.decode()


def test_f_acc_4_team_under_three_listed(practice):
    assert team_missing(practice) == [
        "В команде 1 человек вместе с автором, а нужно не менее 3 зарегистрированных участников (п. 2.1.5 Регламента)."]
    TeamMember.objects.create(practice=practice, user=factories.UserFactory())
    assert "В команде 2 человека" in team_missing(practice)[0]
    TeamMember.objects.create(practice=practice, user=factories.UserFactory())
    assert team_missing(practice) == []


def test_f_acc_4_incomplete_member_listed_with_what_is_missing(practice):
    TeamMember.objects.create(practice=practice, user=factories.UserFactory())
    TeamMember.objects.create(practice=practice, user=factories.UserFactory(
        last_name="Кузнецов", first_name="Пётр", middle_name="", position="", mobile_phone="", photo=""))
    problems = team_missing(practice)
    assert len(problems) == 1
    assert problems[0].startswith("Профиль участника команды «Кузнецов Пётр» заполнен не полностью")
    assert "не указано — должность, мобильный телефон" in problems[0]  # lower case (issue 14 item 9)


def test_f_acc_4_mentor_and_remove(author_client, practice, author):
    member = TeamMember.objects.create(practice=practice, user=factories.UserFactory())
    author_client.post(reverse("practices:team_mentor", args=[practice.pk, member.pk]), {"is_mentor": "on"})
    member.refresh_from_db()
    assert member.is_mentor
    author_row = TeamMember.objects.create(practice=practice, user=author)
    author_client.post(reverse("practices:team_remove", args=[practice.pk, author_row.pk]))
    assert TeamMember.objects.filter(pk=author_row.pk).exists()  # the author cannot remove themselves
    author_client.post(reverse("practices:team_remove", args=[practice.pk, member.pk]))
    assert not TeamMember.objects.filter(pk=member.pk).exists()


def test_f_acc_4_member_read_only_outsider_403(client, practice, outsider):
    member_user = factories.UserFactory()
    member = TeamMember.objects.create(practice=practice, user=member_user)
    client.force_login(member_user)
    assert client.get(team_url(practice)).status_code == 200
    assert client.post(reverse("practices:team_invite", args=[practice.pk]), {"email": "x@example.ru"}).status_code == 403
    assert client.post(reverse("practices:team_remove", args=[practice.pk, member.pk])).status_code == 403
    client.force_login(outsider)  # may not know the draft exists: 404, not 403 (issue 13 item 14)
    assert client.get(team_url(practice)).status_code == 404
    assert client.post(reverse("practices:team_add", args=[practice.pk]), {"user": outsider.pk}).status_code == 404
    assert not practice.team.filter(user=outsider).exists()


def test_f_acc_4_asi_moderator_may_change_team(client, practice, asi_moderator):
    client.force_login(asi_moderator)
    colleague = factories.UserFactory()
    client.post(reverse("practices:team_add", args=[practice.pk]), {"user": colleague.pk})
    assert practice.team.filter(user=colleague).exists()


def test_f_acc_4_team_search_shows_no_one_beyond_need_issue_14_item_2(author_client, practice, category_a,
                                                                      region_b, asi_moderator):
    """152-ФЗ: before, «?q=demo» listed users of every region and role with their e-mails. Now a colleague is
    found by name only among verified users of the practice's region whose organisation may take part, or
    by the exact e-mail; no e-mail is shown; an expert of the practice's category cannot be added."""
    same_region = factories.UserFactory(last_name="Соколова", email="sokolova@example.ru")
    elsewhere = factories.UserFactory(last_name="Соколов", email="sokolov@example.ru", region=region_b)
    municipal = factories.UserFactory(last_name="Соколовский", email="sokolovsky@example.ru",
                                      organisation_type=OrganisationType.objects.filter(may_author=False).first())
    expert = factories.UserFactory(last_name="Соколенко", email="sokolenko@example.ru")
    factories.grant(expert, Role.EXPERT, category=practice.category)
    page = author_client.get(team_url(practice), {"q": "Сокол"}).content.decode()
    found = page.split('id="team-found"')[1].split("</ul>")[0]
    assert same_region.full_name in found
    for hidden in (elsewhere, municipal, expert, asi_moderator):
        assert hidden.full_name not in found
    assert "@example.ru" not in found
    # by a part of an e-mail: nobody; by the exact e-mail: that person, wherever they work
    assert 'id="team-found-none"' in author_client.get(team_url(practice), {"q": "example.ru"}).content.decode()
    exact = author_client.get(team_url(practice), {"q": "SOKOLOV@example.ru"}).content.decode()
    assert elsewhere.full_name in exact.split('id="team-found"')[1].split("</ul>")[0]
    response = author_client.post(reverse("practices:team_add", args=[practice.pk]), {"user": expert.pk},
                                  follow=True)
    assert "не может входить в команду" in response.content.decode()
    assert not practice.team.filter(user=expert).exists()
