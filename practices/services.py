"""The practice's action services: one function per user action (STYLE 2)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from practices.models import Practice, PracticeState, Track
from practices.revision import services as revision
from practices.submission import versions
from practices.submission.completeness import submission_problems
from smarteka import permissions
from smarteka.deadlines.services import meet_deadlines
from smarteka.history import services as history
from smarteka.history.services import last_transition
from smarteka.notifications.services import notify, resolve_action
from smarteka.roles.models import Role
from smarteka.roles.services import holders

# tracks an author chooses at submission (SPEC §5; selections come with their own applications)
SUBMISSION_TRACKS = (Track.REGIONAL_INITIATIVE, Track.STATE_COUNCIL, Track.AGENCY_REQUEST)

# F-DL-1, registered in PracticesConfig.ready(); opened by validation when a stage returns the practice
REVISION_DEADLINE_KIND = "practice_revision"


def tracks_for(practice):
    """The tracks the author may submit ``practice`` on: a selection application stays on the «Отбор»
    track (4.3.4: the selection's own Положение and dates govern it), any other practice takes one of the
    three tracks of F-TRACK-1…3."""
    return (Track.SELECTION,) if practice.track == Track.SELECTION else SUBMISSION_TRACKS


class SubmissionRefused(ValidationError):
    """Every unmet condition of F-PASS-4, one Russian sentence each (``.messages``)."""


def region_coordinators(region):
    return holders(Role.COORDINATOR, region=region)


def _locked(practice):
    return Practice.objects.select_for_update().select_related("author", "region").get(pk=practice.pk)


def _refuse_if_problems(practice, *, window, extra=()):
    problems = submission_problems(practice, window=window) + list(extra)
    if problems:
        raise SubmissionRefused(problems)


def _versions_url(practice):
    return reverse("practices:versions", args=[practice.pk])


def _send_version(practice, *, by, transition, action, comment):
    """Run the author's ``transition`` (submit or resubmit) on the locked practice and keep its passport:
    a new version, seen by the author, and the history record; returns the version (F-PASS-5)."""
    old = practice.state
    transition()
    practice.submitted_at = timezone.now()
    practice.save()
    version = versions.create_version(practice, by=by)
    history.record(practice, by=by, old=old, action=action, comment=comment(version))
    versions.mark_seen(practice, by, version)
    return version


def submit_practice(practice, *, by, track):
    """The author submits a draft to the region's coordinator (F-PASS-4, F-TRACK-1…3, 4.1.8)."""
    if track not in tracks_for(practice):
        raise ValidationError("Заявка на отбор подаётся по треку «Отбор»." if practice.track == Track.SELECTION
                              else "Выберите трек подачи практики.")
    with transaction.atomic():
        practice = _locked(practice)
        permissions.require(by, "submit_practice", practice)
        if practice.state != PracticeState.DRAFT:
            raise ValidationError("Подать можно только черновик практики.")
        practice.track = track
        _refuse_if_problems(practice, window=True)
        _send_version(practice, by=by, transition=practice.submit, action="submit",
                      comment=lambda v: f"Трек подачи: {practice.get_track_display()}. Версия паспорта {v.number}.")
        url = _versions_url(practice)
        notify(region_coordinators(practice.region), kind="practice_submitted", obj=practice, url=url,
               requires_action=True,
               title=f"Практика «{practice}» ждёт подтверждения региона",
               body=(f"{practice.author} подал(а) практику «{practice}» на платформу «Смартека» "
                     f"(трек: {practice.get_track_display()}). Проверьте паспорт и подтвердите, верните "
                     "на доработку или отклоните практику."))
        notify(practice.author, kind="practice_submitted_author", obj=practice, url=url,
               title=f"Практика «{practice}» подана",
               body="Практика передана региональному координатору на подтверждение.")
    return practice


def revision_sender(practice):
    """Who returned the practice for revision last (F-VAL-5): notified when the author resubmits."""
    last = last_transition(practice, PracticeState.REVISION)
    return last.by if last else None


def _stage_reviewers(practice):
    """Who acts on the stage a resubmitted practice lands on (F-NOTE-1): after an expert approval with
    additions that is the next stage — the rating committee or the ASI moderators (4.4.8)."""
    state = practice.state
    if state == PracticeState.REGIONAL_REVIEW:
        return region_coordinators(practice.region)
    if state in (PracticeState.PACKAGING, PracticeState.EXPERT_REVIEW) and practice.expert_moderator_id:
        return [practice.expert_moderator]
    if state == PracticeState.RATING_COMMITTEE:
        return holders(Role.RATING_COMMITTEE)
    if state == PracticeState.READY_TO_PUBLISH:
        return holders(Role.ASI_MODERATOR)
    return []


def resubmit_practice(practice, *, by, comment=""):
    """The author returns the revised passport to the stage that sent it back (SPEC §6, 4.1.9)."""
    with transaction.atomic():
        practice = _locked(practice)
        permissions.require(by, "submit_practice", practice)
        if practice.state != PracticeState.REVISION:
            raise ValidationError("Практика не находится на доработке.")
        # F-PLUS-8: every point of the reviewer's return answered by the team
        _refuse_if_problems(practice, window=False, extra=revision.unanswered_problems(practice))
        version = _send_version(practice, by=by, transition=practice.resubmit, action="resubmit",
                                comment=lambda v: comment or f"Доработанная версия паспорта {v.number}.")
        meet_deadlines(practice, REVISION_DEADLINE_KIND)
        resolve_action(practice, user=practice.author)

        reviewers = _stage_reviewers(practice)
        sender = revision_sender(practice)
        if sender is not None and sender.pk != by.pk and sender not in reviewers:
            reviewers.append(sender)
        url = _versions_url(practice)
        notify(reviewers, kind="practice_resubmitted", obj=practice, url=url, requires_action=True,
               title=f"Практика «{practice}» доработана",
               body=(f"Автор вернул доработанную практику «{practice}» (версия {version.number}) на этап "
                     f"«{practice.get_state_display()}». Изменения по сравнению с последней просмотренной "
                     "вами версией показаны на странице версий." + (f"\n\nКомментарий автора: {comment}"
                                                                    if comment else "")))
        notify(practice.author, kind="practice_resubmitted_author", obj=practice, url=url,
               title=f"Доработанная практика «{practice}» отправлена",
               body=f"Практика возвращена на этап «{practice.get_state_display()}».")
    return practice
