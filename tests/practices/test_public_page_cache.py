"""Issue 17 item 3: public pages for anonymous visitors are cached and dropped exactly when what they show
changes (smarteka/pagecache.py). The page cache is off in the test settings; these tests turn it on."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from practices.models import Appreciation, PracticeState
from smarteka import pagecache
from tests import factories
from tests.validation.lifecycle_helpers import archive, replication_request
from validation import services


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code in (200, 304), (url, response.status_code)
    return response, response.content.decode()


def test_issue_17_publication_shows_on_the_cached_catalogue_at_once_and_archiving_removes_it(
        client, page_cache, practice_in, asi_moderator, expert_moderator, django_capture_on_commit_callbacks):
    practice_in(PracticeState.PUBLISHED, title="Бережливая поликлиника")
    ready = practice_in(PracticeState.READY_TO_PUBLISH, title="Школьный технопарк")
    catalogue, home = reverse("practices:catalogue"), reverse("home")
    for url in (catalogue, home):
        first, html = get(client, url)
        assert first["X-Page-Cache"] == "miss"
        assert "Бережливая поликлиника" in html and "Школьный технопарк" not in html
        second, html = get(client, url)
        assert second["X-Page-Cache"] == "hit" and "Школьный технопарк" not in html

    with django_capture_on_commit_callbacks(execute=True):
        services.publish(ready, by=asi_moderator)
    for url in (catalogue, home):
        response, html = get(client, url)
        assert response["X-Page-Cache"] == "miss"
        assert "Школьный технопарк" in html, url
    assert get(client, catalogue)[0]["X-Page-Cache"] == "hit"

    knowledge_base = reverse("practices:knowledge_base")
    assert "Школьный технопарк" not in get(client, knowledge_base)[1]
    with django_capture_on_commit_callbacks(execute=True):
        archive(ready, expert_moderator, asi_moderator)
    assert "Школьный технопарк" not in get(client, catalogue)[1]
    assert "Школьный технопарк" not in get(client, home)[1]
    assert "Школьный технопарк" in get(client, knowledge_base)[1]


def test_issue_17_a_replication_request_drops_the_cached_pages_a_useful_mark_does_not(
        client, page_cache, practice_in, recipient, django_capture_on_commit_callbacks):
    practice = practice_in(PracticeState.PUBLISHED)
    detail = reverse("practices:detail", args=[practice.pk])
    get(client, detail)
    assert get(client, detail)[0]["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        Appreciation.objects.create(user=recipient, practice=practice)
    assert get(client, detail)[0]["X-Page-Cache"] == "hit"  # «Полезно» lags by PAGE_CACHE_SECONDS at most
    before = pagecache.version()
    with django_capture_on_commit_callbacks(execute=True):
        request = replication_request(practice, recipient)
    assert pagecache.version() == before + 1
    assert get(client, detail)[0]["X-Page-Cache"] == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        request.closing_reason = "Уточнение"
        request.save()  # the same state: the counts do not change
    assert pagecache.version() == before + 1


def test_issue_17_a_draft_changing_does_not_drop_the_cache(page_cache, author, django_capture_on_commit_callbacks):
    before = pagecache.version()
    with django_capture_on_commit_callbacks(execute=True):
        draft = factories.PracticeFactory(author=author, title="Черновик")
        draft.title = "Черновик 2"
        draft.save()
    assert pagecache.version() == before


def test_issue_17_practice_page_etag_and_last_modified(client, page_cache, practice_in):
    practice = practice_in(PracticeState.PUBLISHED)
    detail = reverse("practices:detail", args=[practice.pk])
    response, _ = get(client, detail)
    assert response["ETag"] and response["Last-Modified"]
    assert get(client, detail, if_none_match=response["ETag"])[0].status_code == 304
    assert get(client, detail, if_modified_since=response["Last-Modified"])[0].status_code == 304
    assert get(client, detail, if_none_match='"other"')[0].status_code == 200


def test_issue_17_cached_pages_carry_no_csrf_token_and_logged_in_users_are_not_served_them(
        client, page_cache, practice_in, recipient):
    practice = practice_in(PracticeState.PUBLISHED)
    for url in (reverse("home"), reverse("practices:catalogue"), reverse("practices:detail", args=[practice.pk]),
                reverse("regions:list"), reverse("regions:detail", args=[practice.region.slug]),
                reverse("practices:digest"), reverse("practices:knowledge_base")):
        response, html = get(client, url)
        assert response["X-Page-Cache"] == "miss", url
        assert "X-CSRFToken" not in html and "csrftoken" not in response.cookies
        assert get(client, url)[0]["X-Page-Cache"] == "hit"
    client.force_login(recipient)
    response, html = get(client, reverse("practices:detail", args=[practice.pk]))
    assert "X-Page-Cache" not in response and "X-CSRFToken" in html
    assert 'id="useful-button"' in html  # the logged-in form, not the anonymous page from the cache


def test_issue_17_logged_in_practice_page_reads_the_kept_data_and_shows_changes_at_once(
        client, page_cache, practice_in, recipient, expert_moderator, asi_moderator,
        django_capture_on_commit_callbacks):
    """A logged-in visitor's practice page takes what every viewer sees (the practice, similar practices,
    the replication record) from the cache under the public pages' version, and asks afresh only what is
    theirs: their «Полезно» shows at once with the count, a replication request and archiving at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    practice = practice_in(PracticeState.PUBLISHED, title="Бережливая поликлиника")
    detail = reverse("practices:detail", args=[practice.pk])
    client.force_login(recipient)
    with CaptureQueriesContext(connection) as first:
        _, html = get(client, detail)
    with CaptureQueriesContext(connection) as second:
        _, again = get(client, detail)
    assert len(second) < len(first) - 5, (len(first), len(second))
    def strip(text):  # the CSRF token is masked anew on every page
        return re.sub(r'(X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', "", text)

    assert strip(again) == strip(html) and "Бережливая поликлиника" in again

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("practices:appreciate", args=[practice.pk]))
    _, html = get(client, detail)
    useful = html[html.index('id="useful-button"'):]
    assert 'aria-pressed="true"' in useful[:300] and '<strong id="useful-count">1</strong>' in useful

    assert '<dd class="col-4 text-end" id="requests-count">0</dd>' in html
    with django_capture_on_commit_callbacks(execute=True):
        replication_request(practice, recipient)
    _, html = get(client, detail)
    assert '<dd class="col-4 text-end" id="requests-count">1</dd>' in html

    with django_capture_on_commit_callbacks(execute=True):
        archive(practice, expert_moderator, asi_moderator)
    _, html = get(client, detail)
    assert 'id="knowledge-base-note"' in html


def test_issue_17_the_parts_every_viewer_sees_are_drawn_once_and_kept(
        client, page_cache, practice_in, recipient, author, django_capture_on_commit_callbacks):
    """The passport, the map, the replication record and the similar practices are drawn with the kept
    context; the next viewer's page shows them without drawing them again, and a replication request
    draws them anew with the request on the map and in the record."""
    practice = practice_in(PracticeState.PUBLISHED, title="Бережливая поликлиника")
    practice_in(PracticeState.PUBLISHED, title="Бережливая школа")  # the same category: a similar practice
    detail = reverse("practices:detail", args=[practice.pk])
    shared = {"practices/_page.html", "practices/catalogue/_record_map.html",
              "practices/catalogue/_similar.html", "practices/catalogue/_replication_record.html"}
    client.force_login(recipient)
    first = client.get(detail)
    assert shared <= {t.name for t in first.templates}
    client.force_login(author)
    second = client.get(detail)
    assert not shared & {t.name for t in second.templates}
    html = second.content.decode()
    assert 'id="page-title">Бережливая поликлиника</h1>' in html and "Бережливая школа" in html
    assert 'id="practice-map"' not in html and 'id="replication-record"' not in html  # nothing to show yet

    with django_capture_on_commit_callbacks(execute=True):
        replication_request(practice, recipient)
    third = client.get(detail)
    assert "regions/_map.html" in {t.name for t in third.templates}
    html = third.content.decode()
    assert 'id="practice-map"' in html and 'id="replication-record"' in html
    assert html.count('class="mb-2 replication-record-row"') == 1
    assert "regions/_map.html" not in {t.name for t in client.get(detail).templates}
