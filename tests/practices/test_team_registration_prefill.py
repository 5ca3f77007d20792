"""F-ACC-4: the invitation letter's link opens registration with the invited address already filled in."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def _email_value(html):
    field = re.search(r'<input[^>]*name="email"[^>]*>', html).group(0)
    value = re.search(r'value="([^"]*)"', field)
    return value.group(1) if value else ""


def test_f_acc_4_invitation_link_prefills_registration_email(client, author, django_capture_on_commit_callbacks):
    practice = factories.PracticeFactory(author=author)
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("practices:team_invite", args=[practice.pk]), {"email": "new.member@example.ru"})
    [letter] = [m for m in mail.outbox if m.to == ["new.member@example.ru"]]
    link = re.search(r"https?://\S+(/accounts/register/\?email=\S+)", letter.body).group(1)
    client.logout()
    html = client.get(link).content.decode()
    assert _email_value(html) == "new.member@example.ru"


def test_f_acc_4_registration_ignores_a_bad_email_in_the_link(client):
    html = client.get(reverse("accounts:register"), {"email": '"><script>x</script>'}).content.decode()
    assert _email_value(html) == ""
    assert "<script>x</script>" not in html


def test_f_acc_4_posted_email_wins_over_the_link(client):
    """A refused form keeps what was typed, not the address from the link."""
    url = reverse("accounts:register") + "?email=invited@example.ru"
    html = client.post(url, {"email": "typed@example.ru", "last_name": "Сидорова"}).content.decode()
    assert _email_value(html) == "typed@example.ru"


def test_f_acc_4_plain_registration_has_empty_email(client):
    assert _email_value(client.get(reverse("accounts:register")).content.decode()) == ""
