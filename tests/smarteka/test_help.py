"""Issue 14 item 13: the help section — a page per role, the user agreement and the personal-data policy
(152-ФЗ) linked in the footer, the feedback form reaching the support e-mail (1.5, F-REF-7), the favicon."""

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from smarteka.help.roles import ROLES
from smarteka.help.services import FEEDBACK_PER_HOUR

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


ROLE_CLAUSES = {
    "author": ["4.1.3", "4.1.6", "4.1.9", "4.5.4"],
    "coordinator": ["4.1.8", "4.1.12", "2.2.3.2"],
    "expert-moderator": ["4.4.8", "4.5.3", "4.2.1.5"],
    "asi-moderator": ["4.1.3", "4.1.11", "4.6.1", "5.3.1.3"],
    "expert": ["4.4.7", "2.1.5"],
    "recipient": ["5.1.1", "5.3.1.5", "5.3.4"],
    "implementation-moderator": ["5.3.1.4", "5.3.2", "5.3.3"],
}


def test_help_index_lists_every_role_for_anonymous(client):
    page = client.get(reverse("help:index")).content.decode()
    for slug, (title, _) in ROLES.items():
        assert reverse("help:role", args=[slug]) in page and title in page
    assert 'aria-label="breadcrumb"' in page


@pytest.mark.parametrize("slug", list(ROLES))
def test_every_role_page_renders_for_anonymous_with_its_steps_and_clauses(client, slug):
    response = client.get(reverse("help:role", args=[slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h1 class=\"h3 mb-1\" id=\"help-title\">{ROLES[slug][0]}</h1>" in page
    assert "Что делать и в каком порядке" in page and page.count("<li>") >= 5
    for clause in ROLE_CLAUSES[slug]:
        assert f"{clause}" in page, clause
    assert 'class="breadcrumb"' in page


def test_unknown_role_is_404(client):
    assert client.get(reverse("help:role", args=["nobody"])).status_code == 404


@pytest.mark.parametrize("name, words", [
    ("help:terms", ["Пользовательское соглашение", "152-ФЗ", "п. 4.1.2", "Правила пользования"]),
    ("help:privacy", ["Политика обработки персональных данных", "152-ФЗ", "ст. 10.1", "отозвать согласие"]),
])
def test_agreement_and_policy_render_for_anonymous(client, name, words):
    page = client.get(reverse(name)).content.decode()
    for word in words:
        assert word in page


def test_footer_links_help_agreement_policy_and_feedback(client):
    page = client.get(reverse("home")).content.decode()
    footer = page[page.index("<footer"):]
    for name in ("help:index", "help:terms", "help:privacy", "help:feedback"):
        assert f'href="{reverse(name)}"' in footer
    assert "favicon.svg" in page and "favicon.ico" in page


def test_favicon_ico_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith("favicon.ico")
    icon = client.get(response["Location"])
    assert icon.status_code == 200


def _feedback(**changes):
    return {"name": "Анна Петрова", "email": "petrova@amurobl.ru", "topic": "passport",
            "message": "Не могу прикрепить презентацию к паспорту: файл 25 МБ.", **changes}


def test_feedback_reaches_the_support_mailbox_with_reply_to(client):
    response = client.post(reverse("help:feedback"), _feedback(), follow=True)
    assert "Спасибо! Ваше сообщение отправлено в службу поддержки" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [settings.SUPPORT_EMAIL]
    assert message.reply_to == ["petrova@amurobl.ru"]
    assert "Заполнение паспорта практики" in message.subject
    assert "Не могу прикрепить презентацию к паспорту: файл 25 МБ." in message.body
    assert "Анна Петрова" in message.body


def test_feedback_form_prefills_a_logged_in_user(client, author):
    client.force_login(author)
    page = client.get(reverse("help:feedback")).content.decode()
    assert f'value="{author.full_name}"' in page and f'value="{author.email}"' in page
    client.post(reverse("help:feedback"), _feedback(name=author.full_name, email=author.email))
    assert f"Пользователь платформы: {author.email}" in mail.outbox[0].body


@pytest.mark.parametrize("changes, field, message", [
    ({"email": "не-адрес"}, "email", "Проверьте адрес электронной почты"),
    ({"email": ""}, "email", "Укажите адрес электронной почты"),
    ({"name": ""}, "name", "Укажите, как к вам обращаться."),
    ({"topic": ""}, "topic", "Выберите тему обращения."),
    ({"topic": "hack"}, "topic", "Выберите тему обращения из списка."),
    ({"message": "Помогите"}, "message", "Сообщение слишком короткое"),
    ({"message": "я" * 5001}, "message", "не более 5000 символов (сейчас 5001)"),
    ({"name": "И" * 151}, "name", "Не более 150 символов (сейчас 151)"),
])
def test_bad_feedback_is_refused_at_the_field_and_keeps_what_was_typed(client, changes, field, message):
    data = _feedback(**changes)
    response = client.post(reverse("help:feedback"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="error_1_id_{field}"' in page  # the message sits at its field (crispy)
    assert message in page
    assert not mail.outbox
    if field != "message":
        assert "Не могу прикрепить презентацию" in page


def test_feedback_is_rate_limited(client):
    for _ in range(FEEDBACK_PER_HOUR):
        client.post(reverse("help:feedback"), _feedback())
    response = client.post(reverse("help:feedback"), _feedback())
    assert "Можно отправить не более 5 сообщений в час" in response.content.decode()
    assert len(mail.outbox) == FEEDBACK_PER_HOUR


def test_feedback_needs_csrf(author):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("help:feedback"), _feedback()).status_code == 403
    assert not mail.outbox
