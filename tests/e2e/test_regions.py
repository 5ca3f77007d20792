"""F-REF-1, F-ACC-6, F-REF-4: a visitor and the ASI moderator on the region pages, in chromium."""

from importlib import import_module

from django.apps import apps
from django.utils import timezone

from regions.models import LeaderReason, LeaderRegistryEntry, Region
from smarteka.roles.models import Role
from tests import factories
from tests.e2e.helpers import login_as


def test_F_REF_1_F_ACC_6_region_pages_in_browser(live_server, page, shot):
    # live_server tests run on a flushed database: put the reference data back (the seed is idempotent)
    import_module("regions.migrations.0004_seed_regions").seed(apps, None)
    amur = Region.objects.get(code="28")
    amur.head_name, amur.head_position = "Алексеев Виктор Павлович", "Губернатор Амурской области"
    amur.save()
    LeaderRegistryEntry.objects.create(region=amur, year=timezone.localdate().year, reason=LeaderReason.QOL_TOP10,
                                       direction="Здоровье и долголетие")
    asi = factories.UserFactory(email="asi-e2e@example.ru", region=None)
    factories.grant(asi, Role.ASI_MODERATOR)
    candidate = factories.UserFactory(email="coord-e2e@example.ru", region=amur, last_name="Петров",
                                      first_name="Сергей", middle_name="Викторович", position="Заместитель председателя")

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Регионы", exact=True).click()
    assert page.get_by_role("heading", name="Субъекты, принятые в состав Российской Федерации в 2022 году").is_visible()
    shot("region-list")
    page.get_by_role("link", name="Амурская область").click()
    assert page.get_by_role("heading", name="Амурская область").is_visible()
    assert page.get_by_text("Координатор пока не назначен.").is_visible()
    shot("region-page-anonymous")

    login_as(page, live_server, asi)
    page.reload()
    page.get_by_role("link", name="Назначить координатора").click()
    page.get_by_label("Профиль на платформе").select_option(str(candidate.pk))
    page.get_by_label("Основание (документ о назначении)").fill("Распоряжение Губернатора № 5-р")
    shot("appoint-form")
    page.get_by_role("button", name="Сохранить назначение").click()
    assert page.get_by_text("Назначение регионального координатора сохранено").is_visible()
    assert page.get_by_text("coord-e2e@example.ru").first.is_visible()
    shot("region-page-with-coordinator")
