"""Archiving (F-ARCH-1; regulation 4.2.1.4–4.2.1.5, 4.6.1), the daily archiving check (F-DL-9), the overdue
actualization request (F-DL-2 → 4.6.1) and the return from the knowledge base (issue 21 item 4): what the
database holds and what the people concerned are told."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from practices.models import Practice, PracticeState
from practices.signals import practice_left_catalogue
from smarteka.deadlines.models import Deadline
from smarteka.deadlines.services import open_deadline, open_deadlines_for, scan
from smarteka.history.services import history_for
from smarteka.notifications.models import Notice
from tests.validation.lifecycle_helpers import JUSTIFICATION, MENTOR_GROUND, archive, propose, published
from tests.validation.lifecycle_helpers import replication_request as make_request
from validation import tasks
from validation.grounds import (
    ARCHIVING_GROUND_AUTHOR_REFUSED,
    ARCHIVING_GROUND_NO_REQUESTS,
    ARCHIVING_GROUNDS,
)
from validation.lifecycle import archiving, kinds
from validation.models import ArchiveProposal, ProposalOrigin, ProposalState

pytestmark = pytest.mark.django_db

MSK = datetime.timezone(datetime.timedelta(hours=3))


def _notices(user, kind):
    return Notice.objects.filter(recipient=user, kind=kind)


# --- the expert-moderator proposes, the ASI moderator archives (F-ARCH-1)


def test_f_arch_1_proposal_is_the_letter_with_the_justification_to_the_asi_moderator(practice_in, expert_moderator,
                                                                                       asi_moderator):
    practice = practice_in(PracticeState.PUBLISHED)
    proposal = propose(practice, expert_moderator)
    assert (proposal.state, proposal.ground, proposal.proposed_by) == (ProposalState.PROPOSED, MENTOR_GROUND,
                                                                       expert_moderator)
    letter = _notices(asi_moderator, "archive_proposed").get()
    assert JUSTIFICATION in letter.body and MENTOR_GROUND in letter.body  # 4.2.1.5
    assert letter.url == reverse("archiving:proposal", args=[proposal.pk])
    assert history_for(practice).filter(action="propose_archiving").count() == 1


def test_f_arch_1_archiving_moves_the_practice_to_the_knowledge_base_and_tells_everyone(
        practice_in, expert_moderator, asi_moderator, author, coordinator, django_capture_on_commit_callbacks):
    practice = practice_in(PracticeState.PUBLISHED)
    open_deadline(practice, kinds.ACTUALIZATION_YEARLY, years=1, assignees=[author])
    team_member = practice.team.exclude(user=author).first().user
    heard = []
    practice_left_catalogue.connect(lambda sender, **kw: heard.append((sender, kw)), weak=False,
                                    dispatch_uid="test-archiving")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            practice, proposal = archive(practice, expert_moderator, asi_moderator)
    finally:
        practice_left_catalogue.disconnect(dispatch_uid="test-archiving")
    assert practice.state == PracticeState.ARCHIVED
    assert practice.archive_ground == MENTOR_GROUND and practice.archived_at is not None
    assert (proposal.state, proposal.decided_by) == (ProposalState.ARCHIVED, asi_moderator)
    last = history_for(practice).filter(action="archive").get()
    assert (last.from_state, last.to_state, last.by) == (PracticeState.PUBLISHED, PracticeState.ARCHIVED, asi_moderator)
    for user in (author, team_member, coordinator, expert_moderator):
        notice = _notices(user, "practice_archived").get()
        assert MENTOR_GROUND in notice.body
    assert not open_deadlines_for(practice).exists()  # the yearly actualization clock ended
    assert [(s, kw["practice"].pk, kw["state"], kw["reason"], kw["by"]) for s, kw in heard] == [
        (Practice, practice.pk, "archived", MENTOR_GROUND, asi_moderator)]


def test_f_arch_1_archived_practice_leaves_the_catalogue_for_the_knowledge_base_with_ground_and_date(
        client, practice_in, expert_moderator, asi_moderator):
    practice = practice_in(PracticeState.PUBLISHED, title="Школа наставников")
    practice, _ = archive(practice, expert_moderator, asi_moderator)
    assert "Школа наставников" not in client.get(reverse("practices:catalogue")).content.decode()
    assert "Школа наставников" in client.get(reverse("practices:knowledge_base")).content.decode()
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "в случае отсутствия наставника, готового сопровождать тиражирование практики" in page
    assert f"{timezone.localdate(practice.archived_at):%d.%m.%Y}" in page


def test_f_arch_1_decline_needs_a_reason_and_keeps_the_practice_published(practice_in, expert_moderator,
                                                                           asi_moderator):
    practice = practice_in(PracticeState.PUBLISHED)
    proposal = propose(practice, expert_moderator)
    with pytest.raises(ValidationError) as refused:
        archiving.decline(proposal, by=asi_moderator, reason="  ")
    assert refused.value.message_dict == {"reason": ["Укажите причину отказа."]}
    proposal = archiving.decline(proposal, by=asi_moderator, reason="Наставник найден в регионе")
    assert proposal.state == ProposalState.DECLINED
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.PUBLISHED
    assert "Наставник найден в регионе" in _notices(expert_moderator, "archive_proposal_declined").get().body


# --- bad input (issue 21, «Bad input and concurrency»)


def test_f_arch_1_second_proposal_for_a_practice_under_proposal_is_refused_in_russian(practice_in, expert_moderator):
    practice = practice_in(PracticeState.PUBLISHED)
    propose(practice, expert_moderator)
    with pytest.raises(ValidationError) as refused:
        propose(practice, expert_moderator, ARCHIVING_GROUNDS[2])
    assert "уже есть открытое предложение об архивировании" in refused.value.message_dict["ground"][0]
    assert ArchiveProposal.objects.filter(practice=practice).count() == 1


def test_f_arch_1_the_database_refuses_a_second_open_proposal(practice_in, expert_moderator):
    """The partial unique constraint is the last word when two requests pass the check at the same moment."""
    practice = practice_in(PracticeState.PUBLISHED)
    propose(practice, expert_moderator)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArchiveProposal.objects.create(practice=practice, ground=ARCHIVING_GROUNDS[0], justification="Ещё раз")


def test_f_arch_1_proposal_for_an_archived_practice_is_refused_in_russian(practice_in, expert_moderator,
                                                                          asi_moderator):
    practice, _ = archive(practice_in(PracticeState.PUBLISHED), expert_moderator, asi_moderator)
    with pytest.raises(ValidationError) as refused:
        propose(practice, expert_moderator)
    assert "уже в Базе знаний" in refused.value.message_dict["ground"][0]


def test_f_arch_1_proposal_for_a_deleted_practice_is_refused_in_russian(practice_in, expert_moderator,
                                                                        asi_moderator):
    practice = practice_in(PracticeState.PUBLISHED)
    Practice.objects.filter(pk=practice.pk).update(state=PracticeState.DELETED)
    with pytest.raises(ValidationError) as refused:
        propose(Practice.objects.get(pk=practice.pk), expert_moderator)
    assert "удалена" in refused.value.message_dict["ground"][0]


@pytest.mark.parametrize("ground,justification,field,message", [
    ("просто так", JUSTIFICATION, "ground", "Выберите основание из списка"),
    (MENTOR_GROUND, "   ", "justification", "Напишите обоснование необходимости архивации"),
])
def test_f_arch_1_proposal_needs_a_listed_ground_and_a_justification(practice_in, expert_moderator, ground,
                                                                     justification, field, message):
    practice = practice_in(PracticeState.PUBLISHED)
    with pytest.raises(ValidationError) as refused:
        archiving.propose_archiving(practice, by=expert_moderator, ground=ground, justification=justification)
    assert message in refused.value.message_dict[field][0]
    assert not ArchiveProposal.objects.exists()


def test_f_arch_1_expert_moderator_of_another_category_and_coordinator_cannot_propose(
        practice_in, expert_moderator_of_other_category, coordinator, author):
    practice = practice_in(PracticeState.PUBLISHED)
    for user in (expert_moderator_of_other_category, coordinator, author):
        with pytest.raises(PermissionDenied):
            propose(practice, user)
    assert not ArchiveProposal.objects.exists()


def test_f_arch_1_acting_on_a_decided_proposal_is_refused(practice_in, expert_moderator, asi_moderator):
    practice = practice_in(PracticeState.PUBLISHED)
    proposal = propose(practice, expert_moderator)
    archiving.decline(proposal, by=asi_moderator, reason="Практика востребована")
    with pytest.raises(TransitionNotAllowed):
        archiving.archive(proposal, by=asi_moderator)
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.PUBLISHED


# --- return from the knowledge base (issue 21 item 4)


def test_restore_from_archive_needs_a_reason_and_is_recorded(practice_in, expert_moderator, asi_moderator, author):
    practice, proposal = archive(practice_in(PracticeState.PUBLISHED), expert_moderator, asi_moderator)
    with pytest.raises(ValidationError):
        archiving.restore(practice, by=asi_moderator, reason="")
    with pytest.raises(PermissionDenied):
        archiving.restore(practice, by=expert_moderator, reason="Актуализирована")
    practice = archiving.restore(practice, by=asi_moderator, reason="Автор актуализировал паспорт, наставник есть")
    assert (practice.state, practice.archive_ground, practice.archived_at) == (PracticeState.PUBLISHED, "", None)
    record = history_for(practice).filter(action="restore_from_archive").get()
    assert (record.from_state, record.to_state) == (PracticeState.ARCHIVED, PracticeState.PUBLISHED)
    assert "наставник есть" in record.comment
    assert ArchiveProposal.objects.get(pk=proposal.pk).restored_at is not None
    assert _notices(author, "practice_restored").count() == 1


# --- the daily check (F-DL-9)


def test_f_dl_9_daily_check_proposes_a_practice_without_requests_for_a_year_once(author, expert_moderator):
    with time_machine.travel(datetime.datetime(2026, 3, 10, 9, 0, tzinfo=MSK)):
        old = published(author, "Год без заявок")
        fresh = published(author, "Свежая практика", published_at=timezone.now() + datetime.timedelta(days=2))
    with time_machine.travel(datetime.datetime(2027, 3, 9, 9, 0, tzinfo=MSK)):
        assert tasks.archiving_check.apply().result == 0  # 364 days
    with time_machine.travel(datetime.datetime(2027, 3, 10, 9, 0, tzinfo=MSK)):
        assert tasks.archiving_check.apply().result == 1
        assert tasks.archiving_check.apply().result == 0  # run twice: nothing more
    proposal = ArchiveProposal.objects.get()
    assert (proposal.practice, proposal.ground, proposal.state, proposal.proposed_by, proposal.origin) == (
        old, ARCHIVING_GROUND_NO_REQUESTS, ProposalState.AWAITING_EXPERT, None, ProposalOrigin.DAILY_CHECK)
    assert "опубликована 10.03.2026" in proposal.finding
    notice = _notices(expert_moderator, "archive_proposal_awaiting").get()
    assert notice.requires_action and notice.url == proposal.get_absolute_url()
    assert not ArchiveProposal.objects.filter(practice=fresh).exists()


def test_f_dl_9_a_request_in_progress_stops_the_check_and_the_last_request_restarts_the_year(author, recipient):
    with time_machine.travel(datetime.datetime(2025, 1, 15, 9, 0, tzinfo=MSK)):
        practice = published(author, "Практика с заявкой")
        req = make_request(practice, recipient, created_at=timezone.now() + datetime.timedelta(days=100))
    with time_machine.travel(datetime.datetime(2026, 2, 1, 9, 0, tzinfo=MSK)):
        assert archiving.propose_archiving_without_requests() == 0  # the request is in progress
        type(req).objects.filter(pk=req.pk).update(state="done")
        assert archiving.propose_archiving_without_requests() == 0  # the last request was < 1 year ago
    with time_machine.travel(datetime.datetime(2026, 4, 25, 9, 0, tzinfo=MSK)):
        assert archiving.propose_archiving_without_requests() == 1
    assert "Последняя заявка на внедрение подана 25.04.2025" in ArchiveProposal.objects.get().finding


def test_f_dl_9_after_a_decline_the_year_counts_anew_from_the_decline(author, expert_moderator, asi_moderator):
    with time_machine.travel(datetime.datetime(2025, 1, 15, 9, 0, tzinfo=MSK)):
        practice = published(author, "Отклонённое предложение")
    with time_machine.travel(datetime.datetime(2026, 1, 15, 9, 0, tzinfo=MSK)):
        assert archiving.propose_archiving_without_requests() == 1
        proposal = ArchiveProposal.objects.get()
        archiving.confirm_proposal(proposal, by=expert_moderator, ground=proposal.ground, justification="Заявок нет")
    with time_machine.travel(datetime.datetime(2026, 2, 2, 9, 0, tzinfo=MSK)):
        archiving.decline(proposal, by=asi_moderator, reason="Практика в плане мероприятий")
        assert archiving.propose_archiving_without_requests() == 0
    with time_machine.travel(datetime.datetime(2027, 2, 1, 9, 0, tzinfo=MSK)):
        assert archiving.propose_archiving_without_requests() == 0
    with time_machine.travel(datetime.datetime(2027, 2, 2, 9, 0, tzinfo=MSK)):
        assert archiving.propose_archiving_without_requests() == 1
    assert ArchiveProposal.objects.filter(practice=practice, state=ProposalState.AWAITING_EXPERT).count() == 1


def test_f_dl_9_killed_halfway_the_rerun_finishes_without_duplicates(author, expert_moderator):
    with time_machine.travel(datetime.datetime(2025, 1, 15, 9, 0, tzinfo=MSK)):
        practices = [published(author, f"Практика {i}") for i in range(3)]
    real = archiving.open_system_proposal
    calls = []

    def dies_on_the_second(practice, **kwargs):
        calls.append(practice.pk)
        if len(calls) == 2:
            raise SystemExit("worker killed")
        return real(practice, **kwargs)

    with time_machine.travel(datetime.datetime(2026, 2, 1, 9, 0, tzinfo=MSK)):
        with mock.patch.object(archiving, "open_system_proposal", dies_on_the_second), pytest.raises(SystemExit):
            archiving.propose_archiving_without_requests()
        assert ArchiveProposal.objects.count() == 1
        assert archiving.propose_archiving_without_requests() == 2
        assert archiving.propose_archiving_without_requests() == 0
    assert sorted(ArchiveProposal.objects.values_list("practice_id", flat=True)) == sorted(p.pk for p in practices)
    assert _notices(expert_moderator, "archive_proposal_awaiting").count() == 3


def test_f_dl_9_expert_moderator_confirms_with_a_ground_then_the_asi_moderator_is_written_to(
        author, expert_moderator, asi_moderator, expert_moderator_of_other_category):
    with time_machine.travel(datetime.datetime(2025, 1, 15, 9, 0, tzinfo=MSK)):
        published(author, "Практика без заявок")
    with time_machine.travel(datetime.datetime(2026, 2, 1, 9, 0, tzinfo=MSK)):
        archiving.propose_archiving_without_requests()
    proposal = ArchiveProposal.objects.get()
    with pytest.raises(PermissionDenied):
        archiving.confirm_proposal(proposal, by=expert_moderator_of_other_category, ground=proposal.ground,
                                   justification="Нет заявок")
    with pytest.raises(ValidationError):
        archiving.confirm_proposal(proposal, by=expert_moderator, ground=proposal.ground, justification="")
    proposal = archiving.confirm_proposal(proposal, by=expert_moderator, ground=proposal.ground,
                                          justification="За год ни одного запроса; интерес регионов исчерпан.")
    assert (proposal.state, proposal.proposed_by) == (ProposalState.PROPOSED, expert_moderator)
    assert "интерес регионов исчерпан" in _notices(asi_moderator, "archive_proposed").get().body
    assert not Notice.objects.filter(kind="archive_proposal_awaiting", action_done_at__isnull=True,
                                     requires_action=True).exists()


# --- the overdue actualization request (F-DL-2 → 4.6.1)


def test_f_dl_2_unanswered_actualization_request_becomes_a_proposal_for_the_expert_moderator(
        practice_in, author, expert_moderator, production_calendar):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=MSK)):
        practice = practice_in(PracticeState.PUBLISHED)
        deadline = open_deadline(practice, kinds.ACTUALIZATION_REQUESTED, working_days=5, assignees=[author])
    with time_machine.travel(datetime.datetime(2026, 3, 11, 9, 0, tzinfo=MSK)):
        scan()
        scan()
    assert Deadline.objects.get(pk=deadline.pk).state == Deadline.State.OVERDUE
    proposal = ArchiveProposal.objects.get()
    assert (proposal.ground, proposal.state, proposal.origin) == (
        ARCHIVING_GROUND_AUTHOR_REFUSED, ProposalState.AWAITING_EXPERT, ProposalOrigin.ACTUALIZATION_OVERDUE)
    assert _notices(expert_moderator, "archive_proposal_awaiting").count() == 1


def test_f_dl_9_archiving_check_is_a_daily_beat_task_after_the_deadline_scan():
    from smarteka.celery import app

    app.finalize()
    entry = app.conf.beat_schedule["validation.archiving_check"]
    assert entry["task"] == "validation.archiving_check"
    assert entry["schedule"].hour == {8} and entry["schedule"].minute == {30}
    assert app.tasks["validation.archiving_check"].acks_late is True
