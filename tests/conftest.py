"""Named users for every role (STYLE 9), in a demo region (Амурская область, 28) and another
region (Республика Татарстан, 16)."""

import os

import pytest

from smarteka.roles.models import Role
from tests import factories

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by test code
# there are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


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
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.db.migrations.operations.special import RunPython

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
    from practices.models import CategorySet

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
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            rerun_data_migrations()


@pytest.fixture
def production_calendar(db):
    """The seeded production calendar 2020–2030 (SPEC §10). A transactional test flushes every table,
    the seed migration's rows included, so this puts them back when they are missing."""
    from smarteka.workcalendar.models import CalendarDay
    from smarteka.workcalendar.seed import seed
    from smarteka.workcalendar.services import invalidate

    if not CalendarDay.objects.filter(date="2026-01-09").exists():
        seed(CalendarDay)
    invalidate()
    yield
    invalidate()
