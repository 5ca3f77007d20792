"""Reference data seeded by practices' data migrations (F-REF-2, F-REF-3, F-REF-5, F-REF-6, F-REF-7)."""

import datetime

import pytest
from django.urls import reverse

from practices.models import (
    LEVEL_DESCRIPTIONS,
    Category,
    CategoryResponsibleBody,
    CategorySet,
    CostRange,
    EventFormat,
    ImplementationMethod,
    Level,
    OrganisationType,
    Rating,
    RatingIndicator,
    SubmissionWindow,
)

pytestmark = pytest.mark.django_db

# Copied from REFERENCE_LISTS.md §1 (4.1.4), the text after the dash, without the list's «;».
HEALTH_DEFINITION = ("практики, направленные на доступность и качество медицинской помощи, укрепление здоровья, "
                     "снижение смертности, совершенствование мер профилактики и реабилитации пациентов")
CREATIVE_DEFINITION = "практики разработки и интеграции системных инструментов для развития креативных индустрий"
BUSINESS_DEFINITION = ("практики, направленные на устойчивое развитие экономики, поддержку предпринимательства, "
                       "создание здоровой конкурентной среды и развитие экспорта")


def d(text):
    return datetime.date.fromisoformat(text)


def test_f_ref_2_current_set_has_the_ten_categories_of_4_1_4_in_order():
    current = CategorySet.objects.get(is_current=True)
    assert current.name == "Категории Регламента 2025"
    names = list(current.categories.filter(is_unknown=False).values_list("name", flat=True))
    assert names == [
        "Здравоохранение", "Социальная поддержка", "Экология", "Региональное и муниципальное управление",
        "Комфортная среда", "Образование", "Кадровый потенциал", "Туризм", "Креативная экономика",
        "Развитие предпринимательства",
    ]


def test_f_ref_2_definitions_are_verbatim_from_the_regulation():
    current = Category.objects.filter(category_set__is_current=True)
    assert current.get(slug="zdravookhranenie").definition == HEALTH_DEFINITION
    assert current.get(name="Креативная экономика").definition == CREATIVE_DEFINITION
    assert current.get(name="Развитие предпринимательства").definition == BUSINESS_DEFINITION
    assert current.get(slug="obrazovanie").name == "Образование"
    assert not current.filter(is_unknown=False, definition="").exists()


def test_f_ref_2_unknown_category_carries_the_passport_help_text():
    unknown = Category.objects.get(category_set__is_current=True, is_unknown=True)
    assert unknown.name == "Я не знаю, что выбрать"
    assert "Если невозможно выбрать категорию, поставьте галочку в пункте «Я не знаю, что выбрать», " \
           "наши модераторы помогут" in unknown.definition
    assert list(Category.objects.filter(category_set__is_current=True)).pop() == unknown  # listed last


def test_f_ref_2_amur_decree_set_has_its_twelve_categories_verbatim():
    amur_set = CategorySet.objects.get(name="Категории постановления Амурской области № 188 (2021)")
    assert amur_set.is_current is False
    assert list(amur_set.categories.values_list("name", flat=True)) == [
        "Здоровье и образ жизни", "Инвестиции", "Предпринимательство и экспорт", "Уровень жизни и демография",
        "Экология и природные ресурсы", "Туризм", "Инновации и технологии", "Культура", "Эффективное управление",
        "Жилье и городская среда", "Образование", "Развитие сельских территорий",
    ]


def test_f_ref_2_amur_categories_are_mapped_to_the_regions_responsible_bodies():
    bodies = CategoryResponsibleBody.objects.filter(region__code="28")
    assert bodies.exists() and bodies.first().region.name == "Амурская область"
    amur = Category.objects.filter(category_set__name__startswith="Категории постановления Амурской")
    for category in amur:
        assert category.responsible_bodies.filter(region__code="28").exists(), category.name

    def names(category_name):
        return list(amur.get(name=category_name).responsible_bodies.values_list("name", flat=True))

    assert names("Здоровье и образ жизни") == [
        "Министерство здравоохранения Амурской области",
        "Министерство по физической культуре и спорту Амурской области",
    ]
    assert names("Инвестиции") == ["Министерство экономического развития и внешних связей Амурской области"]
    assert names("Жилье и городская среда") == [
        "Министерство жилищно-коммунального хозяйства Амурской области",
        "Министерство транспорта и дорожного хозяйства Амурской области",
        "Министерство строительства и архитектуры Амурской области",
    ]
    assert names("Развитие сельских территорий") == ["Министерство сельского хозяйства Амурской области"]


def test_f_ref_3_both_ratings_have_a_starter_set_of_indicators():
    investment = Rating.objects.get(kind=Rating.Kind.INVESTMENT)
    quality = Rating.objects.get(kind=Rating.Kind.QUALITY_OF_LIFE)
    assert investment.name == "Рейтинг инвестиционной привлекательности"
    assert quality.name == "Рейтинг качества жизни"
    assert 15 <= investment.indicators.count() <= 25
    assert 15 <= quality.indicators.count() <= 25
    assert investment.indicators.filter(name="Среднее время получения разрешения на строительство").exists()
    assert investment.indicators.filter(name="Качество региональной поддержки МСП").exists()
    directions = set(quality.indicators.values_list("group", flat=True))
    assert {"Здоровье", "Образование", "Безопасность", "Экология", "Жильё и городская среда", "Транспорт",
            "Доходы", "Занятость", "Культура и досуг", "Цифровизация"} <= directions


def test_f_ref_3_affects_investment_rating_follows_the_rating():
    assert all(i.affects_investment_rating for i in RatingIndicator.objects.filter(rating__kind="investment"))
    assert not any(i.affects_investment_rating for i in RatingIndicator.objects.filter(rating__kind="quality_of_life"))


def test_f_ref_6_two_windows_a_year_each_three_months_long():
    for year in (2025, 2026):
        windows = SubmissionWindow.objects.filter(opens__year=year)
        assert windows.count() == 2
        assert {w.rating.kind for w in windows} == {"investment", "quality_of_life"}
        for window in windows:
            assert window.opens > window.results_published
            assert 88 <= (window.closes - window.opens).days <= 92


@pytest.mark.parametrize("day, kind, expected_title", [
    ("2025-03-15", "quality_of_life", "Приём 2025 г. после публикации итогов Рейтинга качества жизни"),
    ("2025-05-20", "quality_of_life", "Приём 2025 г. после публикации итогов Рейтинга качества жизни"),
    ("2026-07-01", "investment", "Приём 2026 г. после публикации итогов Рейтинга инвестиционной привлекательности"),
    ("2026-06-05", "investment", "Приём 2026 г. после публикации итогов Рейтинга инвестиционной привлекательности"),
])
def test_f_ref_6_window_is_open_inside_its_dates(day, kind, expected_title):
    rating = Rating.objects.get(kind=kind)
    window = SubmissionWindow.open_for(rating, d(day))
    assert window is not None and window.title == expected_title
    assert window.is_open(d(day))
    assert SubmissionWindow.open_for(None, d(day)) == window


@pytest.mark.parametrize("day, kind", [
    ("2025-05-21", "quality_of_life"),  # the day after the window closed
    ("2026-06-04", "investment"),       # the publication day itself: the window opens the next day
    ("2026-11-22", "investment"),
    ("2025-07-01", "quality_of_life"),  # the other rating's window is open, not this one's
])
def test_f_ref_6_window_is_closed_outside_its_dates(day, kind):
    assert SubmissionWindow.open_for(Rating.objects.get(kind=kind), d(day)) is None


def test_f_ref_6_nothing_is_open_between_windows():
    assert SubmissionWindow.open_for(None, d("2025-12-01")) is None
    window = SubmissionWindow.objects.get(title__startswith="Приём 2025 г.", rating__kind="investment")
    assert not window.is_open(d("2025-06-19")) and window.is_open(d("2025-09-19"))
    assert not window.is_open(d("2025-09-20"))


def test_f_ref_5_levels_are_the_three_of_2_1_6_with_verbatim_descriptions():
    assert [level.value for level in Level] == [1, 2, 3]
    assert LEVEL_DESCRIPTIONS[Level.FIRST].startswith(
        "управленческие модели регионов-лидеров по работе в конкретном направлении")
    assert LEVEL_DESCRIPTIONS[Level.THIRD].endswith(
        "(цифровизация процессов, введение новых регламентов, протоколов, механизмов взаимодействия с населением "
        "и т. д.).")


def test_f_ref_5_only_regional_executive_bodies_and_subordinates_may_author():
    authors = set(OrganisationType.objects.filter(may_author=True).values_list("name", flat=True))
    assert authors == {"Исполнительный орган субъекта Российской Федерации",
                       "Организация, подведомственная исполнительному органу субъекта РФ"}
    for name in ("Орган местного самоуправления", "Федеральный орган исполнительной власти",
                 "Коммерческая организация", "Физическое лицо", "Агентство стратегических инициатив"):
        assert OrganisationType.objects.get(name=name).may_author is False


def test_f_ref_5_cost_ranges_and_implementation_methods_with_other():
    assert list(CostRange.objects.values_list("name", flat=True)) == [
        "Без дополнительных затрат", "до 1 млн ₽", "1–10 млн ₽", "10–50 млн ₽", "более 50 млн ₽"]
    other = ImplementationMethod.objects.get(is_other=True)
    assert other.name == "Другое"
    assert ImplementationMethod.objects.order_by("order").last() == other


def test_f_ref_5_event_formats_of_5_2_3_to_5_2_5_verbatim():
    assert {clause: EventFormat.objects.filter(clause=clause).count() for clause in ("5.2.3", "5.2.4", "5.2.5")} \
        == {"5.2.3": 2, "5.2.4": 4, "5.2.5": 2}
    assert EventFormat.objects.get(name="Демо-дни").description == (
        "Обсуждение на одной площадке эффективных практик регионов-лидеров с возможностью посещения объектов "
        "реализации практик.")
    assert EventFormat.objects.get(name="Региональные стажировки").group == (
        "Форматы мероприятий, рекомендованных к проведению для повышения навыков региональных управленческих команд")


def test_f_ref_7_footer_shows_the_support_email_setting(client, settings):
    assert settings.SUPPORT_EMAIL in client.get(reverse("home")).content.decode()
    settings.SUPPORT_EMAIL = "hello@smarteka.com"
    html = client.get(reverse("home")).content.decode()
    assert 'href="mailto:hello@smarteka.com"' in html
    assert "hello@smarteka.ru" not in html


def test_f_ref_reference_page_lists_the_reference_data_for_anyone(client):
    response = client.get(reverse("practices:reference"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Справочники" in html
    assert HEALTH_DEFINITION in html
    assert "Я не знаю, что выбрать" in html
    assert "управленческие инструменты, являющиеся элементами системных практик" in html
    assert "Среднее время получения разрешения на строительство" in html
    assert "Ожидаемая продолжительность жизни при рождении" in html
    assert "с 20.02.2026 по 19.05.2026" in html
    assert "Регулярные сессии Клубов стратегических инициатив" in html
    assert "Министерство сельского хозяйства Амурской области" in html


def test_f_ref_2_admin_edits_categories_and_reference_lists(admin_client):
    category = Category.objects.get(category_set__is_current=True, slug="turizm")
    for url in (reverse("admin:practices_category_change", args=[category.pk]),
                reverse("admin:practices_ratingindicator_changelist"),
                reverse("admin:practices_submissionwindow_changelist"),
                reverse("admin:practices_eventformat_changelist"),
                reverse("admin:practices_costrange_changelist"),
                reverse("admin:practices_implementationmethod_changelist"),
                reverse("admin:practices_categoryresponsiblebody_changelist"),
                reverse("admin:practices_rating_changelist")):
        assert admin_client.get(url).status_code == 200, url
