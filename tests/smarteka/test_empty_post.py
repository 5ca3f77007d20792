"""An empty POST — no field at all, as an htmx form whose token rides in a header sends when nothing is filled
in, or a forged request — is a refused form with the messages at its fields, never the blank form again
without a word (``request.POST or None`` left such a form unbound; smarteka.forms.post_data / posted)."""

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_empty_registration_post_shows_the_required_fields(client):
    response = client.post(reverse("accounts:register"), {})
    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert "Обязательное поле" in html
    assert 'aria-invalid="true"' in html or "is-invalid" in html


def test_empty_subscription_post_is_refused_with_a_message(client):
    client.force_login(factories.UserFactory())
    response = client.post(reverse("practices:subscriptions"), {})
    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert "is-invalid" in html or "invalid-feedback" in html or "alert-danger" in html


def test_a_get_still_shows_a_blank_form(client):
    html = client.get(reverse("accounts:register")).content.decode()
    assert "Обязательное поле" not in html
