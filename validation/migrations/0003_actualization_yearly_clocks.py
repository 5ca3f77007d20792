"""F-DL-8 (4.5.1): the yearly actualization clock for the practices published before it existed — a year
from the last actualization or the publication, the author and the region's coordinators reminded. A
practice that already has an open yearly clock gets none."""

import calendar
import datetime

from django.db import migrations
from django.utils import timezone

KIND = "actualization_yearly"  # validation.lifecycle.kinds.ACTUALIZATION_YEARLY


def _a_year_later(d):
    year = d.year + 1
    return d.replace(year=year, day=min(d.day, calendar.monthrange(year, d.month)[1]))


def _next_working_day(CalendarDay, d):
    exceptions = dict(CalendarDay.objects.filter(date__gte=d, date__lte=d + datetime.timedelta(days=30))
                      .values_list("date", "is_working"))
    while not exceptions.get(d, d.weekday() < 5):
        d += datetime.timedelta(days=1)
    return d


def open_yearly_clocks(apps, schema_editor):
    Practice = apps.get_model("practices", "Practice")
    Deadline = apps.get_model("deadlines", "Deadline")
    ContentType = apps.get_model("contenttypes", "ContentType")
    CalendarDay = apps.get_model("workcalendar", "CalendarDay")
    RoleGrant = apps.get_model("roles", "RoleGrant")
    practices = Practice.objects.filter(state="published", actualization_of__isnull=True)
    if not practices.exists():
        return
    ct, _ = ContentType.objects.get_or_create(app_label="practices", model="practice")
    has_clock = set(Deadline.objects.filter(content_type=ct, kind=KIND, state__in=["open", "overdue"])
                    .values_list("object_id", flat=True))
    for practice in practices.exclude(pk__in=has_clock):
        since = practice.actualized_at or practice.published_at or practice.updated_at
        starts_on = timezone.localdate(since) if timezone.is_aware(since) else since.date()
        deadline = Deadline.objects.create(kind=KIND, content_type=ct, object_id=practice.pk, starts_on=starts_on,
                                           due_on=_next_working_day(CalendarDay, _a_year_later(starts_on)))
        coordinators = (RoleGrant.objects.filter(role="coordinator", region_id=practice.region_id,
                                                 revoked_at__isnull=True).values_list("user_id", flat=True))
        deadline.assignees.set({practice.author_id, *coordinators})


class Migration(migrations.Migration):
    dependencies = [
        ("validation", "0002_actualization_request"),
        ("practices", "0010_actualization"),
        ("deadlines", "0001_initial"),
        ("workcalendar", "0002_seed_calendar"),
        ("roles", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(open_yearly_clocks, migrations.RunPython.noop)]
