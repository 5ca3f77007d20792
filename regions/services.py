"""One function per user action on regions (F-REF-1, F-REF-4, F-ACC-6)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from regions.models import (
    CoordinatorAppointment,
    LeaderRegistryEntry,
    ManagementTeamMember,
    Region,
)
from smarteka import permissions
from smarteka.roles.models import Role, RoleGrant


def appoint_coordinator(region, *, by, user=None, full_name, position, phone, email, appointed_at=None,
                        basis="", basis_document=None):
    """Record a new regional coordinator (2.2.3.1): the open appointment is ended and kept as history;
    a linked platform user gets the ``coordinator`` role for the region and the previous coordinator
    loses it."""
    appointed_at = appointed_at or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        region = Region.objects.select_for_update().get(pk=region.pk)
        permissions.require(by, "appoint_coordinator", region)
        previous = CoordinatorAppointment.objects.filter(region=region, ended_at__isnull=True).first()
        if previous is not None:
            previous.ended_at = max(appointed_at, previous.appointed_at)
            previous.save(update_fields=["ended_at"])
            if previous.user_id and previous.user_id != getattr(user, "pk", None):
                RoleGrant.objects.active().filter(
                    user_id=previous.user_id, role=Role.COORDINATOR, region=region
                ).update(revoked_by=by, revoked_at=now)
                permissions.forget_grants(previous.user)
        appointment = CoordinatorAppointment.objects.create(
            region=region, user=user, full_name=full_name, position=position, phone=phone, email=email,
            appointed_at=appointed_at, appointed_by=by, basis=basis,
            **({"basis_document": basis_document} if basis_document else {}),
        )
        if user is not None:
            if not RoleGrant.objects.active().filter(user=user, role=Role.COORDINATOR, region=region).exists():
                RoleGrant.objects.create(
                    user=user, role=Role.COORDINATOR, region=region, granted_by=by,
                    comment=f"Назначение региональным координатором от {appointed_at:%d.%m.%Y}"
                            + (f" ({basis})" if basis else ""),
                )
            permissions.forget_grants(user)
    return appointment


def update_region_head(region, *, by, head_name, head_position):
    """The head of the region shown on its page (2.2.1)."""
    with transaction.atomic():
        region = Region.objects.select_for_update().get(pk=region.pk)
        permissions.require(by, "edit_region_team", region)
        region.head_name, region.head_position = head_name.strip(), head_position.strip()
        region.save(update_fields=["head_name", "head_position"])
    return region


def save_region_page(region, *, by, head_name, head_position, year, members):
    """The region page form (2.2.1): the head of the region and the year's management team, saved
    together or not at all."""
    with transaction.atomic():
        update_region_head(region, by=by, head_name=head_name, head_position=head_position)
        return set_management_team(region, year, members, by=by)


def set_management_team(region, year, members, *, by):
    """Replace the region's management team for ``year`` (2.2.1, updated yearly).
    ``members``: an iterable of dicts with full_name, position and optionally order."""
    with transaction.atomic():
        region = Region.objects.select_for_update().get(pk=region.pk)
        permissions.require(by, "edit_region_team", region)
        ManagementTeamMember.objects.filter(region=region, year=year).delete()
        rows = [
            ManagementTeamMember(region=region, year=year, full_name=m["full_name"].strip(),
                                 position=m["position"].strip(), order=m.get("order") or i)
            for i, m in enumerate(members, start=1)
        ]
        ManagementTeamMember.objects.bulk_create(rows)
    return rows


def enter_leader_entry(region, *, by, year, reason, direction=""):
    """Add a region to the yearly leader registry (F-REF-4, 3.1.1)."""
    entry = LeaderRegistryEntry(region=region, year=year, reason=reason, direction=direction.strip(),
                                entered_by=by)
    with transaction.atomic():
        permissions.require(by, "edit_leader_registry", entry)
        entry.full_clean(exclude=["entered_by"], validate_unique=False, validate_constraints=False)
        if LeaderRegistryEntry.objects.filter(region=region, year=year, reason=reason,
                                              direction=entry.direction).exists():
            raise ValidationError("Такая запись уже есть в реестре регионов-лидеров.")
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError:
            raise ValidationError("Такая запись уже есть в реестре регионов-лидеров.")
    return entry


def remove_leader_entry(entry, *, by):
    with transaction.atomic():
        permissions.require(by, "edit_leader_registry", entry)
        entry.delete()
