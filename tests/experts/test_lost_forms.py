"""Issue 15 item 6 on the server's side (smarteka/drafts.py, smarteka.views.csrf_failure): a form posted after
the session expired goes to the login page with ``next=`` the form's page and a Russian reason; a stale
CSRF token gets a Russian page in the site layout leading back to the form; a background request (the
autosave, htmx) gets a Russian message, not the login page; only a form the server accepted marks its
kept draft as done (the browser tests are in tests/e2e/test_lost_forms.py)."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from experts.criteria import CRITERIA
from experts.models import Evaluation
from practices.models import PracticeState
from smarteka.drafts import ACCEPTED_COOKIE
from tests.experts.conftest import declared
from validation.expert_review.services import invite_expert

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(practice_in, pool_a, experts, expert_moderator):
    return declared(invite_expert(practice_in(PracticeState.EXPERT_REVIEW), experts[0], by=expert_moderator))


def _evaluation(**extra):
    data = {"decision": "approve", "revision_points": "", "comment": "Полезная практика", **extra}
    for code, _title, _help in CRITERIA:
        data[f"criterion_{code}"] = "yes"
    return data


def test_issue_15_item_6_expired_session_post_goes_to_login_with_the_form_page_and_a_reason(client, invitation):
    url = reverse("experts:evaluate", args=[invitation.pk])
    key = f"evaluation-{invitation.pk}-{invitation.expert_id}"
    response = client.post(url, _evaluation(_draft_key=key, _draft_page=url))  # nobody logged in
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Сеанс завершён, поэтому форма не отправлена. Войдите снова — введённый текст сохранён в этой вкладке "
        "браузера и вернётся в форму."]
    assert ACCEPTED_COOKIE not in response.cookies  # the draft stays in the tab
    assert not Evaluation.objects.exists()


def test_issue_15_item_6_a_post_only_action_sends_back_to_the_page_the_form_was_on(client, practice_in):
    """The review page's forms post to /review/<pk>/<action>/, which answers only POST: after login the
    user comes back to the review page, not to a 405."""
    practice = practice_in(PracticeState.REGIONAL_REVIEW)
    page = reverse("validation:review", args=[practice.pk])
    response = client.post(reverse("validation:act", args=[practice.pk, "return_for_revision"]),
                           {"comment": "Дополните", "_draft_key": "review-1-x-1", "_draft_page": page})
    assert response["Location"] == f"{reverse('accounts:login')}?next={page}"
    response = client.post(reverse("validation:act", args=[practice.pk, "return_for_revision"]),
                           {"_draft_key": "k", "_draft_page": "https://evil.example/phish"})
    assert "evil" not in response["Location"]


def test_issue_15_item_6_background_request_after_expiry_gets_a_russian_message(client, practice_in):
    practice = practice_in(PracticeState.DRAFT)
    url = reverse("practices:autosave_section", args=[practice.pk, "audience"])
    for headers in ({"X-Requested-With": "fetch"}, {"HX-Request": "true"}):
        response = client.post(url, {"audience_main": "Жители"}, headers=headers)
        assert response.status_code == 401
        assert response.json()["error"].startswith("Сеанс завершён: изменения не сохранены.")
        assert response.json()["login_url"].startswith(reverse("accounts:login"))


def test_issue_15_item_6_accepted_form_marks_its_draft_done_a_refused_one_does_not(client, invitation):
    client.force_login(invitation.expert)
    url = reverse("experts:evaluate", args=[invitation.pk])
    key = f"evaluation-{invitation.pk}-{invitation.expert_id}"
    refused = client.post(url, _evaluation(decision="", _draft_key=key, _draft_page=url))
    assert refused.status_code == 400 and ACCEPTED_COOKIE not in refused.cookies
    accepted = client.post(url, _evaluation(_draft_key=key, _draft_page=url))
    assert accepted.status_code == 302
    assert accepted.cookies[ACCEPTED_COOKIE].value == key
    assert Evaluation.objects.get().comment == "Полезная практика"


def test_issue_15_item_6_stale_csrf_token_gets_a_russian_page_back_to_the_form(invitation):
    client = Client(enforce_csrf_checks=True)
    client.force_login(invitation.expert)
    url = reverse("experts:evaluate", args=[invitation.pk])
    client.get(url)  # sets the CSRF cookie
    response = client.post(url, _evaluation(csrfmiddlewaretoken="stale" * 8), headers={"Referer": "http://testserver" + url})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Форма не отправлена: страница устарела" in html
    assert f'id="csrf-back" href="{url}"' in html
    assert 'class="breadcrumb"' in html  # the site layout
    assert not Evaluation.objects.exists()

    background = client.post(url, {"x": "1"}, headers={"X-Requested-With": "fetch"})
    assert background.status_code == 403
    body = background.json()
    assert body["error"].startswith("Страница устарела")
    retried = client.post(url, _evaluation(csrfmiddlewaretoken=body["csrf_token"]))  # the script sends again
    assert retried.status_code == 302 and Evaluation.objects.exists()
