"""The coordinator's region on «Мой кабинет» (issue 14, item 4): the page of each region they coordinate
(the regional team, the leader registry). Registered in ``RegionsConfig.ready``."""

from django.urls import reverse

from regions.models import Region
from smarteka.cabinet import LISTS, Item, Section
from smarteka.permissions import can, role_regions
from smarteka.roles.models import Role


def overview(user):
    sections = []
    if can(user, "view_quarterly_report_status"):  # F-REPORT-2: the ASI moderator's overview of every region
        sections.append(Section("asi-quarterly-reports", "Отчёты регионов", kind=LISTS, order=12, items=[
            Item("Квартальные отчёты регионов", reverse("regions:quarterly_status"),
                 note="кто скачал и подтвердил отправку отчёта за квартал")]))
    regions = role_regions(user, Role.COORDINATOR)
    if not regions:
        return sections
    items = []
    for region in Region.objects.filter(pk__in=regions).order_by("name"):
        items.append(Item(str(region), region.get_absolute_url()))
        # F-REPORT-2: the region's quarterly report (seed 000 п. 3)
        items.append(Item(f"Квартальный отчёт: {region}", reverse("regions:quarterly", args=[region.slug])))
    items.append(Item("Реестр лидеров", reverse("regions:leaders")))
    return [*sections, Section("coordinator-regions", "Мой регион", kind=LISTS, order=12, items=items)]
