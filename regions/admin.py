from django.contrib import admin

from regions.models import FederalDistrict, Region


@admin.register(FederalDistrict)
class FederalDistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "order"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "federal_district", "admitted_2022"]
    list_filter = ["federal_district", "admitted_2022"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
