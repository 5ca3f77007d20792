"""F-PASS-1, F-PASS-3: creating a practice, editing the passport by sections, completeness, preview,
«Мои практики»."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from practices.models import (
    Category,
    CostRange,
    ImplementationMethod,
    Practice,
    PracticeResult,
    PracticeState,
    RatingIndicator,
    TeamMember,
    ThirdParty,
)
from practices.passport.completeness import SECTIONS, missing_by_section
from smarteka.roles.models import Role
from tests import factories

pytestmark = pytest.mark.django_db

SECTION_SLUGS = [slug for slug, _ in SECTIONS]


def _practice_of(author, **fields):
    practice = factories.PracticeFactory(author=author, **fields)
    TeamMember.objects.create(practice=practice, user=author)
    return practice


def _url(practice, section):
    return reverse("practices:edit_section", args=[practice.pk, section])


def _set_state(practice, state):
    Practice.objects.filter(pk=practice.pk).update(state=state)
    practice.refresh_from_db()


# --- F-PASS-1: «Новая практика»


def test_f_pass_1_author_creates_a_draft_of_their_region_with_organisation_and_team(client, author):
    client.force_login(author)
    assert "Создать черновик практики" in client.get(reverse("practices:create")).content.decode()
    response = client.post(reverse("practices:create"))
    practice = Practice.objects.get(author=author)
    assert response.status_code == 302 and response["Location"] == _url(practice, "about")
    assert practice.state == PracticeState.DRAFT
    assert practice.region == author.region
    assert practice.organisation_type == author.organisation_type
    assert practice.organisation_name == author.organisation_name
    member = TeamMember.objects.get(practice=practice)
    assert member.user == author and member.joined_at is not None


@pytest.mark.parametrize("method", ["get", "post"])
def test_f_pass_1_user_without_author_role_gets_403_pointing_to_passport_access(client, outsider, coordinator,
                                                                                method):
    for user in (outsider, coordinator):
        client.force_login(user)
        response = getattr(client, method)(reverse("practices:create"))
        assert response.status_code == 403
        text = response.content.decode()
        assert "Доступ к паспорту" in text and reverse("accounts:access") in text
    assert not Practice.objects.exists()


def test_f_pass_1_anonymous_is_sent_to_login(client):
    response = client.get(reverse("practices:create"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


# --- F-PASS-3: each section saves on its own


def _section_data(section):
    category = Category.objects.filter(category_set__is_current=True, is_unknown=False).first()
    indicator = RatingIndicator.objects.first()
    other = ImplementationMethod.objects.get(is_other=True)
    this_year = datetime.date.today().year
    return {
        "about": {"title": "Бережливая поликлиника", "goal": "Сократить очереди", "tasks": ["Задача А", "", "Задача Б"],
                  "essence": "«Бережливая поликлиника» – это …"},
        "audience": {"audience_main": "Пациенты", "audience_secondary": "Врачи", "results_main": "Очереди короче",
                     "results_additional": "", "results-TOTAL_FORMS": "1", "results-INITIAL_FORMS": "0",
                     "results-0-indicator": "Время ожидания", "results-0-unit": "мин",
                     "results-0-value_before": "45", "results-0-date_before": "2022-01-01",
                     "results-0-value_after": "15", "results-0-date_after": "2024-01-01",
                     "results-0-source": "Минздрав"},
        "category": {"category": str(category.pk), "rating_indicators": [str(indicator.pk)]},
        "organisation": {"organisation_type": str(factories.author_org_type().pk),
                         "organisation_name": "Минздрав Амурской области"},
        "implementation": {"implementation_year": str(this_year - 1), "is_leader_project": "on",
                           "cost_range": str(CostRange.objects.first().pk),
                           "implementation_methods": [str(other.pk)], "implementation_method_other": "Свой путь",
                           "roadmap_steps": ["Шаг 1", "Шаг 2"], "normative_acts": "Приказ № 1",
                           "months_to_launch": "6", "specifics": "Сезонность", "support_offered": "Обучение",
                           "third_parties-TOTAL_FORMS": "1", "third_parties-INITIAL_FORMS": "0",
                           "third_parties-0-name": "Фонд", "third_parties-0-terms": "Соглашение",
                           "third_parties-0-responsibility": "Обучение"},
        "confirmations": {"confirms_criteria": "on", "confirms_accuracy": "on", "confirms_consulting": "on"},
    }[section]


@pytest.mark.parametrize("section", SECTION_SLUGS)
def test_f_pass_3_each_section_saves_on_its_own_and_then_shows_nothing_missing(client, author, section):
    practice = _practice_of(author, title="")
    client.force_login(author)
    assert section in missing_by_section(practice) and missing_by_section(practice)[section]
    response = client.post(_url(practice, section), _section_data(section))
    assert response.status_code == 302
    practice.refresh_from_db()
    assert missing_by_section(practice)[section] == []
    page = client.get(_url(practice, section)).content.decode()
    assert "Черновик сохранён" in page and "Раздел заполнен для подачи" in page


def test_f_pass_3_saved_values_are_in_the_database(client, author):
    practice = _practice_of(author, title="")
    client.force_login(author)
    for section in SECTION_SLUGS:
        client.post(_url(practice, section), _section_data(section))
    practice.refresh_from_db()
    assert practice.title == "Бережливая поликлиника"
    assert practice.tasks == ["Задача А", "Задача Б"]
    assert practice.roadmap_steps == ["Шаг 1", "Шаг 2"]
    assert practice.is_leader_project and practice.months_to_launch == 6
    assert practice.rating_indicators.count() == 1
    assert PracticeResult.objects.get(practice=practice).value_after == 15
    assert ThirdParty.objects.get(practice=practice).name == "Фонд"
    assert all(not items for items in missing_by_section(practice).values())


def test_f_pass_3_list_rows_are_changed_deleted_and_added_at_the_end(client, author):
    """save_section takes the cleaned values: a changed row is updated, a row marked for deletion goes,
    an unchanged row stays as it was, a new row is appended after the last remaining ``order``."""
    practice = _practice_of(author, title="")
    kept, changed, removed = (PracticeResult.objects.create(practice=practice, indicator=name, value_before=1,
                                                            value_after=2, order=order)
                              for order, name in enumerate(["Оставить", "Изменить", "Удалить"]))
    data = {**_section_data("audience"), "results-TOTAL_FORMS": "4", "results-INITIAL_FORMS": "3"}
    for i, row in enumerate([kept, changed, removed]):
        data.update({f"results-{i}-id": str(row.pk), f"results-{i}-practice": str(practice.pk),
                     f"results-{i}-indicator": row.indicator, f"results-{i}-value_before": "1",
                     f"results-{i}-value_after": "2", f"results-{i}-unit": "", f"results-{i}-source": ""})
    data["results-1-value_after"] = "7"
    data["results-2-DELETE"] = "on"
    data.update({"results-3-indicator": "Новый", "results-3-value_before": "3", "results-3-value_after": "4"})
    for key in [k for k in data if k.startswith("results-0-") and k.endswith(("date_before", "date_after"))]:
        del data[key]
    client.force_login(author)
    assert client.post(_url(practice, "audience"), data).status_code == 302
    rows = list(PracticeResult.objects.filter(practice=practice).order_by("order"))
    assert [(r.indicator, r.value_after, r.order) for r in rows] == [("Оставить", 2, 0), ("Изменить", 7, 1),
                                                                      ("Новый", 4, 2)]
    assert rows[0].pk == kept.pk and rows[1].pk == changed.pk


def test_f_pass_3_htmx_save_returns_the_section_and_the_navigation(client, author):
    practice = _practice_of(author, title="")
    client.force_login(author)
    response = client.post(_url(practice, "about"), _section_data("about"), HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert response.status_code == 200
    assert 'id="section-panel"' in text and "Черновик сохранён в" in text
    assert 'id="passport-nav"' in text and 'hx-swap-oob="true"' in text
    assert "<html" not in text
    assert Practice.objects.get(pk=practice.pk).title == "Бережливая поликлиника"


def test_f_pass_3_draft_saves_with_missing_fields(client, author):
    practice = _practice_of(author, title="")
    client.force_login(author)
    response = client.post(_url(practice, "about"), {"goal": "Только цель"})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.goal == "Только цель"
    page = client.get(_url(practice, "about")).content.decode()
    assert "Не заполнено:" in page and "название практики" in page and "суть практики" in page


# --- F-PASS-3: refused input keeps everything typed, with the Russian message at the field


def test_f_pass_3_too_long_title_is_refused_at_the_field_and_keeps_all_typed(client, author):
    practice = _practice_of(author, title="Старое название")
    client.force_login(author)
    data = {**_section_data("about"), "title": "Я" * 111}
    response = client.post(_url(practice, "about"), data)
    text = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_title_error"' in text
    assert "не более 110 символов с пробелами (сейчас 111)" in text
    assert "Я" * 111 in text and "Сократить очереди" in text and "Задача А" in text and "Задача Б" in text
    assert Practice.objects.get(pk=practice.pk).title == "Старое название"


@pytest.mark.parametrize("field, value, message", [
    ("implementation_year", "1800", "Укажите год от 1990 до"),
    ("implementation_year", str(datetime.date.today().year + 1), "Укажите год от 1990 до"),
    ("months_to_launch", "0", "целое число от 1 до 600"),
    ("months_to_launch", "пять", "Введите целое число"),
    ("implementation_method_other", "", "напишите свой вариант способа внедрения"),
])
def test_f_pass_3_implementation_refuses_bad_values_at_the_field_and_keeps_the_rest(client, author, field,
                                                                                    value, message):
    practice = _practice_of(author, title="")
    client.force_login(author)
    data = {**_section_data("implementation"), field: value}
    response = client.post(_url(practice, "implementation"), data)
    text = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in text and message in text
    assert "Раздел не сохранён" in text
    for kept in ("Шаг 1", "Шаг 2", "Приказ № 1", "Сезонность", "Фонд", "Соглашение"):
        assert kept in text
    assert Practice.objects.get(pk=practice.pk).normative_acts == ""


def test_f_pass_3_half_filled_result_row_is_refused_at_the_field(client, author):
    practice = _practice_of(author, title="")
    client.force_login(author)
    data = {**_section_data("audience"), "results-0-value_after": ""}
    text = client.post(_url(practice, "audience"), data).content.decode()
    assert "Укажите значение «после»." in text and "Время ожидания" in text and "Очереди короче" in text
    assert not PracticeResult.objects.exists()


# --- F-PASS-3: only the author and the team edit, only in draft or revision


@pytest.fixture
def member_of_other_practice(db):
    user = factories.UserFactory(email="other-member@example.ru")
    other = factories.PracticeFactory(author=factories.UserFactory(email="other-author@example.ru"))
    TeamMember.objects.create(practice=other, user=user)
    return user


@pytest.mark.parametrize("section", SECTION_SLUGS)
@pytest.mark.parametrize("who, status", [("outsider", 404), ("coordinator", 403), ("member_of_other_practice", 404),
                                         ("coordinator_of_other_region", 404), ("asi_moderator", 403)])
def test_f_pass_3_others_get_403_on_every_section(client, author, section, who, status, request):
    """403 for those who see the draft (the region's coordinator, the ASI moderator), 404 for those who may
    not know it exists (issue 13 item 14)."""
    practice = _practice_of(author, title="Название")
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url(practice, section)).status_code == status
    response = client.post(_url(practice, section), _section_data(section))
    assert response.status_code == status
    if status == 403:
        assert "Редактировать паспорт практики могут только" in response.content.decode()
    assert Practice.objects.get(pk=practice.pk).title == "Название"


def test_f_pass_3_team_member_edits_the_passport(client, author):
    practice = _practice_of(author, title="")
    member = factories.UserFactory(email="member@example.ru")
    TeamMember.objects.create(practice=practice, user=member)
    client.force_login(member)
    assert client.post(_url(practice, "about"), _section_data("about")).status_code == 302
    assert Practice.objects.get(pk=practice.pk).title == "Бережливая поликлиника"


@pytest.mark.parametrize("state, allowed", [(PracticeState.REVISION, True), (PracticeState.REGIONAL_REVIEW, False),
                                            (PracticeState.PUBLISHED, False)])
def test_f_pass_3_author_edits_only_in_draft_or_revision(client, author, state, allowed):
    practice = _practice_of(author)
    _set_state(practice, state)
    client.force_login(author)
    assert client.get(_url(practice, "about")).status_code == (200 if allowed else 403)


def test_f_pass_3_unknown_section_is_404(client, author):
    practice = _practice_of(author)
    client.force_login(author)
    assert client.get(_url(practice, "nonsense")).status_code == 404


# --- completeness (F-PASS-3, used by F-PASS-4)


def test_f_pass_3_missing_by_section_lists_what_is_missing(author):
    practice = _practice_of(author, title="", tasks=["  "])
    missing = missing_by_section(practice)
    assert list(missing) == SECTION_SLUGS
    assert "название практики" in missing["about"] and "задачи практики (хотя бы одна)" in missing["about"]
    assert "показатели рейтингов (хотя бы один)" in missing["category"]
    assert "главные результаты" in missing["audience"]
    assert len(missing["confirmations"]) == 3
    practice.implementation_methods.set([ImplementationMethod.objects.get(is_other=True)])
    assert "свой вариант способа внедрения («Другое»)" in missing_by_section(practice)["implementation"]
    practice.implementation_method_other = "Свой путь"
    assert "свой вариант способа внедрения («Другое»)" not in missing_by_section(practice)["implementation"]


def test_f_pass_3_navigation_shows_completeness_per_section(client, author):
    practice = _practice_of(author, title="")
    client.force_login(author)
    client.post(_url(practice, "confirmations"), _section_data("confirmations"))
    text = client.get(_url(practice, "about")).content.decode()
    assert 'title="Раздел заполнен"' in text  # confirmations ✓
    assert 'title="Не заполнено: название практики, цель практики' in text


# --- preview (F-PASS-3)


def test_f_pass_3_preview_shows_the_card_and_the_page(client, author, coordinator, outsider):
    practice = _practice_of(author, title="Бережливая поликлиника", goal="Сократить очереди в поликлиниках",
                            tasks=["Задача А"], category=factories.category())
    client.force_login(author)
    text = client.get(reverse("practices:preview", args=[practice.pk])).content.decode()
    assert 'id="preview-card"' in text and 'class="card h-100 practice-card' in text
    assert "Бережливая поликлиника" in text and "Сократить очереди в поликлиниках" in text
    assert practice.region.name in text and practice.category.name in text and "Задача А" in text
    client.force_login(coordinator)
    assert client.get(reverse("practices:preview", args=[practice.pk])).status_code == 200
    client.force_login(outsider)  # may not know the draft exists (issue 13 item 14)
    assert client.get(reverse("practices:preview", args=[practice.pk])).status_code == 404


def test_f_pass_3_preview_for_moderators(client, author, asi_moderator, expert_moderator,
                                         expert_moderator_of_other_category, coordinator_of_other_region):
    practice = _practice_of(author, category=factories.category("zdravookhranenie"))
    url = reverse("practices:preview", args=[practice.pk])
    # who may not see the draft gets 404, not 403 (issue 13 item 14)
    for user, status in ((asi_moderator, 200), (expert_moderator, 200), (expert_moderator_of_other_category, 404),
                         (coordinator_of_other_region, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status, user


# --- «Мои практики» (issue 5 item 7)


def test_my_practices_lists_state_in_russian_awaited_and_deadline(client, author, production_calendar):
    from smarteka.deadlines.models import Deadline

    draft = _practice_of(author, title="Черновая практика")
    returned = _practice_of(author, title="Возвращённая практика")
    _set_state(returned, PracticeState.REVISION)
    Deadline.objects.create(kind="generic", content_type=ContentType.objects.get_for_model(Practice),
                            object_id=returned.pk, starts_on=datetime.date.today(),
                            due_on=datetime.date.today() + datetime.timedelta(days=10))
    in_review = _practice_of(author, title="На проверке")
    _set_state(in_review, PracticeState.REGIONAL_REVIEW)
    someone_elses = factories.PracticeFactory(author=factories.UserFactory(email="x@example.ru"), title="Чужая")
    joined = factories.PracticeFactory(author=factories.UserFactory(email="y@example.ru"), title="Командная")
    TeamMember.objects.create(practice=joined, user=author)

    client.force_login(author)
    text = client.get(reverse("practices:my")).content.decode()
    assert "Черновая практика" in text and "Черновик" in text and "Заполните паспорт" in text
    assert "Возвращённая практика" in text and "На доработке" in text and "Требует доработки" in text
    due = (datetime.date.today() + datetime.timedelta(days=10)).strftime("%d.%m.%Y")
    assert f"до {due}" in text and "осталось рабочих дней:" in text
    assert "Подтверждение регионом" in text and "Ожидает подтверждения региона" in text
    assert "Командная" in text and "вы в команде" in text
    assert "Чужая" not in text
    assert draft.pk and someone_elses.pk


def test_my_practices_is_linked_from_the_user_menu(client, author):
    client.force_login(author)
    assert reverse("practices:my") in client.get(reverse("accounts:profile")).content.decode()


def test_author_role_is_needed_for_the_new_practice_button(client, outsider, author):
    client.force_login(outsider)
    assert "Новая практика" not in client.get(reverse("practices:my")).content.decode()
    factories.grant(outsider, Role.AUTHOR, region=outsider.region)
    assert "Новая практика" in client.get(reverse("practices:my")).content.decode()
