"""F-PLUS-5: schemathesis against the live API's own OpenAPI schema (issue 19, «Must show»): every
operation answered without a 500, every response conforming to the schema (status code, content type,
body). The WSGI application is called in process over the test database, with published practices in it;
the examples per operation are bounded so the whole run stays well under a minute."""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings

from smarteka.wsgi import application
from tests.factories import published_practice

EXAMPLES = 25


@pytest.fixture
def api_schema(db, author, category_a, region_b):
    for i in range(3):
        published_practice(author, title=f"Школа здоровья {i}", goal="Снизить очереди", category=category_a,
                           level=1 + i % 3, months_to_launch=3 + i)
    published_practice(author, title="Школа на проверке", state="regional_review")
    # as django.test.Client does: the request signals must not close the test's connection (its transaction)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with override_settings(OPEN_DATA_RATE="100000/m", ALLOWED_HOSTS=["*"]):
            yield schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        cache.clear()


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_the_api_conforms_to_its_schema_and_never_answers_500_f_plus_5(case):
    response = case.call_and_validate()
    assert response.status_code < 500
