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
