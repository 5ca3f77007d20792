"""Named users for every role (STYLE 9), in a demo region (Амурская область, 28) and another
region (Республика Татарстан, 16), and ``practice_in(state)``: a practice of ``author`` driven to any
validation state through the services (SPEC §6)."""

import os

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations.special import RunPython
from pytest_django.plugin import blocking_manager_key

from practices.models import (
    ACTUALIZATION_STATES,
    CategorySet,
    MaterialKind,
    PracticeState,
    RatingIndicator,
    Track,
)
from practices.services import submit_practice
from smarteka.roles.models import Role
from smarteka.workcalendar.models import CalendarDay, CalendarYear
from smarteka.workcalendar.seed import seed, seed_years
from smarteka.workcalendar.services import invalidate
from tests import factories
from validation import services
from validation.grounds import COORDINATOR_REJECTION_GROUNDS
from validation.lifecycle import actualization

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by test code
# there are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Flood counters (issue 15 item 3) and other cached values live in the default cache (locmem in
    tests): every test starts from an empty one, whatever ran before it in the same worker."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def region_a(db):
    return factories.region("28", "Амурская область")


@pytest.fixture
def region_b(db):
    return factories.region("16", "Республика Татарстан",
                            district=factories.federal_district("Приволжский федеральный округ", "ПФО"))


@pytest.fixture
def category_a(db):
    return factories.category("zdravookhranenie")


@pytest.fixture
def category_b(db):
    return factories.category("obrazovanie")


def _user(email, home_region, role=None, **scope):
    user = factories.UserFactory(email=email, region=home_region)
    if role:
        factories.grant(user, role, **scope)
    return user


@pytest.fixture
def author(region_a):
    return _user("author@example.ru", region_a, Role.AUTHOR, region=region_a)


@pytest.fixture
def coordinator(region_a):
    return _user("coordinator@example.ru", region_a, Role.COORDINATOR, region=region_a)


@pytest.fixture
def coordinator_of_other_region(region_b):
    return _user("coordinator-b@example.ru", region_b, Role.COORDINATOR, region=region_b)


@pytest.fixture
def asi_moderator(region_a):
    return _user("asi@example.ru", None, Role.ASI_MODERATOR)


@pytest.fixture
def expert_moderator(category_a):
    return _user("expert-moderator@example.ru", None, Role.EXPERT_MODERATOR, category=category_a)


@pytest.fixture
def expert_moderator_of_other_category(category_b):
    return _user("expert-moderator-b@example.ru", None, Role.EXPERT_MODERATOR, category=category_b)


@pytest.fixture
def experts(category_a):
    return [_user(f"expert{i}@example.ru", None, Role.EXPERT, category=category_a) for i in range(1, 5)]


@pytest.fixture
def implementation_moderator(db):
    return _user("impl-moderator@example.ru", None, Role.IMPLEMENTATION_MODERATOR)


@pytest.fixture
def partner(db):
    """A State Council commission's representative (2.2.4–2.2.5)."""
    return _user("partner@example.ru", None, Role.PARTNER)


@pytest.fixture
def rating_committee(db):
    return _user("rating@example.ru", None, Role.RATING_COMMITTEE)


@pytest.fixture
def recipient(region_b):
    user = _user("recipient@example.ru", region_b, Role.RECIPIENT, region=region_b)
    user.is_head = True
    user.position = "Министр экономического развития"
    user.save()
    return user


@pytest.fixture
def outsider(region_b):
    return _user("outsider@example.ru", region_b)


# --- reference data seeded by data migrations survives transactional tests (added with F-REF-2/3/5/6)
# A transactional test (live_server, the browser tests, django_db(transaction=True)) ends with a flush that
# empties every table, also the reference data the data migrations seeded; with --reuse-db the loss would
# even outlive the session. After such a test, and at session start if the data is missing, every
# applied RunPython operation is re-run in migration order on its historical models.


def rerun_data_migrations():
    executor = MigrationExecutor(connection)
    loader = executor.loader
    for migration, _backwards in executor.migration_plan(loader.graph.leaf_nodes(), clean_start=True):
        if not any(isinstance(op, RunPython) for op in migration.operations):
            continue
        state = loader.project_state((migration.app_label, migration.name), at_end=False)
        with connection.schema_editor(atomic=migration.atomic) as schema_editor:
            for operation in migration.operations:
                if isinstance(operation, RunPython):
                    operation.database_forwards(migration.app_label, schema_editor, state, state)
                else:
                    operation.state_forwards(migration.app_label, state)


@pytest.fixture(scope="session", autouse=True)
def _data_migrations_present(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        if not CategorySet.objects.exists():
            rerun_data_migrations()


_TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences",
                           "django_db_serialized_rollback"}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the flush that ends a transactional test (fixture teardown order cannot place it later)."""
    yield
    marker = item.get_closest_marker("django_db")
    if _TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())) or (marker and marker.kwargs.get("transaction")):
        with item.config.stash[blocking_manager_key].unblock():
            rerun_data_migrations()


@pytest.fixture
def production_calendar(db):
    """The seeded production calendar 2020–2030 (SPEC §10). A transactional test flushes every table,
    the seed migration's rows included, so this puts them back when they are missing."""
    if not CalendarDay.objects.filter(date="2026-01-09").exists():
        seed(CalendarDay)
    seed_years(CalendarYear)
    invalidate()
    yield
    invalidate()


# --- a practice in any validation state, driven through the services (SPEC §6; issue 12 item 7)


def investment_indicator():
    """The first indicator of the investment rating: a practice tagged with it passes the rating committee."""
    return RatingIndicator.objects.filter(rating__kind="investment").order_by("order").first()


@pytest.fixture
def practice_in(author, coordinator, asi_moderator, expert_moderator, rating_committee, production_calendar):
    """``practice_in(state, track=..., investment=False, title=..., packaged=False)``: a complete practice
    of ``author`` moved to ``state`` by the validation services, each step by its named user
    (``coordinator``, ``asi_moderator``, ``expert_moderator`` — routed to it —, ``rating_committee``).

    ``investment`` tags it with an investment-rating indicator after submission (so expert approval
    leads to the rating committee); ``packaged`` also gives a PACKAGING practice level 2 and marks it
    packaged; a ``Track.STATE_COUNCIL`` practice carries the council's letter and skips expert review
    unless ``state`` is EXPERT_REVIEW. An actualization state (F-ACT-1) gives the edit copy of a published
    practice, granted by ``asi_moderator``, submitted by ``author``, accepted by ``expert_moderator``. Expert review is closed by the expert moderator's
    ``experts_approve`` transition without votes. Every state is a real path: history rows, notices and
    deadlines are those the services leave."""

    return practice_maker(author, coordinator, asi_moderator, expert_moderator, rating_committee)


def practice_maker(author, coordinator, asi_moderator, expert_moderator, rating_committee):
    """The ``make`` of ``practice_in`` for these users, callable outside a function-scoped fixture (the URL
    matrix of tests/smarteka/url_matrix builds its objects once per module)."""

    def make(state, *, track=Track.REGIONAL_INITIATIVE, investment=False, title="Бережливая поликлиника",
             packaged=False):
        if state in ACTUALIZATION_STATES:  # F-ACT-1: the edit copy of a published practice, in ``state``
            published = make(PracticeState.PUBLISHED, track=track, investment=investment, title=title)
            edit = actualization.request_actualization(published, by=asi_moderator, reason="Обновите сведения").edit
            if state != PracticeState.ACTUALIZATION:
                edit = actualization.submit_actualization(edit, by=author)
            if state == PracticeState.ACTUALIZATION_ACCEPTED:
                edit = actualization.accept_actualization(edit, by=expert_moderator)
            return edit
        practice = factories.complete_practice(author, title=title)
        if track == Track.STATE_COUNCIL:
            factories.add_material(practice, MaterialKind.STATE_COUNCIL_LETTER, by=author)
        if state == PracticeState.DRAFT:
            return practice
        practice = submit_practice(practice, by=author, track=track)
        if investment:  # tagged after submission: the windows of 4.3.1 are not this test's business
            practice.rating_indicators.add(investment_indicator())
        if state == PracticeState.REGIONAL_REVIEW:
            return practice
        if state == PracticeState.REVISION:
            return services.return_for_revision(practice, by=coordinator, comment="Дополните результаты")
        if state == PracticeState.REJECTED:
            return services.reject(practice, by=coordinator, grounds=[COORDINATOR_REJECTION_GROUNDS[0]])
        services.confirm_regionally(practice, by=coordinator, document=factories.pdf_upload("protocol.pdf"))
        practice = services.route_to_expert_moderator(practice, by=asi_moderator, expert_moderator=expert_moderator)
        if state == PracticeState.PACKAGING and not packaged:
            return practice
        services.set_level(practice, by=expert_moderator, level=2)
        practice = services.mark_packaged(practice, by=expert_moderator)
        if state == PracticeState.PACKAGING:
            return practice
        if track == Track.STATE_COUNCIL and state != PracticeState.EXPERT_REVIEW:
            practice = services.skip_expert_review(practice, by=asi_moderator)
        else:
            practice = services.start_expert_review(practice, by=asi_moderator)
            if state == PracticeState.EXPERT_REVIEW:
                return practice
            practice = services.move(practice, "experts_approve", by=expert_moderator,
                                     action="close_expert_review", comment="Большинство экспертов одобрили практику")
        if state == PracticeState.RATING_COMMITTEE:
            assert practice.state == PracticeState.RATING_COMMITTEE
            return practice
        if practice.state == PracticeState.RATING_COMMITTEE:
            practice = services.rating_confirm(practice, by=rating_committee)
        if state == PracticeState.READY_TO_PUBLISH:
            return practice
        practice = services.publish(practice, by=asi_moderator)
        assert practice.state == state == PracticeState.PUBLISHED
        return practice

    return make
