"""Demo data (SPEC §6): the demo author's practices in every validation state, with history; idempotent."""

import pytest
from django.db.models import Q

from practices.models import Practice, PracticeState
from smarteka.history.services import history_for

pytestmark = pytest.mark.django_db


def test_demo_practices_in_every_state_with_history(production_calendar):
    from experts import demo as experts_demo
    from regions import demo as regions_demo
    from smarteka.accounts import demo as accounts_demo
    from validation import demo

    ctx = {}
    accounts_demo.load(ctx)
    regions_demo.load(ctx)
    experts_demo.load(ctx)
    demo.load(ctx)
    demo.load(ctx)  # idempotent
    author = ctx["users"]["author"]
    # an actualization's edit copy (F-ACT-1, tests below) is not a practice of its own; one published practice's
    # author was replaced (demo_stewardship, 4.1.11): it is still the demo author's
    practices = Practice.objects.filter(Q(author=author) | Q(author_replacements__old_author=author),
                                        title__in=[row[0] for row in demo.PRACTICES],
                                        actualization_of__isnull=True)
    assert practices.count() == len(demo.PRACTICES)  # each once, though load() ran twice
    states = set(practices.values_list("state", flat=True))
    assert states >= {PracticeState.DRAFT, PracticeState.REGIONAL_REVIEW, PracticeState.PACKAGING,
                      PracticeState.EXPERT_REVIEW, PracticeState.RATING_COMMITTEE, PracticeState.READY_TO_PUBLISH,
                      PracticeState.PUBLISHED, PracticeState.REVISION, PracticeState.REJECTED}
    assert practices.filter(state=PracticeState.PUBLISHED).count() >= 3
    # each published practice went through the stages up to its publication; what follows is its later life
    # (a КСИ decision, actualization, an archiving proposal: issue 21 demos)
    for published in practices.filter(state=PracticeState.PUBLISHED, author=author):
        assert [t.to_state for t in history_for(published)][:7] == [
            "regional_review", "packaging", "packaging", "packaging", "packaging", "ready_to_publish", "published"]


def test_demo_has_an_online_vote_under_way_f_val_3(production_calendar):
    from experts import demo as experts_demo
    from experts.models import Evaluation, ExpertInvitation
    from regions import demo as regions_demo
    from smarteka.accounts import demo as accounts_demo
    from validation import demo

    ctx = {}
    accounts_demo.load(ctx)
    regions_demo.load(ctx)
    experts_demo.load(ctx)
    demo.load(ctx)
    practice = Practice.objects.get(author=ctx["users"]["author"], state=PracticeState.EXPERT_REVIEW)
    assert ExpertInvitation.objects.filter(practice=practice).count() == 3
    assert Evaluation.objects.filter(invitation__practice=practice).count() == 1



def test_demo_has_an_open_archiving_proposal_and_an_archived_practice_with_its_ground_f_arch_1(production_calendar):
    from experts import demo as experts_demo
    from regions import demo as regions_demo
    from smarteka.accounts import demo as accounts_demo
    from validation import demo
    from validation.lifecycle import demo_archiving
    from validation.models import ArchiveProposal, ProposalState

    ctx = {}
    accounts_demo.load(ctx)
    regions_demo.load(ctx)
    experts_demo.load(ctx)
    demo.load(ctx)
    demo.load(ctx)  # idempotent
    proposal = ArchiveProposal.objects.get(practice__title=demo_archiving.PROPOSED[0])
    assert proposal.state == ProposalState.PROPOSED and proposal.justification
    archived = Practice.objects.get(title=demo_archiving.ARCHIVED[0])
    assert archived.state == PracticeState.ARCHIVED and archived.archive_ground and archived.archived_at


def test_demo_shows_actualization_f_act_1_f_dl_8(production_calendar):
    """A practice due for actualization (its yearly clock overdue), a request waiting for the ASI moderator's
    grant and an actualization under review with its diff."""
    from django.utils import timezone

    from experts import demo as experts_demo
    from regions import demo as regions_demo
    from smarteka.accounts import demo as accounts_demo
    from smarteka.deadlines.services import open_deadlines_for
    from validation import demo
    from validation.lifecycle import demo_actualization
    from validation.lifecycle.kinds import ACTUALIZATION_YEARLY
    from validation.models import ActualizationRequest

    ctx = {}
    accounts_demo.load(ctx)
    regions_demo.load(ctx)
    experts_demo.load(ctx)
    demo.load(ctx)
    demo.load(ctx)  # idempotent
    due = Practice.objects.get(title=demo_actualization.DUE, actualization_of__isnull=True)
    assert open_deadlines_for(due, ACTUALIZATION_YEARLY).get().due_on < timezone.localdate()
    assert (timezone.now() - due.published_at).days >= 365
    waiting = ActualizationRequest.objects.get(practice__title=demo_actualization.REQUESTED)
    assert waiting.state == "requested"
    edit = ActualizationRequest.objects.get(practice__title=demo_actualization.UNDER_REVIEW).edit
    assert edit.state == PracticeState.ACTUALIZATION_REVIEW
    assert ActualizationRequest.objects.count() == 2


def test_demo_has_a_replaced_author_and_an_open_contact_request_f_arch_2_f_acc_5(production_calendar):
    """Issue 21 demo: one replaced author (the old one still reads the history) and one open contact update
    request; loading twice adds nothing."""
    from experts import demo as experts_demo
    from regions import demo as regions_demo
    from smarteka.accounts import demo as accounts_demo
    from smarteka.permissions import can
    from validation import demo
    from validation.lifecycle.demo_stewardship import REPLACED_TITLE
    from validation.models import AuthorReplacement, ContactUpdateRequest

    ctx = {}
    accounts_demo.load(ctx)
    regions_demo.load(ctx)
    experts_demo.load(ctx)
    demo.load(ctx)
    demo.load(ctx)
    practice = Practice.objects.get(title=REPLACED_TITLE)  # not created again once its author changed
    assert practice.author == ctx["users"]["team1"]
    assert AuthorReplacement.objects.filter(state="done").count() == 1
    assert can(ctx["users"]["author"], "view_history", practice)
    assert ContactUpdateRequest.objects.filter(confirmed_at__isnull=True).count() == 1
