"""Services of the passport (F-PASS-1, F-PASS-3): one function per user action, object first, ``by=``."""

from django.db import transaction
from django.utils import timezone

from practices.models import Practice, TeamMember
from regions.models import Region
from smarteka.permissions import require, role_regions
from smarteka.roles.models import Role

CREATE_REFUSED = ("Создавать практики могут только пользователи с доступом к заполнению паспорта практики. "
                  "Запросите его в разделе «Доступ к паспорту».")


def author_region(user):
    """The region the author's practice belongs to: the profile's region when the Author role covers it,
    else the region of the Author role."""
    regions = role_regions(user, Role.AUTHOR)
    if user.region_id and (not regions or user.region_id in regions):
        return user.region
    if regions:
        return Region.objects.get(pk=sorted(regions)[0])
    return user.region


def create_practice(*, by, title=""):
    """«Новая практика»: a draft of the author's region, organisation prefilled from the profile;
    the author is the first member of the team (F-PASS-1, F-ACC-4)."""
    require(by, "create_practice", None, CREATE_REFUSED)
    with transaction.atomic():
        practice = Practice.objects.create(
            author=by, region=author_region(by), title=title[:110],
            organisation_type=by.organisation_type, organisation_name=by.organisation_name,
        )
        TeamMember.objects.create(practice=practice, user=by, joined_at=timezone.now())
    return practice


def save_section(practice, data, rows=None, *, by):
    """Save one passport section of a draft (F-PASS-3) from already valid values.

    ``data``: the section form's cleaned data, ``{practice field: value}`` (many-to-many fields
    included); ``rows``: for a section with lists (results, third parties),
    ``{related name: {"saved": [(pk or None, {field: value})], "deleted": [pk]}}`` — what
    ``practices.passport.forms.section_rows`` reads from the valid formsets. The pks of the rows it
    creates are added to each list's changes as ``"created": {form index: pk}`` (the autosave tells the
    page, issue 14 item 1)."""
    require(by, "edit_passport", practice, "Редактировать паспорт могут только автор и команда практики, "
                                           "пока практика в черновике или на доработке.")
    with transaction.atomic():
        many = {}
        for name, value in data.items():
            if Practice._meta.get_field(name).many_to_many:
                many[name] = value
            else:
                setattr(practice, name, value)
        practice.save()
        for name, value in many.items():
            getattr(practice, name).set(value)
        for related_name, changes in (rows or {}).items():
            _save_rows(practice, getattr(practice, related_name), changes)
        if "results" in (rows or {}) and practice.results_rows_requested and practice.results.exists():
            practice.results_rows_requested = False  # F-PLUS-1: the rows asked for are there
            practice.save(update_fields=["results_rows_requested"])
    return practice


def _save_rows(practice, related, changes):
    """Delete, change and add the rows of one list; new rows go to the end (``order``)."""
    for row in related.filter(pk__in=changes.get("deleted", [])):
        row.delete()
    next_order = 1 + max(related.values_list("order", flat=True), default=-1)
    created = changes.setdefault("created", {})
    indices = changes.get("indices") or [None] * len(changes.get("saved", []))
    for (pk, values), index in zip(changes.get("saved", []), indices, strict=True):
        if pk is None:
            row = related.model(practice=practice, order=next_order)
            next_order += 1
        else:
            row = related.get(pk=pk)
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
        if pk is None:
            created[index] = row.pk
