import re

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_page_states_the_platform_purpose_in_russian(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Цель платформы" in html
    assert "внедрения эффективных региональных практик" in html
    assert 'lang="ru"' in html
    # vendored assets only, never a CDN
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert "/static/vendor/htmx/htmx.min.js" in html
    assert_own_assets(html)


def assert_own_assets(html):
    """Every script and stylesheet of ``html`` comes from the site's own static files — not a word search
    of the page for «cdn», which its random CSP nonce and CSRF token once spelled."""
    assets = re.findall(r'<script[^>]*\ssrc="([^"]+)"|<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', html)
    assets = [src or href for src, href in assets]
    assert assets and all(url.startswith("/static/") for url in assets), assets


@pytest.mark.django_db
def test_health_answers_from_the_database(client):
    assert client.get(reverse("health")).json() == {"status": "ok"}


def test_settings_use_postgresql(settings):
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
