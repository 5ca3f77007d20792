"""Issue 13 items 15 and 16: the team works where the regulation says (1.9, Прил.2 item 8) and stays at
three or more after submission (2.1.5 p.5). F-ACC-4, F-PASS-4."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from practices.models import OrganisationType, PracticeState, TeamMember, Track
from practices.services import submit_practice
from practices.submission.completeness import submission_problems
from practices.team.completeness import team_missing
from practices.team.services import add_member, invite, remove_member
from tests import factories

pytestmark = pytest.mark.django_db


def municipal_org_type():
    """A type that is neither a regional executive body nor its subordinate organisation (seed 0003)."""
    return (OrganisationType.objects.filter(may_author=False).order_by("order").first()
            or OrganisationType.objects.create(name="Орган местного самоуправления", may_author=False))


# --- item 15: every team member works for a regional executive body or its subordinate organisation


def test_f_acc_4_1_9_member_of_a_municipal_body_is_a_submission_problem_naming_who_and_why(author):
    kind = municipal_org_type()
    outsider_member = factories.UserFactory(last_name="Кузнецов", first_name="Пётр", middle_name="",
                                            organisation_type=kind)
    practice = factories.complete_practice(author, factories.UserFactory(), outsider_member)
    expected = (f"Участник команды «Кузнецов Пётр» — сотрудник организации типа «{kind.name}»: в команду "
                "практики входят только сотрудники исполнительного органа субъекта Российской Федерации или "
                "подведомственной ему организации (п. 1.9 Регламента).")
    assert any(p.startswith(expected) for p in team_missing(practice))
    assert any(p.startswith(expected) for p in submission_problems(practice))
    with pytest.raises(ValidationError) as refused:
        submit_practice(practice, by=author, track=Track.REGIONAL_INITIATIVE)
    assert any(m.startswith(expected) for m in refused.value.messages)
    # the member corrects the profile: nothing is left
    outsider_member.organisation_type = factories.author_org_type()
    outsider_member.save()
    assert submission_problems(practice) == []


def test_f_acc_4_1_9_the_author_is_named_too(author):
    practice = factories.complete_practice(author)
    author.organisation_type = municipal_org_type()
    author.save()
    practice.refresh_from_db()
    problems = team_missing(practice)
    assert any(p.startswith(f"Автор практики «{author.full_name}» — сотрудник организации типа") for p in problems)


def test_f_acc_4_1_9_member_is_added_and_the_team_page_says_why_it_cannot_be_submitted(client, author):
    """Choice (docstring of practices.team.completeness): adding is not refused — an invited person has
    no profile yet, and a profile may still be corrected — the team page names the problem at once."""
    practice = factories.PracticeFactory(author=author)
    member = factories.UserFactory(last_name="Кузнецов", first_name="Пётр", middle_name="",
                                   organisation_type=municipal_org_type())
    add_member(practice, by=author, user=member)
    client.force_login(author)
    page = client.get(reverse("practices:team", args=[practice.pk])).content.decode()
    assert "Участник команды «Кузнецов Пётр» — сотрудник организации типа" in page


# --- item 16: the team stays at three or more after submission (2.1.5 p.5)


@pytest.mark.parametrize("state", [PracticeState.REGIONAL_REVIEW, PracticeState.EXPERT_REVIEW,
                                   PracticeState.PUBLISHED])
def test_f_acc_4_2_1_5_p5_removing_a_member_below_three_is_refused_under_review_and_published(
        client, practice_in, author, asi_moderator, state):
    practice = practice_in(state)
    member = practice.team.exclude(user=author).first()
    for by in (author, asi_moderator):
        with pytest.raises(ValidationError) as refused:
            remove_member(member, by=by)
        assert refused.value.messages[0].startswith("Нельзя удалить участника: практика подана")
        assert "не менее 3 человек вместе с автором (п. 2.1.5, подп. 5 Регламента)" in refused.value.messages[0]
    client.force_login(author)
    response = client.post(reverse("practices:team_remove", args=[practice.pk, member.pk]), follow=True)
    assert "Нельзя удалить участника" in response.content.decode()
    assert TeamMember.objects.filter(pk=member.pk).exists()


def test_f_acc_4_2_1_5_p5_a_fourth_member_or_an_invitation_may_go_under_review(practice_in, author):
    practice = practice_in(PracticeState.REGIONAL_REVIEW)
    invitation = invite(practice, by=author, email="new-member@example.ru")
    remove_member(invitation, by=author)  # an invitation is not a person of the team yet
    fourth = add_member(practice, by=author, user=factories.UserFactory())
    member = practice.team.exclude(user=author).exclude(pk=fourth.pk).first()
    remove_member(member, by=author)
    assert not TeamMember.objects.filter(pk=member.pk).exists()
    with pytest.raises(ValidationError):
        remove_member(fourth, by=author)  # back at three


def test_f_acc_4_2_1_5_p5_draft_and_revision_may_drop_below_three(practice_in, author):
    for state in (PracticeState.DRAFT, PracticeState.REVISION):
        practice = practice_in(state)
        member = practice.team.exclude(user=author).first()
        remove_member(member, by=author)
        assert not TeamMember.objects.filter(pk=member.pk).exists()
