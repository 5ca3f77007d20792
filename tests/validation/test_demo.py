"""Demo data (SPEC §6): the demo author's practices in every validation state, with history; idempotent."""

import pytest

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
    practices = Practice.objects.filter(author=author, title__in=[row[0] for row in demo.PRACTICES])
    assert practices.count() == len(demo.PRACTICES)  # each once, though load() ran twice
    states = set(practices.values_list("state", flat=True))
    assert states >= {PracticeState.DRAFT, PracticeState.REGIONAL_REVIEW, PracticeState.PACKAGING,
                      PracticeState.EXPERT_REVIEW, PracticeState.RATING_COMMITTEE, PracticeState.READY_TO_PUBLISH,
                      PracticeState.PUBLISHED, PracticeState.REVISION, PracticeState.REJECTED}
    assert practices.filter(state=PracticeState.PUBLISHED).count() >= 3
    published = practices.filter(state=PracticeState.PUBLISHED).first()
    assert [t.to_state for t in history_for(published)] == [
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
