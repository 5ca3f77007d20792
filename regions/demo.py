"""Demo data for regions (F-REF-1, F-REF-4, F-ACC-6): the demo region «Амурская область» (28) is a
leader region this year, has a coordinator appointment linked to the demo coordinator, a head and a
management team. Idempotent."""

from django.utils import timezone

from regions.models import (
    CoordinatorAppointment,
    LeaderReason,
    LeaderRegistryEntry,
    ManagementTeamMember,
    Region,
)
from smarteka.accounts.models import User
from smarteka.demo import DEMO_REGION_CODE, OTHER_REGION_CODE

# Fictional people (demo data), real titles.
HEADS = {
    DEMO_REGION_CODE: ("Алексеев Виктор Павлович", "Губернатор Амурской области"),
    OTHER_REGION_CODE: ("Галиев Марат Ильдарович", "Раис Республики Татарстан"),
}

# The team is made of the demo users of the region (accounts demo), then one person without an account.
TEAM_EMAILS = ["coordinator", "author", "team1", "team2"]
TEAM_EXTRA = [("Белов Константин Юрьевич", "Министр экономического развития и внешних связей Амурской области")]


def load(ctx):
    year = timezone.localdate().year
    region = Region.objects.get(code=DEMO_REGION_CODE)
    for code, (name, position) in HEADS.items():
        Region.objects.filter(code=code, head_name="").update(head_name=name, head_position=position)

    asi = User.objects.filter(email="asi@demo.smarteka.ru").first()
    for reason, direction in [
        (LeaderReason.QOL_TOP10, "Здоровье и долголетие"),
        (LeaderReason.ASI_LEADER_PROJECT, ""),
    ]:
        LeaderRegistryEntry.objects.get_or_create(
            region=region, year=year, reason=reason, direction=direction, defaults={"entered_by": asi}
        )
    LeaderRegistryEntry.objects.get_or_create(
        region=Region.objects.get(code="77"), year=year, reason=LeaderReason.INVEST_TOP5, direction="",
        defaults={"entered_by": asi},
    )

    coordinator = User.objects.filter(email="coordinator@demo.smarteka.ru").first()
    if coordinator and not CoordinatorAppointment.objects.filter(region=region).exists():
        # Recorded directly (not through services.appoint_coordinator): the accounts demo loader has
        # already granted the coordinator role, and the demo needs no permission check.
        CoordinatorAppointment.objects.create(
            region=region, user=coordinator, full_name=coordinator.full_name, position=coordinator.position,
            phone=coordinator.work_phone, email=coordinator.email, appointed_at=timezone.localdate().replace(day=1, month=1),
            appointed_by=asi, basis="Распоряжение Губернатора Амурской области (демонстрационные данные)",
        )

    if not ManagementTeamMember.objects.filter(region=region, year=year).exists():
        people = [(u.full_name, u.position) for u in (
            User.objects.filter(email=f"{name}@demo.smarteka.ru").first() for name in TEAM_EMAILS) if u]
        ManagementTeamMember.objects.bulk_create(
            ManagementTeamMember(region=region, year=year, full_name=n, position=p, order=i)
            for i, (n, p) in enumerate(people + TEAM_EXTRA, start=1)
        )
    ctx["leader_year"] = year
