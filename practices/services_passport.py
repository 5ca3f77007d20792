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


def save_section(practice, form, formsets=None, *, by):
    """Save one passport section of a draft (F-PASS-3); the form and formsets are already valid."""
    require(by, "edit_passport", practice, "Редактировать паспорт могут только автор и команда практики, "
                                           "пока практика в черновике или на доработке.")
    with transaction.atomic():
        practice = form.save()
        for formset in (formsets or {}).values():
            formset.instance = practice
            objects = formset.save(commit=False)
            for obj in formset.deleted_objects:
                obj.delete()
            model = formset.model
            next_order = 1 + max(model.objects.filter(practice=practice).values_list("order", flat=True),
                                 default=-1)
            for obj in objects:
                if obj.pk is None:
                    obj.order, next_order = next_order, next_order + 1
                obj.save()
    return practice
