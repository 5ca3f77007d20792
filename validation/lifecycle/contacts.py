"""Contacts of the practices' authors and teams (4.1.12; SPEC F-ACC-5, F-DL-5, F-DL-6, F-DL-10): one service per
user action, the overdue action of an author's silence and the yearly campaign.

* The ASI moderator asks a region's coordinator to update the contacts (``request_contact_update``): 14
  working days on the production calendar (F-DL-5, kind CONTACT_UPDATE); the coordinators are reminded, and
  when overdue the ASI moderators are told and see it overdue on the campaign page.
* A moderator records that an author does not answer (``record_author_silence``); after 14 working days of
  silence (F-DL-6, kind AUTHOR_SILENT) ``author_silence_overdue`` opens a request to the region's
  coordinator by itself, once per silence. Replacing the author stays a reasoned request (4.1.11).
* Every 1 January ``open_yearly_campaign`` opens a request for every region that has a coordinator, due at
  the end of January (F-DL-10): the last working day on or before 31 January (choice: «до конца января»
  means the coordinator's last working day of January). Idempotent (one per region and year).

Choices where the regulation is silent: the campaign's ``year`` is the January it runs in (the campaign of
January 2027 covers the calendar year 2026); a region without a coordinator gets no campaign request (there is
nobody to ask) — the ASI moderator's page lists such regions apart; the coordinator confirms «контакты
обновлены» once, with an optional comment, and the request's clock is met.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from practices.models import Practice
from practices.services import region_coordinators
from regions.models import Region
from smarteka import permissions
from smarteka.deadlines.models import Deadline
from smarteka.deadlines.services import (
    cancel_deadlines,
    meet_deadlines,
    open_deadline,
    open_deadlines_by_object,
)
from smarteka.history import services as history
from smarteka.notifications.services import notify, resolve_action
from smarteka.roles.models import Role, RoleGrant
from smarteka.roles.services import holders
from smarteka.workcalendar.services import is_working_day
from validation.lifecycle.kinds import AUTHOR_SILENT, CONTACT_UPDATE
from validation.lifecycle.permissions_stewardship import PLACED_STATES
from validation.models import AuthorSilence, ContactReason, ContactUpdateRequest

CONTACT_WORKING_DAYS = 14  # 4.1.12, F-DL-5
SILENCE_WORKING_DAYS = 14  # 4.1.12, F-DL-6
# the ASI moderator asks on the first two grounds; the third is the yearly campaign, opened by the platform
MANUAL_REASONS = (ContactReason.LEFT_JOB, ContactReason.AUTHOR_SILENT)


def campaign_due_on(year):
    """F-DL-10: «до конца января» — 31 January of ``year``, or the last working day before it."""
    day = datetime.date(year, 1, 31)
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def _open(region, *, reason, by=None, practice=None, comment="", year=None, silence=None):
    """Create the request and its clock, tell the region's coordinators (an action notice). Inside the
    caller's transaction."""
    request = ContactUpdateRequest.objects.create(region=region, reason=reason, practice=practice, comment=comment,
                                                  requested_by=by, year=year, silence=silence)
    coordinators = region_coordinators(region)
    if year is not None:
        due = {"due_on": campaign_due_on(year), "starts_on": min(timezone.localdate(), campaign_due_on(year))}
    else:
        due = {"working_days": CONTACT_WORKING_DAYS}
    deadline = open_deadline(request, CONTACT_UPDATE, assignees=coordinators,
                             escalate_to=holders(Role.ASI_MODERATOR), **due)
    about = f" (практика «{practice}»)" if practice is not None else ""
    notify(coordinators, kind="contact_update_requested", obj=request, url=request.get_absolute_url(),
           requires_action=True,
           title=(f"Ежегодная актуализация контактов авторов практик до {deadline.due_on:%d.%m.%Y}" if year
                  else f"Обновите контактные данные авторов и команд практик до {deadline.due_on:%d.%m.%Y}"),
           body=(f"Модератор АСИ просит обеспечить актуализацию контактных данных авторов и членов команд практик "
                 f"региона «{region}»{about} (п. 4.1.12 Регламента): {request.get_reason_display()}.\n"
                 f"Срок — {deadline.due_on:%d.%m.%Y}. Проверьте контакты и подтвердите, что они обновлены."
                 + (f"\n\nКомментарий: {comment}" if comment else "")))
    return request


def request_contact_update(region, *, by, reason, practice=None, comment=""):
    """4.1.12, F-ACC-5: the ASI moderator asks the region's coordinator to update its authors' and teams'
    contacts within 14 working days (F-DL-5). Russian errors at the field."""
    permissions.require(by, "request_contact_update", region)
    errors = {}
    if region is None:
        errors["region"] = "Выберите регион."
    elif not region_coordinators(region):
        errors["region"] = "В регионе нет регионального координатора: запрос некому направить."
    if reason not in MANUAL_REASONS:
        errors["reason"] = "Выберите основание из п. 4.1.12 Регламента."
    if practice is not None and region is not None and practice.region_id != region.pk:
        errors["practice"] = "Практика относится к другому региону."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return _open(region, reason=reason, by=by, practice=practice, comment=(comment or "").strip())


def confirm_contact_update(request, *, by, comment=""):
    """The coordinator confirms «контакты обновлены» (optionally with a comment): the clock is met, whoever
    asked (or the ASI moderators, for a request the platform opened) is told."""
    with transaction.atomic():
        request = (ContactUpdateRequest.objects.select_for_update(of=("self",)).select_related("region", "requested_by")
                   .get(pk=request.pk))
        permissions.require(by, "confirm_contact_update", request)
        request.confirmed_at, request.confirmed_by = timezone.now(), by
        request.confirmation_comment = (comment or "").strip()
        request.save(update_fields=["confirmed_at", "confirmed_by", "confirmation_comment"])
        meet_deadlines(request, CONTACT_UPDATE)
        resolve_action(request)
        notify(request.requested_by or holders(Role.ASI_MODERATOR), kind="contact_update_confirmed", obj=request,
               url=request.get_absolute_url(), title=f"Контакты обновлены: {request.region}",
               body=(f"{by} подтвердил(а), что контактные данные авторов и команд практик региона обновлены."
                     + (f"\n\nКомментарий: {request.confirmation_comment}" if request.confirmation_comment else "")))
    return request


# --- the author's silence (F-DL-6)


def _locked_practice(practice):
    return Practice.objects.select_for_update(of=("self",)).select_related("author", "region", "category").get(
        pk=practice.pk)


def record_author_silence(practice, *, by, comment, since=None):
    """4.1.12: the expert-moderator of the category or the ASI moderator records that the author does not
    answer the request sent on ``since`` (default today) by the profile's contacts; the 14 working days of
    F-DL-6 run from then. Recorded in the practice's history."""
    comment = (comment or "").strip()
    since = since or timezone.localdate()
    errors = {}
    if not comment:
        errors["comment"] = "Опишите, как и когда вы обращались к автору."
    if since > timezone.localdate():
        errors["since"] = "Дата обращения не может быть в будущем."
    with transaction.atomic():
        practice = _locked_practice(practice)
        permissions.require(by, "record_author_silence", practice)
        if errors:
            raise ValidationError(errors)
        silence = AuthorSilence.objects.create(practice=practice, author=practice.author, recorded_by=by,
                                               since=since, comment=comment)
        open_deadline(silence, AUTHOR_SILENT, starts_on=since, working_days=SILENCE_WORKING_DAYS, assignees=[by],
                      escalate_to=[u for u in holders(Role.ASI_MODERATOR) if u.pk != by.pk])
        history.record(practice, by=by, old=practice.state, action="author_silence_recorded",
                       comment=f"Автор не отвечает на обращение от {since:%d.%m.%Y}: {comment}")
    return silence


def mark_author_answered(practice, *, by, comment=""):
    """The author answered: the open silence record is closed and its clock met (recorded)."""
    with transaction.atomic():
        practice = _locked_practice(practice)
        permissions.require(by, "mark_author_answered", practice)
        silence = practice.author_silences.select_for_update().get(answered_at__isnull=True)
        silence.answered_at = timezone.now()
        silence.save(update_fields=["answered_at"])
        meet_deadlines(silence, AUTHOR_SILENT)
        history.record(practice, by=by, old=practice.state, action="author_answered",
                       comment=("Автор ответил на обращение." + (f" {comment.strip()}" if comment.strip() else "")))
    return silence


def author_silence_overdue(deadline):
    """F-DL-6 overdue action (set in ``ValidationConfig.ready``): 14 working days of the author's silence
    open a contact update request to the region's coordinator by itself — once per silence (the request's
    one-to-one ``silence``), never for an answered silence or a practice no longer placed on the platform."""
    silence = deadline.content_object
    if silence is None or silence.answered_at is not None:
        return None
    practice = silence.practice
    if practice.state not in PLACED_STATES or ContactUpdateRequest.objects.filter(silence=silence).exists():
        return None
    try:
        with transaction.atomic():
            return _open(practice.region, reason=ContactReason.AUTHOR_SILENT, practice=practice, silence=silence,
                         comment=(f"Автор практики «{practice}» ({silence.author}) не отвечает на обращение от "
                                  f"{silence.since:%d.%m.%Y} более 14 рабочих дней. Замена автора возможна только "
                                  "по аргументированному запросу автора или координатора (п. 4.1.11)."))
    except IntegrityError:  # a concurrent scan opened it
        return None


# --- the yearly campaign (F-DL-10)


def regions_with_coordinators():
    grants = RoleGrant.objects.active().filter(role=Role.COORDINATOR, user__is_active=True)
    return Region.objects.filter(pk__in=grants.values("region_id")).order_by("name")


def open_yearly_campaign(year=None):
    """Every 1 January: a contact update request for every region that has a coordinator, due at the end of
    January. Run twice (or killed halfway and run again) it opens only what is missing; returns how many it
    opened."""
    year = year or timezone.localdate().year
    opened = 0
    for region in regions_with_coordinators():
        if ContactUpdateRequest.objects.filter(region=region, year=year).exists():
            continue
        try:
            with transaction.atomic():
                _open(region, reason=ContactReason.YEARLY, year=year)
        except IntegrityError:  # another worker opened it a moment ago
            continue
        opened += 1
    return opened


def cancel_for_practice(practice):
    """A deleted practice's silences stop counting (their clocks cancelled)."""
    for silence in AuthorSilence.objects.filter(practice=practice, answered_at__isnull=True):
        cancel_deadlines(silence)


# --- pages


def with_deadlines(requests):
    requests = list(requests)
    deadlines = open_deadlines_by_object(requests)
    for request in requests:
        found = deadlines.get(request.pk)
        request.deadline = found[0] if found else None
        request.is_overdue = bool(request.deadline and request.deadline.state == Deadline.State.OVERDUE)
    return requests


def _placed_counts():
    return dict(Practice.objects.filter(state__in=PLACED_STATES).values("region_id")
                .annotate(n=Count("pk")).values_list("region_id", "n"))


def campaign_overview(year):
    """The ASI moderator's page (F-DL-10): the campaign's requests of ``year`` (not confirmed first, with the
    number of the region's practices to check), the counts, the regions without a coordinator, and the open
    requests outside the campaign (overdue first)."""
    counts = _placed_counts()
    campaign = with_deadlines(ContactUpdateRequest.objects.filter(year=year).select_related("region", "confirmed_by")
                              .order_by("region__name"))
    campaign.sort(key=lambda r: (r.is_confirmed, not r.is_overdue))  # stable: by region within each group
    for request in campaign:
        request.practice_count = counts.get(request.region_id, 0)
    covered = {r.region_id for r in campaign}
    others = with_deadlines(ContactUpdateRequest.objects.filter(year__isnull=True, confirmed_at__isnull=True)
                             .select_related("region", "practice", "requested_by").order_by("created_at"))
    others.sort(key=lambda r: (not r.is_overdue, r.created_at))
    return {
        "year": year,
        "campaign": campaign,
        "not_confirmed": sum(1 for r in campaign if not r.is_confirmed),
        "confirmed": sum(1 for r in campaign if r.is_confirmed),
        "overdue": sum(1 for r in campaign if r.is_overdue),
        "without_coordinator": list(Region.objects.exclude(pk__in=regions_with_coordinators().values("pk"))
                                    .filter(pk__in=[rid for rid, n in counts.items() if n])
                                    .exclude(pk__in=covered).order_by("name")),
        "others": others,
    }


def coordinator_requests(user):
    """The coordinator's requests: those of the regions they coordinate, open first."""
    regions = RoleGrant.objects.active().filter(user=user, role=Role.COORDINATOR).values("region_id")
    requests = with_deadlines(ContactUpdateRequest.objects.filter(region_id__in=regions)
                              .select_related("region", "practice").order_by("-created_at"))
    requests.sort(key=lambda r: r.is_confirmed)
    return requests


def people_to_check(request):
    """The region's practices placed on the platform (or the one practice of the request) with their authors
    and joined team members and the contact fields of their profiles — for the coordinator of that region
    and the ASI moderator only (personal data, 152-ФЗ)."""
    practices = Practice.objects.filter(region_id=request.region_id, state__in=PLACED_STATES)
    if request.practice_id:
        practices = practices.filter(pk=request.practice_id)
    rows = []
    for practice in practices.select_related("author").prefetch_related("team__user").order_by("title"):
        people = [practice.author] + [m.user for m in practice.team.all()
                                      if m.user_id and m.user_id != practice.author_id]
        rows.append({"practice": practice, "people": people})
    return rows
