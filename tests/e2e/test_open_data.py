"""F-PLUS-5 in the browser: the API's docs page (Swagger UI vendored in static/) renders the schema and
runs a request under the strict CSP with zero violations; the subscriptions page subscribes and the
e-mail's unsubscribe link works without login."""

import pytest
from django.urls import reverse

from practices.models import Subscription
from tests import factories
from tests.e2e.helpers import login_as
from tests.e2e.test_csp import csp_violations  # noqa: F401  (the fixture)
from tests.factories import published_practice

pytestmark = pytest.mark.e2e


def test_the_api_docs_page_works_under_the_csp_f_plus_5(live_server, page, shot, csp_violations,  # noqa: F811
                                                      transactional_db, author):
    published_practice(author, title="Бережливая поликлиника", goal="Сократить очереди")
    response = page.goto(live_server.url + reverse("api:openapi-view"))
    assert response.status == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
    page.locator(".swagger-ui .opblock").first.wait_for()
    assert page.locator(".swagger-ui .opblock").count() >= 5
    assert page.get_by_text("/api/v1/practices/", exact=True).first.is_visible()
    shot("docs")
    # try a request from the page: «Try it out» → «Execute» on the list of practices
    block = page.locator(".opblock-get").filter(has_text="/api/v1/practices/").first
    block.locator(".opblock-summary").click()
    block.get_by_role("button", name="Try it out").click()
    block.get_by_role("button", name="Execute").click()
    block.locator(".responses-wrapper .live-responses-table").wait_for()
    assert "Бережливая поликлиника" in block.locator(".responses-wrapper").inner_text()
    shot("docs-try-it-out")
    page.wait_for_load_state("networkidle")
    assert csp_violations == []
    assert all("cdn" not in (s or "").lower() for s in page.evaluate(
        "() => [...document.scripts].map(s => s.src).concat([...document.styleSheets].map(s => s.href))"))


def test_subscribe_and_unsubscribe_by_the_link_f_plus_5(live_server, page, shot, csp_violations,  # noqa: F811
                                                      transactional_db, category_a):
    user = factories.UserFactory(email="reader@example.org")
    login_as(page, live_server, user)
    page.goto(live_server.url + reverse("practices:subscriptions"))
    page.get_by_label("Категория").select_option(label=category_a.name)
    page.get_by_role("button", name="Подписаться").click()
    page.get_by_text("Подписка оформлена").wait_for()
    shot("subscribed")
    assert Subscription.objects.filter(user=user, category=category_a).exists()
    from practices.api.subscriptions import unsubscribe_token

    token = unsubscribe_token(Subscription.objects.get(user=user))
    page.context.clear_cookies()  # the link works without login
    page.goto(live_server.url + reverse("practices:unsubscribe", args=[token]))
    page.get_by_text("Вы отписались").wait_for()
    shot("unsubscribed")
    assert not Subscription.objects.filter(user=user).exists()
    assert csp_violations == []
