"""Issue 14 item 1, F-PASS-3: the passport section's draft is saved as the author types — partial data is
kept, a refused field is answered at the field without losing the rest, and only those who may edit
the passport may autosave it (404 for whom the draft is hidden, 403 for whom sees it)."""

import pytest
from django.urls import reverse

from practices.models import Practice, PracticeResult, PracticeState, TeamMember
from tests import factories

pytestmark = pytest.mark.django_db


def _practice_of(author, **fields):
    practice = factories.PracticeFactory(author=author, **fields)
    TeamMember.objects.create(practice=practice, user=author)
    return practice


def _autosave(practice, section):
    return reverse("practices:autosave_section", args=[practice.pk, section])


def _audience(**extra):
    return {"audience_main": "", "audience_secondary": "", "results_main": "", "results_additional": "",
            "results-TOTAL_FORMS": "1", "results-INITIAL_FORMS": "0", **extra}


def test_f_pass_3_autosave_keeps_a_partial_section(client, author):
    """Only two fields typed, the section far from complete: both are saved, nothing is refused."""
    practice = _practice_of(author, title="Название", audience_main="", results_main="")
    client.force_login(author)
    response = client.post(_autosave(practice, "audience"),
                           _audience(audience_main="Жители сельских районов", results_main="Очереди короче"))
    assert response.status_code == 200
    answer = response.json()
    assert answer["errors"] == {} and answer["saved_at"]
    assert 'id="passport-nav"' in answer["nav"]
    practice.refresh_from_db()
    assert practice.audience_main == "Жители сельских районов"
    assert practice.results_main == "Очереди короче"
    assert practice.state == PracticeState.DRAFT


def test_f_pass_3_autosave_refuses_a_field_at_the_field_and_keeps_the_rest(client, author):
    practice = _practice_of(author, title="Старое название", goal="")
    client.force_login(author)
    response = client.post(_autosave(practice, "about"),
                           {"title": "Я" * 111, "goal": "Сократить очереди", "tasks": ["Задача А"], "essence": ""})
    answer = response.json()
    assert response.status_code == 200
    assert "не более 110 символов" in answer["errors"]["title"][0]
    practice.refresh_from_db()
    assert practice.title == "Старое название"  # the refused field keeps its saved value
    assert practice.goal == "Сократить очереди" and practice.tasks == ["Задача А"]


def test_f_pass_3_autosave_of_a_new_row_twice_creates_it_once(client, author):
    """A half-typed row waits (its error at the field); once valid it is created and its id returned; the
    next autosave with that id updates it; clearing it deletes it."""
    practice = _practice_of(author)
    client.force_login(author)
    url = _autosave(practice, "audience")
    answer = client.post(url, _audience(audience_main="Пациенты", **{"results-0-indicator": "Время ожидания"})).json()
    assert "results-0-value_before" in answer["errors"]
    assert not PracticeResult.objects.exists()
    assert Practice.objects.get(pk=practice.pk).audience_main == "Пациенты"

    row = {"results-0-indicator": "Время ожидания", "results-0-value_before": "45", "results-0-value_after": "15"}
    answer = client.post(url, _audience(**row)).json()
    created = PracticeResult.objects.get(practice=practice)
    assert answer["created"] == {"results": {"0": created.pk}}
    client.post(url, _audience(**{**row, "results-0-id": str(created.pk), "results-0-value_after": "10"}))
    assert list(PracticeResult.objects.filter(practice=practice).values_list("pk", "value_after")) == [
        (created.pk, 10)]
    client.post(url, _audience(**{"results-0-id": str(created.pk)}))
    assert not PracticeResult.objects.filter(practice=practice).exists()


def test_f_pass_3_autosave_ignores_a_row_id_of_another_practice(client, author):
    practice = _practice_of(author)
    other = factories.PracticeFactory(author=factories.UserFactory(email="other@example.ru"))
    foreign = PracticeResult.objects.create(practice=other, indicator="Чужой", value_before=1, value_after=2)
    client.force_login(author)
    client.post(_autosave(practice, "audience"), _audience(**{
        "results-0-id": str(foreign.pk), "results-0-indicator": "Свой", "results-0-value_before": "1",
        "results-0-value_after": "2"}))
    foreign.refresh_from_db()
    assert foreign.indicator == "Чужой" and foreign.practice == other
    assert PracticeResult.objects.get(practice=practice).indicator == "Свой"


@pytest.fixture
def member_of_other_practice(db):
    user = factories.UserFactory(email="other-member@example.ru")
    other = factories.PracticeFactory(author=factories.UserFactory(email="other-author@example.ru"))
    TeamMember.objects.create(practice=other, user=user)
    return user


@pytest.mark.parametrize("who, status", [("outsider", 404), ("member_of_other_practice", 404),
                                         ("coordinator_of_other_region", 404), ("coordinator", 403),
                                         ("asi_moderator", 403), ("anonymous", 302)])
def test_f_pass_3_autosave_refuses_another_user(client, author, who, status, request):
    """The same rule as the editor (``edit_passport``, role and object): 404 for who may not know the draft
    exists, 403 for who sees it but may not edit; nothing is written."""
    practice = _practice_of(author, audience_main="Прежний текст")
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.post(_autosave(practice, "audience"), _audience(audience_main="Чужой текст"))
    assert response.status_code == status
    if status == 403:
        assert "Редактировать паспорт практики могут только" in response.json()["error"]
    assert Practice.objects.get(pk=practice.pk).audience_main == "Прежний текст"


def test_f_pass_3_autosave_refused_once_the_practice_is_submitted(client, author):
    practice = _practice_of(author, audience_main="Прежний текст")
    Practice.objects.filter(pk=practice.pk).update(state=PracticeState.REGIONAL_REVIEW)
    client.force_login(author)
    response = client.post(_autosave(practice, "audience"), _audience(audience_main="Новый текст"))
    assert response.status_code == 403
    assert Practice.objects.get(pk=practice.pk).audience_main == "Прежний текст"


def test_f_pass_3_autosave_is_post_only_and_knows_the_sections(client, author):
    practice = _practice_of(author)
    client.force_login(author)
    assert client.get(_autosave(practice, "audience")).status_code == 405
    assert client.post(_autosave(practice, "nonsense"), {}).status_code == 404


def test_f_pass_3_editor_form_asks_for_autosave_and_keeps_drafts(client, author):
    practice = _practice_of(author)
    client.force_login(author)
    page = client.get(reverse("practices:edit_section", args=[practice.pk, "audience"])).content.decode()
    assert f'data-autosave-url="{_autosave(practice, "audience")}"' in page
    assert f'data-draft-key="passport-{practice.pk}-audience-{author.pk}"' in page
    assert "/static/js/drafts.js" in page
