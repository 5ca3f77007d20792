"""F-REF-1: reference data — the 8 federal districts and the 89 federal subjects."""

from importlib import import_module

import pytest
from django.apps import apps

from regions.models import FederalDistrict, Region

pytestmark = pytest.mark.django_db


def test_F_REF_1_exactly_89_regions_8_districts_4_without_district():
    assert Region.objects.count() == 89
    assert FederalDistrict.objects.count() == 8
    without = Region.objects.filter(federal_district__isnull=True)
    assert set(without.values_list("name", flat=True)) == {
        "Донецкая Народная Республика", "Луганская Народная Республика", "Запорожская область", "Херсонская область",
    }
    assert set(without.values_list("code", flat=True)) == {"90", "93", "94", "95"}
    assert all(r.admitted_2022 for r in without)
    assert Region.objects.filter(admitted_2022=True).count() == 4


def test_F_REF_1_district_sizes_and_current_membership():
    assert list(FederalDistrict.objects.values_list("short_name", flat=True)) == [
        "ЦФО", "СЗФО", "ЮФО", "СКФО", "ПФО", "УФО", "СФО", "ДФО"]
    counts = {fd.short_name: fd.regions.count() for fd in FederalDistrict.objects.all()}
    assert counts == {"ЦФО": 18, "СЗФО": 11, "ЮФО": 8, "СКФО": 7, "ПФО": 14, "УФО": 6, "СФО": 10, "ДФО": 11}
    district = dict(Region.objects.values_list("name", "federal_district__short_name"))
    assert district["Республика Крым"] == "ЮФО"
    assert district["Севастополь"] == "ЮФО"
    assert district["Республика Бурятия"] == "ДФО"
    assert district["Забайкальский край"] == "ДФО"
    codes = dict(Region.objects.values_list("code", "name"))
    assert codes["01"] == "Республика Адыгея"
    assert codes["28"] == "Амурская область"
    assert codes["77"] == "Москва" and codes["78"] == "Санкт-Петербург" and codes["92"] == "Севастополь"
    assert codes["93"] == "Донецкая Народная Республика" and codes["90"] == "Запорожская область"
    slugs = list(Region.objects.values_list("slug", flat=True))
    assert all(s.isascii() for s in slugs) and len(set(slugs)) == 89


def test_F_REF_1_seed_is_idempotent_over_factory_rows():
    """A factory-made region "28" (slug region-28) is brought in line, nothing is duplicated."""
    Region.objects.filter(code="28").update(name="Регион 28", slug="region-28", federal_district=None)
    seed = import_module("regions.migrations.0004_seed_regions").seed
    seed(apps, None)
    seed(apps, None)
    assert Region.objects.count() == 89
    amur = Region.objects.get(code="28")
    assert (amur.name, amur.slug, amur.federal_district.short_name) == ("Амурская область", "amurskaya-oblast", "ДФО")
