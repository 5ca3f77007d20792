"""F-PLUS-3, F-PLUS-4, F-PLUS-6 in the browser: an anonymous visitor sees the evidence badges on a catalogue
card, reads a badge's explanation by hovering and by tabbing to it, opens the practice, sees its badges and
five similar practices, and finds «Скачать PDF»."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from practices.models import Practice
from regions.models import Region
from smarteka.history.models import Transition
from tests import factories


@pytest.fixture
def evidence_data(db):
    amur = factories.region("28", "Амурская область")
    health, education = factories.category("zdravookhranenie"), factories.category("obrazovanie")
    author = factories.UserFactory(region=amur)
    text = dict(goal="Сократить очереди в поликлиниках и время ожидания приёма врача.",
                essence="Бережливые технологии: электронная очередь и запись к врачу онлайн.")
    now = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)
    practice = factories.published_practice(author, title="Бережливая поликлиника", category=health, level=2,
                                            actualized_at=now + datetime.timedelta(days=60), published_at=now,
                                            **text)
    others = Region.objects.exclude(pk=amur.pk).order_by("code")[:3]
    practice.implemented_regions.add(*others)
    Transition.objects.create(content_type=ContentType.objects.get_for_model(Practice), object_id=practice.pk,
                              from_state="expert_review", to_state="ready_to_publish", action="experts_approve",
                              at=datetime.datetime(2026, 2, 12, 9, 0, tzinfo=datetime.UTC))
    titles = ["Поликлиника без очередей", "Онлайн-запись к врачу", "Электронная очередь в больнице",
              "Школьный технопарк", "Мобильный фельдшерский пункт"]
    for i, title in enumerate(titles):
        factories.published_practice(author, title=title, category=health if i != 3 else education, level=1 + i % 3,
                                     published_at=now - datetime.timedelta(days=i + 1),
                                     goal="Сократить очереди к врачу." if i < 3 else "Развитие.")
    factories.published_practice(author, title="Школьные спортивные лиги", category=education,
                                 published_at=now - datetime.timedelta(days=30), goal="Спорт в школах.")
    factories.published_practice(author, title="Бережливая поликлиника (черновик)", category=health,
                                 state="draft", **text)
    return practice


def test_f_plus_3_f_plus_4_badges_on_the_card_and_page_similar_practices_and_pdf_link(
        live_server, page, shot, evidence_data):
    practice = evidence_data
    page.goto(live_server.url + "/practices/catalogue/")
    card = page.locator(f'.practice-card[data-practice="{practice.pk}"]')
    badges = card.locator(".evidence-badge .badge")
    assert [t.strip() for t in badges.all_inner_texts()] == ["2 уровень", "Прошла экспертизу 12.02.2026", "Внедрена в 3 регионах",
                                        "Актуализирована 30.04.2026"]
    tip = card.locator(".evidence-badge-expert .evidence-badge-tip")
    assert not tip.is_visible()
    card.locator(".evidence-badge-expert .badge").hover()
    tip.wait_for(state="visible")
    assert "решение принято 12.02.2026" in tip.inner_text()
    card.scroll_into_view_if_needed()
    shot("card-badge-hover")
    page.mouse.move(0, 0)
    tip.wait_for(state="hidden")
    regions_badge = card.locator(".evidence-badge-regions .badge")
    regions_badge.focus()  # the keyboard reaches every badge (tabindex=0) and its description shows
    regions_tip = card.locator(".evidence-badge-regions .evidence-badge-tip")
    regions_tip.wait_for(state="visible")
    described = regions_badge.get_attribute("aria-describedby")
    assert page.locator(f"#{described}").inner_text().startswith("Кроме региона-автора")
    shot("card-badge-focus")

    page.goto(live_server.url + f"/practices/{practice.pk}/")
    assert page.locator("#page-badges .badge").count() == 4
    similar = page.locator("#similar .similar-practice a")
    names = similar.all_inner_texts()
    assert len(names) == 5
    # the same category sharing words first, then the same category, then the other category's
    assert set(names[:3]) == {"Поликлиника без очередей", "Онлайн-запись к врачу", "Электронная очередь в больнице"}
    assert names[3] == "Мобильный фельдшерский пункт"
    assert "Бережливая поликлиника (черновик)" not in names and "Бережливая поликлиника" not in names
    assert page.locator("#pdf-link").inner_text().strip().startswith("Скачать PDF")
    shot("practice-page")
    page.locator("#similar").scroll_into_view_if_needed()
    page.locator("#similar").screenshot(path=str(shot("similar-section").with_name("similar-only.png")))
