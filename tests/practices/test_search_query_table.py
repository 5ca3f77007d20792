"""Issue 16 «Must show» (F-CAT-1, F-CAT-2): the query table — word families, inflections, ё/е,
abbreviations and synonyms, typos, the wrong keyboard layout and false friends — each case a positive
or a negative assertion on the real results of ``search()`` over practices titled from the
regulation's vocabulary."""

import pytest

from practices.catalogue.query import CatalogueQuery
from practices.catalogue.search import search
from tests.factories import published_practice

pytestmark = pytest.mark.django_db

FOUND, MISSING = True, False

# (kind, query, title, must it be found)
CASES = [
    # word families (item 1), both ways
    ("family", "образование", "Образовательный центр района", FOUND),
    ("family", "образовательные", "Дополнительное образование детей", FOUND),
    ("family", "медицина", "Медицинский кластер", FOUND),
    ("family", "медицинская", "Сельская медицина", FOUND),
    ("family", "инвестиции", "Инвестиционный паспорт муниципалитета", FOUND),
    ("family", "инвестиционный", "Инвестиции в муниципалитет", FOUND),
    ("family", "волонтёр", "Волонтёрство в библиотеках", FOUND),
    ("family", "волонтерство", "Каждый волонтёр на счету", FOUND),
    ("family", "энергетика", "Энергетический сервис", FOUND),
    ("family", "энергетический", "Малая энергетика севера", FOUND),
    ("family", "архитектура", "Архитектурный конкурс", FOUND),
    ("family", "архитектурные", "Деревянная архитектура", FOUND),
    ("family", "наука", "Научный городок", FOUND),
    ("family", "научные", "Наука рядом", FOUND),
    ("family", "библиотека", "Библиотечный марафон", FOUND),
    ("family", "театр", "Театральная весна", FOUND),
    ("family", "экономика", "Экономический форум", FOUND),
    ("family", "культура", "Культурный код", FOUND),
    ("family", "спорт", "Спортивные площадки", FOUND),
    ("family", "городской", "Город для жизни", FOUND),
    ("family", "общественный", "Общество и власть", FOUND),
    ("family", "строительство", "Строительный надзор", FOUND),
    ("family", "транспорт", "Транспортная доступность", FOUND),
    ("family", "цифровизация", "Цифровой муниципалитет", FOUND),
    ("family", "предпринимательство", "Предприниматель года", FOUND),
    # inflections
    ("inflection", "школы", "Школа полного дня", FOUND),
    ("inflection", "больницах", "Больница без очередей", FOUND),
    ("inflection", "детей", "Дети и спорт", FOUND),
    ("inflection", "поликлиники", "Поликлиника онлайн", FOUND),
    ("inflection", "дорогами", "Дорога к дому", FOUND),
    ("inflection", "семьям", "Семья в центре", FOUND),
    # ё and е
    ("ё/е", "ёлка", "Новогодние елки", FOUND),
    ("ё/е", "елка", "Ёлка желаний", FOUND),
    ("ё/е", "учёт", "Учет обращений граждан", FOUND),
    ("ё/е", "объем", "Объём инвестиций", FOUND),
    # abbreviations and synonyms (item 4), both ways
    ("synonym", "МФЦ", "Многофункциональный центр в каждом селе", FOUND),
    ("synonym", "многофункциональный центр", "МФЦ выходного дня", FOUND),
    ("synonym", "ЖКХ", "Жилищно-коммунальное хозяйство без долгов", FOUND),
    ("synonym", "жилищно-коммунальное хозяйство", "Прозрачное ЖКХ", FOUND),
    ("synonym", "НКО", "Некоммерческая организация года", FOUND),
    ("synonym", "ИЖС", "Индивидуальное жилищное строительство под ключ", FOUND),
    ("synonym", "МСП", "Малое и среднее предпринимательство села", FOUND),
    ("synonym", "малое и среднее предпринимательство", "Поддержка МСП", FOUND),
    ("synonym", "ФАП", "Фельдшерско-акушерский пункт на колёсах", FOUND),
    ("synonym", "фельдшерско-акушерский пункт", "Модульный ФАП", FOUND),
    ("synonym", "ОМСУ", "Органы местного самоуправления онлайн", FOUND),
    ("synonym", "ТОСЭР", "Территория опережающего социально-экономического развития", FOUND),
    ("synonym", "мфц", "МФЦ выходного дня", FOUND),
    ("synonym", "добровольчество", "Волонтёрство в библиотеках", FOUND),
    # typos, corrected by themselves (item 3)
    ("typo", "здравохранение", "Здравоохранение для сельских жителей", FOUND),
    ("typo", "библиотка", "Библиотека будущего", FOUND),
    ("typo", "поликлинника", "Поликлиника онлайн", FOUND),
    ("typo", "волонтерсво", "Волонтёрство в библиотеках", FOUND),
    ("typo", "благоустройсво", "Благоустройство дворов", FOUND),
    # the wrong keyboard layout (item 3)
    ("layout", "irjkf", "Школа полного дня", FOUND),
    ("layout", ",jkmybwf", "Больница без очередей", FOUND),
    ("layout", "j,hfpjdfybt", "Дополнительное образование детей", FOUND),
    ("layout", "vjkjl`;m", "Молодёжь села", FOUND),
    # false friends (item 2): a short stem never reaches a longer unrelated word
    ("false friend", "рак", "Ракета своими руками", MISSING),
    ("false friend", "рак", "Ракетный кружок", MISSING),
    ("false friend", "лес", "Лестница в небо", MISSING),
    ("false friend", "газ", "Газета района", MISSING),
    ("false friend", "газ", "Газон у дома", MISSING),
    ("false friend", "вода", "Водитель автобуса", MISSING),
    ("false friend", "вода", "Водка и здоровье", MISSING),
    ("false friend", "море", "Морковь с грядки", MISSING),
    ("false friend", "дом", "Доменный сервис", MISSING),
    ("false friend", "кот", "Котёл на пеллетах", MISSING),
    ("false friend", "мир", "Мираж пустыни", MISSING),
    ("false friend", "пол", "Политика открытости", MISSING),
    ("false friend", "рис", "Риск-ориентированный подход", MISSING),
    ("false friend", "вал", "Валюта региона", MISSING),
    ("false friend", "нос", "Носитель информации", MISSING),
    ("false friend", "карта", "Картофель без химии", MISSING),
    ("false friend", "банк", "Банкротство предприятий", MISSING),
    ("false friend", "школа", "Шкала оценки", MISSING),
    ("false friend", "кит", "Китайский язык", MISSING),
    # …and the short stems still find their own words
    ("own word", "рак", "Рак: ранняя диагностика", FOUND),
    ("own word", "лес", "Лесной патруль", FOUND),
    ("own word", "газ", "Газовые котельные", FOUND),
    ("own word", "вода", "Чистая вода", FOUND),
    ("own word", "море", "Морской туризм", FOUND),
    ("own word", "дом", "Дом культуры", FOUND),
]
TITLES = sorted({title for _, _, title, _ in CASES})


@pytest.fixture
def catalogue(author):
    for title in TITLES:
        published_practice(author, title=title)


def test_issue_16_query_table_is_large_enough():
    assert len(CASES) >= 60
    assert sum(1 for *_, found in CASES if found is MISSING) >= 15
    kinds = {kind for kind, *_ in CASES}
    assert {"family", "inflection", "ё/е", "synonym", "typo", "layout", "false friend"} <= kinds


def test_issue_16_f_cat_1_query_table(catalogue):
    """Every row of the table on real results: the positive ones are on the first page, the negative
    ones nowhere in the results."""
    failures = []
    for kind, query, title, found in CASES:
        result = search(CatalogueQuery(q=query))
        titles = {p.title for p in result.page.object_list}
        if found and title not in titles:
            failures.append(f"{kind}: «{query}» must find «{title}», found {sorted(titles)}")
        if not found and title in titles:
            failures.append(f"{kind}: «{query}» must not find «{title}»")
    assert not failures, "\n".join(failures)
