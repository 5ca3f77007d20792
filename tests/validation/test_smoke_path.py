"""The whole path through the services (SPEC §6, F-VAL-1, F-VAL-2, F-VAL-6, F-TRACK-2)."""

import pytest

from practices.models import PracticeState, Track

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("state", [s for s in PracticeState.values if s not in ("archived", "deleted")])
def test_every_state_reachable_through_services_f_val_1_f_val_2_f_val_6(practice_in, state):
    practice = practice_in(state, investment=state == PracticeState.RATING_COMMITTEE)
    practice.refresh_from_db()
    assert practice.state == state


def test_fast_track_publishes_without_expert_review_f_track_2(practice_in):
    practice = practice_in(PracticeState.PUBLISHED, track=Track.STATE_COUNCIL)
    assert practice.published_at is not None
