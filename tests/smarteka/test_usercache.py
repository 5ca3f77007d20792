"""Issue 17 item 2: the header's counters («Мой кабинет», the bell, the menu's facts) are kept per user
between requests and dropped exactly when the user is notified or posts — a logged-in page no longer runs
every awaiting provider."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from practices.models import PracticeState
from smarteka.notifications.models import Notice
from smarteka.notifications.services import notify
from tests.smarteka.test_cabinet import header_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings):
    settings.USER_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def bell(html):
    match = re.search(r'id="bell-count">(\d+)<', html)
    return int(match.group(1)) if match else 0


def page(client):
    response = client.get(reverse("practices:catalogue"))
    assert response.status_code == 200
    return response.content.decode()


def test_issue_17_header_counters_are_not_recounted_on_every_page(kept, client, author, practice_in):
    practice_in(PracticeState.DRAFT, title="Мой черновик")
    client.force_login(author)
    assert header_count(page(client)) == 1
    with CaptureQueriesContext(connection) as queries:
        assert header_count(page(client)) == 1
    tables = " ".join(q["sql"] for q in queries)
    assert "deadlines_deadline" not in tables  # no awaiting provider ran
    assert "notifications_notice" not in tables  # the bell's count is kept too


def test_issue_17_a_notice_shows_at_once_on_the_next_page(kept, client, author, django_capture_on_commit_callbacks):
    client.force_login(author)
    assert bell(page(client)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        notify(author, kind="practice_returned", title="Практика возвращена на доработку", requires_action=True)
    assert bell(page(client)) == 1


def test_issue_17_the_users_own_post_is_counted_afresh(kept, client, author):
    client.force_login(author)
    with_notice = notify(author, kind="x", title="Проверка", email=False)[0]
    cache.clear()
    assert bell(page(client)) == 1
    response = client.post(reverse("notifications:read", args=[with_notice.pk]))
    assert response.status_code in (200, 302)
    assert Notice.objects.get(pk=with_notice.pk).read_at is not None
    assert bell(page(client)) == 0


def test_issue_17_a_change_without_a_notice_may_lag_until_the_start_page(kept, client, author, practice_in):
    """The documented choice: the start page counts afresh and corrects the kept counter."""
    client.force_login(author)
    assert header_count(page(client)) == 0
    practice_in(PracticeState.DRAFT, title="Черновик, созданный без уведомления")
    assert header_count(page(client)) == 0  # kept for up to USER_CACHE_SECONDS
    cabinet = client.get(reverse("cabinet")).content.decode()
    assert header_count(cabinet) == 1
    assert header_count(page(client)) == 1


def _second_visit_reads_no(client, url, sql):
    """Two visits of ``url``: the second asks no query containing ``sql`` (the value is kept)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).status_code == 200
    assert not [q for q in second.captured_queries if sql in q["sql"]]


def test_issue_17_the_role_grants_are_kept_and_a_revoked_grant_counts_at_once(
        kept, client, coordinator, django_capture_on_commit_callbacks):
    """The user's role grants are read once and kept with the header's values; a grant revoked or deleted
    in any way — here a plain save, as the admin or a shell would — refuses the next request."""
    from django.utils import timezone

    from smarteka.roles.models import RoleGrant

    queue = reverse("validation:queue")
    client.force_login(coordinator)
    _second_visit_reads_no(client, queue, "roles_rolegrant")

    grant = RoleGrant.objects.get(user=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        grant.revoked_at = timezone.now()
        grant.save()
    assert client.get(queue).status_code == 403

    with django_capture_on_commit_callbacks(execute=True):
        grant.revoked_at = None
        grant.save()
    assert client.get(queue).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        grant.delete()
    assert client.get(queue).status_code == 403


def test_issue_17_the_logged_in_users_row_is_kept_and_a_change_counts_at_once(
        kept, client, author, django_capture_on_commit_callbacks):
    """The user's row is read once and kept (smarteka.accounts.backends); a deactivated account or a new
    password set in any way ends the session on the very next request, and a deleted user is logged out."""
    page_url = reverse("practices:my")
    client.force_login(author)
    _second_visit_reads_no(client, page_url, 'FROM "accounts_user"')

    with django_capture_on_commit_callbacks(execute=True):
        author.is_active = False
        author.save()
    assert client.get(page_url).status_code == 302  # to the login page

    with django_capture_on_commit_callbacks(execute=True):
        author.is_active = True
        author.save()
    client.force_login(author)
    assert client.get(page_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        author.set_password("Новый-пароль-2026")
        author.save()
    assert client.get(page_url).status_code == 302


def _names(response):
    return [t.name for t in response.templates]


def _token_in(html, form_action):
    form = re.search(r'<form method="post" action="' + re.escape(form_action) + r'".*?</form>', html, re.S).group(0)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)


def test_issue_17_the_header_menus_are_drawn_once_per_user_and_fit_each_page(kept, client, author, coordinator):
    """The role menus and the user's menu are drawn once and kept with the header's values; each page
    still marks its own section (aria-current) and carries its own CSRF token in the logout form."""
    from django.test import Client

    client.force_login(author)
    first = client.get(reverse("cabinet"))
    assert "includes/user_menu.html" in _names(first)
    html = first.content.decode()
    assert re.search(r'id="nav-cabinet" aria-current="page"', html)
    assert "\x1e" not in html

    second = client.get(reverse("practices:my"))
    assert "includes/user_menu.html" not in _names(second)  # kept, not drawn again
    html = second.content.decode()
    assert 'id="nav-cabinet" aria-current' not in html and 'id="nav-cabinet" href=' in html
    assert re.search(r'id="nav-my-practices" aria-current="page"', html)
    assert "\x1e" not in html

    # the same user in another browser: the kept menu, that browser's token; logging out there works
    other = Client(enforce_csrf_checks=True)
    other.force_login(author)
    logout = reverse("accounts:logout")
    page_html = other.get(reverse("practices:catalogue")).content.decode()
    token = _token_in(page_html, logout)
    assert token == re.search(r'"X-CSRFToken": "([^"]+)"', page_html).group(1)  # the page's own
    assert other.post(logout, {"csrfmiddlewaretoken": token}).status_code == 302
    assert "_auth_user_id" not in other.session


def test_issue_17_the_kept_menus_follow_a_new_role_and_a_new_name(
        kept, client, author, django_capture_on_commit_callbacks):
    from smarteka.roles.models import Role
    from tests import factories

    client.force_login(author)
    html = page(client)
    assert 'id="nav-review"' not in html
    with django_capture_on_commit_callbacks(execute=True):
        factories.grant(author, Role.COORDINATOR, region=author.region)
    assert 'id="nav-review"' in page(client)  # the coordinator's «Проверка практик»

    with django_capture_on_commit_callbacks(execute=True):
        author.first_name = "Ангелина"
        author.save()
    assert re.search(r'<span class="nav-label-wide">Ангелина</span>', page(client))
