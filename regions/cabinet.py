"""The coordinator's region on «Мой кабинет» (issue 14, item 4): the dashboard of their region (F-REPORT-1)
first, then the page of each region they coordinate (the regional team, the leader registry); the ASI
moderator's «Сводка по регионам». Registered in ``RegionsConfig.ready``."""

from regions.models import Region
from smarteka.cabinet import LISTS, Item, Section
from smarteka.kepturls import reverse  # kept per process (issue 17)
from smarteka.permissions import can, has_role, role_regions
from smarteka.roles.models import Role


def overview(user):
    sections = []
    if has_role(user, Role.ASI_MODERATOR):
        sections.append(Section("asi-dashboard", "Регионы", kind=LISTS, order=12, items=[
            Item("Сводка по регионам", reverse("regions:country_dashboard"))]))
    if can(user, "view_quarterly_report_status"):  # F-REPORT-2: the ASI moderator's overview of every region
        sections.append(Section("asi-quarterly-reports", "Отчёты регионов", kind=LISTS, order=12, items=[
            Item("Квартальные отчёты регионов", reverse("regions:quarterly_status"),
                 note="кто скачал и подтвердил отправку отчёта за квартал")]))
    regions = role_regions(user, Role.COORDINATOR)
    if not regions:
        return sections
    ordered = list(Region.objects.filter(pk__in=regions).order_by("name"))
    items = [Item(f"Сводка по региону: {region}" if len(ordered) > 1 else "Сводка по региону",
                  reverse("regions:region_dashboard", args=[region.slug])) for region in ordered]
    for region in ordered:
        items.append(Item(str(region), region.get_absolute_url()))
        # F-REPORT-2: the region's quarterly report (seed 000 п. 3)
        items.append(Item(f"Квартальный отчёт: {region}", reverse("regions:quarterly", args=[region.slug])))
    items.append(Item("Реестр лидеров", reverse("regions:leaders")))
    return [*sections, Section("coordinator-regions", "Мой регион", kind=LISTS, order=12, items=items)]
