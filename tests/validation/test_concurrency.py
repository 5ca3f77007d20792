"""Two reviewers (or a double click) at once on one practice (SPEC §6 «concurrent transitions are safe»,
F-VAL-8): exactly one transition wins, exactly one history record is written."""

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django_fsm import TransitionNotAllowed

from practices.models import Practice, PracticeState
from smarteka.history.models import Transition
from tests import factories
from validation import services


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            outcomes[i] = ("won", call().state)
        except (PermissionDenied, TransitionNotAllowed) as exc:
            outcomes[i] = ("refused", type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_f_val_8_conflicting_transitions_in_two_threads_one_wins_one_record(practice_in, actors, coordinator,
                                                                           coordinator_of_other_region):
    practice = practice_in(PracticeState.REGIONAL_REVIEW)
    second = factories.UserFactory(email="coordinator-2@example.ru", region=practice.region)
    factories.grant(second, "coordinator", region=practice.region)
    outcomes = _race(
        lambda: services.confirm_regionally(practice, by=coordinator, document=factories.pdf_upload("p.pdf")),
        lambda: services.reject(practice, by=second, grounds=[services.COORDINATOR_REJECTION_GROUNDS[1]]),
    )
    assert sorted(o[0] for o in outcomes) == ["refused", "won"], outcomes
    final = Practice.objects.get(pk=practice.pk).state
    assert final == next(o[1] for o in outcomes if o[0] == "won")
    assert Transition.objects.filter(object_id=practice.pk, from_state=PracticeState.REGIONAL_REVIEW).count() == 1


@pytest.mark.django_db(transaction=True)
def test_f_val_8_double_click_publish_records_once(practice_in, actors):
    practice = practice_in(PracticeState.READY_TO_PUBLISH)
    outcomes = _race(lambda: services.publish(practice, by=actors["asi"]),
                     lambda: services.publish(practice, by=actors["asi"]))
    assert sorted(o[0] for o in outcomes) == ["refused", "won"], outcomes
    assert Transition.objects.filter(object_id=practice.pk, to_state=PracticeState.PUBLISHED).count() == 1
