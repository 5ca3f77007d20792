"""Russian error pages and the logout page (issue 14 item 8): 403, 404, 405 and 500 in the site's layout with
what happened, what to do and the support e-mail; the 403 says which right is missing; a GET of the logout
URL shows a page with the logout button."""

import pytest
from django.conf import settings
from django.urls import include, path, reverse

from smarteka.urls import handler500  # noqa: F401  (the test URLconf below keeps the project's 500 handler)

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("broken on purpose")


urlpatterns = [path("boom/", _boom), path("", include("smarteka.urls"))]


def html(response):
    return response.content.decode()


def _layout_and_support(page):
    assert "Основная навигация" in page and "Каталог практик" in page  # the site's header
    assert f'mailto:{settings.SUPPORT_EMAIL}' in page
    assert "Что можно сделать" in page and "Вернуться на главную" in page


def test_issue_14_item_8_404_page_is_russian_in_the_layout(client):
    response = client.get("/no-such-page-at-all/")
    assert response.status_code == 404
    page = html(response)
    assert "Страница не найдена" in page and "Ошибка 404" in page
    _layout_and_support(page)
    assert "Войдите" in page  # an anonymous visitor is told that some pages need a login


def test_issue_14_item_8_403_page_says_which_right_is_missing(client, author):
    client.force_login(author)
    response = client.get(reverse("roles:list"))
    assert response.status_code == 403
    page = html(response)
    assert "Доступ запрещён" in page and "Ошибка 403" in page
    assert "Управлять ролями пользователей может только модератор АСИ." in page
    _layout_and_support(page)
    assert reverse("accounts:logout") in page  # «войти под другой учётной записью»


def test_issue_14_item_8_403_page_of_the_role_history(client, author):
    client.force_login(author)
    response = client.get(reverse("roles:history"))
    assert response.status_code == 403
    assert "Историю назначения ролей видит только модератор АСИ." in html(response)


def test_issue_14_item_8_405_page_keeps_status_and_allow_header(client, author):
    client.force_login(author)
    response = client.get(reverse("notifications:read_all"))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = html(response)
    assert "Ошибка 405" in page and "нельзя выполнить, открыв ссылку" in page
    _layout_and_support(page)


@pytest.mark.urls(__name__)
def test_issue_14_item_8_500_page_is_static_and_russian(client, django_assert_num_queries):
    client.raise_request_exception = False
    with django_assert_num_queries(0):
        response = client.get("/boom/")
    assert response.status_code == 500
    page = html(response)
    assert "На сервере произошла ошибка" in page and "Ошибка 500" in page
    assert f'mailto:{settings.SUPPORT_EMAIL}' in page and "Вернуться на главную" in page
    assert "css/smarteka.css" in page  # the site's look without its request context


def test_issue_14_item_8_logout_get_shows_the_button_and_post_logs_out(client, author):
    client.force_login(author)
    url = reverse("accounts:logout")
    response = client.get(url)
    assert response.status_code == 200
    page = html(response)
    assert "Выйти из Смартеки?" in page and 'id="logout-confirm"' in page and 'method="post"' in page
    assert "_auth_user_id" in client.session  # a GET does not log out

    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("home")
    assert "_auth_user_id" not in client.session


def test_issue_14_item_8_logout_get_when_logged_out_goes_home(client):
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 302 and response.url == reverse("home")


def test_issue_14_item_8_403_page_of_another_regions_team(client, coordinator_of_other_region, region_a):
    client.force_login(coordinator_of_other_region)
    response = client.get(reverse("regions:team_edit", args=[region_a.slug]))
    assert response.status_code == 403
    assert "Менять команду региона могут модератор АСИ и координатор этого региона." in html(response)
