"""Events of the plan-schedule and the federal-district curators' records (F-EVT-1, F-EVT-2; 5.2, 5.3.1.1,
Прил.4 part 1): one function per user action, as in ``replication/services.py``."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from regions.models import Region
from replication.models import Event, Interest, InterestSummary, RegionInterest
from replication.services import asi_moderators
from smarteka import permissions
from smarteka.notifications.services import notify
from smarteka.roles.models import Role
from smarteka.roles.services import holders


def save_event(event, *, by, fields, practices=(), invited_regions=()):
    """Create (``event`` None) or change an event of the plan-schedule (5.2.6, Прил.4 part 1)."""
    with transaction.atomic():
        permissions.require(by, "manage_events", event)
        if event is None:
            event = Event(created_by=by)
        for name, value in fields.items():
            setattr(event, name, value)
        event.save()
        event.practices.set(practices)
        event.invited_regions.set(invited_regions)
    return event


def record_interest(event, *, by, region, practice, interest, comment=""):
    """The federal-district curator records a region's feedback after the event (5.3.1.1)."""
    if interest not in Interest.values:
        raise ValidationError("Выберите обратную связь региона.")
    with transaction.atomic():
        permissions.require(by, "record_region_interest", event)
        permissions.require(by, "record_interest_for_region", region,
                            message="Этот регион не входит в ваш федеральный округ.")
        if not event.practices.filter(pk=practice.pk).exists():
            raise ValidationError("Эта практика не презентовалась на мероприятии.")
        record, _ = RegionInterest.objects.update_or_create(
            event=event, region=region, practice=practice,
            defaults={"interest": interest, "comment": comment, "recorded_by": by, "recorded_at": timezone.now()},
        )
    return record


def summary_text(event, regions_qs=None):
    rows = event.interests.filter(interest=Interest.INTERESTED).select_related("region", "practice")
    if regions_qs is not None:
        rows = rows.filter(region__in=regions_qs)
    lines = [f"Мероприятие: {event}. Формат: {event.format}. Место: {event.place}.",
             "Регионы, заинтересованные во внедрении презентованных практик:"]
    lines += [f"— {r.region}: «{r.practice}»" + (f" ({r.comment})" if r.comment else "") for r in rows]
    if len(lines) == 2:
        lines.append("— нет")
    return "\n".join(lines)


def send_summary(event, *, by):
    """The curator passes the summary of interested regions of his district to the Agency (5.3.1.1)."""
    with transaction.atomic():
        permissions.require(by, "send_interest_summary", event)
        districts = permissions.role_districts(by, Role.FD_CURATOR)
        district_id = districts[0] if districts else None
        text = summary_text(event, Region.objects.filter(federal_district_id__in=districts))
        summary = InterestSummary.objects.create(event=event, federal_district_id=district_id, text=text, sent_by=by)
        notify(asi_moderators(), kind="replication_interest_summary", obj=event, url=event.get_absolute_url(),
               title=f"Сводка о заинтересованности регионов: {event.title}", body=text)
    return summary


def offer_practice(record, *, by):
    """Interested regions are offered to implement the practice through «Смартека» (Прил.4): the
    region's recipients and coordinators get a link to «Хочу внедрить» naming the event."""
    with transaction.atomic():
        record = RegionInterest.objects.select_for_update().select_related("event", "region", "practice").get(
            pk=record.pk)
        permissions.require(by, "record_interest_for_region", record.region)
        if record.interest != Interest.INTERESTED:
            raise ValidationError("Предложить внедрение можно только заинтересованному региону.")
        people = holders(Role.RECIPIENT, region=record.region) + holders(Role.COORDINATOR, region=record.region)
        url = reverse("replication:request_create", args=[record.practice_id]) + f"?event={record.event_id}"
        notify(people, kind="replication_offer", obj=record.event, url=url,
               title=f"Предложение внедрить практику «{record.practice}»",
               body=(f"По итогам мероприятия «{record.event.title}» ваш регион выразил заинтересованность во "
                     f"внедрении практики «{record.practice}». Подайте заявку через кнопку «Хочу внедрить»."))
        record.offered_at = timezone.now()
        record.save(update_fields=["offered_at"])
    return record

