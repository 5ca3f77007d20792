"""Practices driven to each validation state through the services (SPEC §6)."""

import pytest

from practices.models import MaterialKind, PracticeState, RatingIndicator, Track
from practices.services import submit_practice
from tests import factories
from tests.experts.conftest import in_expert_review, pool_a, vote  # noqa: F401  (the review round's tests)
from validation import services


def investment_indicator():
    return RatingIndicator.objects.filter(rating__kind="investment").order_by("order").first()


@pytest.fixture
def actors(author, coordinator, asi_moderator, expert_moderator, rating_committee):
    return {"author": author, "coordinator": coordinator, "asi": asi_moderator, "em": expert_moderator,
            "rating": rating_committee}


@pytest.fixture
def drive(actors, production_calendar):
    """``drive(state, track=..., investment=False)``: a complete practice of ``author`` moved by the
    named users (coordinator, ASI moderator, expert_moderator, rating committee) to ``state``."""

    def make(state, *, track=Track.REGIONAL_INITIATIVE, investment=False, title="Бережливая поликлиника",
             packaged=False):
        a = actors
        practice = factories.complete_practice(a["author"], title=title)
        if track == Track.STATE_COUNCIL:
            factories.add_material(practice, MaterialKind.STATE_COUNCIL_LETTER, by=a["author"])
        if state == PracticeState.DRAFT:
            return practice
        practice = submit_practice(practice, by=a["author"], track=track)
        if investment:  # tagged after submission: the windows of 4.3.1 are not this test's business
            practice.rating_indicators.add(investment_indicator())
        if state == PracticeState.REGIONAL_REVIEW:
            return practice
        if state in (PracticeState.REVISION, PracticeState.REJECTED):
            if state == PracticeState.REVISION:
                return services.return_for_revision(practice, by=a["coordinator"], comment="Дополните результаты")
            return services.reject(practice, by=a["coordinator"],
                                   grounds=[services.COORDINATOR_REJECTION_GROUNDS[0]])
        services.confirm_regionally(practice, by=a["coordinator"], document=factories.pdf_upload("protocol.pdf"))
        practice = services.route_to_expert_moderator(practice, by=a["asi"], expert_moderator=a["em"])
        if state == PracticeState.PACKAGING and not packaged:
            return practice
        services.set_level(practice, by=a["em"], level=2)
        practice = services.mark_packaged(practice, by=a["em"])
        if state == PracticeState.PACKAGING:
            return practice
        if track == Track.STATE_COUNCIL and state != PracticeState.EXPERT_REVIEW:
            practice = services.skip_expert_review(practice, by=a["asi"])
        else:
            practice = services.start_expert_review(practice, by=a["asi"])
            if state == PracticeState.EXPERT_REVIEW:
                return practice
            practice = services.move(practice, "experts_approve", by=a["em"], action="close_expert_review",
                                     comment="Большинство экспертов одобрили практику")
        if state == PracticeState.RATING_COMMITTEE:
            assert practice.state == PracticeState.RATING_COMMITTEE
            return practice
        if practice.state == PracticeState.RATING_COMMITTEE:
            practice = services.rating_confirm(practice, by=a["rating"])
        if state == PracticeState.READY_TO_PUBLISH:
            return practice
        practice = services.publish(practice, by=a["asi"])
        assert practice.state == state == PracticeState.PUBLISHED
        return practice

    return make
