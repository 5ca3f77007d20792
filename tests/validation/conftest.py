"""The named users who move a practice through validation, by their short names (SPEC §6);
practices in each state come from ``practice_in`` (tests/conftest.py)."""

import pytest

from tests.experts.conftest import pool_a, vote  # noqa: F401  (the review round's tests)


@pytest.fixture
def actors(author, coordinator, asi_moderator, expert_moderator, rating_committee):
    return {"author": author, "coordinator": coordinator, "asi": asi_moderator, "em": expert_moderator,
            "rating": rating_committee}
