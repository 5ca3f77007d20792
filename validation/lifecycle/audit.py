"""The yearly audit (4.5.3, F-ACT-2): «Ответственные работники профильных структурных подразделений Агентства
(эксперты-модераторы) ежегодно осуществляют аудит практик, опубликованных в основном каталоге Платформы».

Choices (the regulation is silent on the details):

* «ежегодно» is the calendar year: every published practice of the expert-moderator's categories is due until
  it has an ``AuditRecord`` of this year (one per practice and year, a unique constraint);
* the worklist is oldest first — by the last actualization, else by publication;
* the ASI moderator sees the worklist of every category, read-only: the audit is the expert-moderators'
  (4.5.3), the ASI moderator decides on the proposals it leads to (4.6.1);
* outcomes: «актуальна»; «запросить актуализацию» (recorded with its reason, which the actualization request
  of 4.5.4 carries — see ``record_outcome``); «предложить архивирование» opens the proposal form prefilled and is
  recorded together with the proposal (``propose_from_audit``).
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from practices.models import Practice, PracticeState, TeamMember
from smarteka.permissions import has_role, role_categories
from smarteka.roles.models import Role
from validation.lifecycle import archiving
from validation.lifecycle.actualization import request_actualization
from validation.lifecycle.models_archiving import (
    OPEN_PROPOSAL_STATES,
    ArchiveProposal,
    AuditOutcome,
    AuditRecord,
)
from validation.services import move

REASON_MESSAGE = "Напишите, что автору нужно актуализировать (п. 4.5.4 Регламента)."


def last_actualization():
    """The date the worklist sorts by: the last accepted actualization (``Practice.actualized_at``, F-ACT-1),
    else publication."""
    return Coalesce("actualized_at", "published_at")


def worklist(user, today=None):
    """Published practices of the user's categories (every category for the ASI moderator) not audited this
    year, oldest first, each annotated with: ``last_actualized``, ``requests_last_year`` (replication requests made
    in the last 12 months), ``open_requests`` (requested / assigned / in progress), ``has_mentor``
    (``TeamMember.is_mentor``) and ``has_open_proposal``. A constant number of queries however many practices:
    the replication requests are counted over the reverse relation ``replication_requests`` by name and state
    strings (validation may not import replication, see ``archiving.OPEN_REQUEST_STATES``)."""
    today = today or timezone.localdate()
    year_ago = timezone.make_aware(datetime.datetime.combine(today - relativedelta(years=1), datetime.time.min))
    practices = Practice.objects.filter(state=PracticeState.PUBLISHED)
    if not has_role(user, Role.ASI_MODERATOR):
        practices = practices.filter(category_id__in=role_categories(user, Role.EXPERT_MODERATOR))
    return (practices
            .exclude(Exists(AuditRecord.objects.filter(practice=OuterRef("pk"), year=today.year)))
            .annotate(last_actualized=last_actualization(),
                      requests_last_year=Count("replication_requests", distinct=True,
                                               filter=Q(replication_requests__created_at__gte=year_ago)),
                      open_requests=Count("replication_requests", distinct=True, filter=Q(
                          replication_requests__state__in=archiving.OPEN_REQUEST_STATES)),
                      has_mentor=Exists(TeamMember.objects.filter(practice=OuterRef("pk"), is_mentor=True)),
                      has_open_proposal=Exists(ArchiveProposal.objects.filter(
                          practice=OuterRef("pk"), state__in=OPEN_PROPOSAL_STATES)))
            .select_related("category", "region")
            .order_by(F("last_actualized").asc(nulls_first=True), "pk"))


def audited_this_year(user, today=None):
    """This year's audit records of the practices the user sees on the worklist, newest first."""
    today = today or timezone.localdate()
    records = AuditRecord.objects.filter(year=today.year)
    if not has_role(user, Role.ASI_MODERATOR):
        records = records.filter(practice__category_id__in=role_categories(user, Role.EXPERT_MODERATOR))
    return records.select_related("practice", "audited_by").order_by("-audited_at")


def _save_record(practice, *, by, outcome, comment):
    year = timezone.localdate().year
    try:
        with transaction.atomic():
            return AuditRecord.objects.create(practice=practice, year=year, outcome=outcome, comment=comment,
                                              audited_by=by)
    except IntegrityError:
        raise ValidationError({"outcome": f"Аудит практики «{practice}» в {year} году уже проведён."}) from None


def record_outcome(practice, *, by, outcome, comment=""):
    """F-ACT-2: record this year's audit of ``practice`` (once per practice and year; a second one — a double
    click, two moderators — is refused with a Russian message). «Предложить архивирование» goes through
    ``propose_from_audit`` instead (the proposal needs its ground and justification)."""
    comment = (comment or "").strip()
    if outcome not in AuditOutcome.values:
        raise ValidationError({"outcome": "Выберите итог аудита."})
    if outcome == AuditOutcome.PROPOSE_ARCHIVING:
        raise ValidationError({"outcome": "Чтобы предложить архивирование, заполните форму предложения."})
    if outcome == AuditOutcome.REQUEST_ACTUALIZATION and not comment:
        raise ValidationError({"comment": REASON_MESSAGE})
    label = AuditOutcome(outcome).label

    def save(locked):
        _save_record(locked, by=by, outcome=outcome, comment=comment)
        if outcome == AuditOutcome.REQUEST_ACTUALIZATION:
            # 4.5.4: the author is asked to actualize (the ASI moderator grants access; F-DL-2 then runs)
            request_actualization(locked, by=by, reason=comment)

    move(practice, None, action="audit_practice", by=by, prepare=save, notify=False,
         comment=f"Ежегодный аудит ({timezone.localdate().year}): {label}.\n{comment}".strip())
    return AuditRecord.objects.get(practice=practice, year=timezone.localdate().year)


def propose_from_audit(practice, *, by, ground, justification):
    """F-ACT-2 → F-ARCH-1: the audit outcome «предложить архивирование», recorded with the proposal in one
    transaction (no audit record without its proposal, and the other way round)."""

    def also(locked):
        _save_record(locked, by=by, outcome=AuditOutcome.PROPOSE_ARCHIVING, comment=justification.strip())

    return archiving.propose_archiving(practice, by=by, ground=ground, justification=justification, also=also)
