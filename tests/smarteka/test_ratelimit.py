"""Issue 15 item 3: login lockouts (django-axes) with the Russian message and the wait, the ASI moderator's
unlock, and flood limits (django-ratelimit) on password reset, registration and «Хочу внедрить».

The numbers are the platform's choice (smarteka/accounts/lockout.py, smarteka/ratelimit.py): 5 failures
per account from one address, 10 per account from any, 20 per address, 15 minutes after the latest."""

import datetime
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core import mail
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from practices.models import PracticeState
from replication.models import ReplicationRequest
from smarteka import ratelimit
from smarteka.accounts.models import LoginUnlock, User
from smarteka.history.models import Transition
from tests import factories
from tests.smarteka.test_accounts import registration_data

pytestmark = pytest.mark.django_db

PASSWORD = "Smarteka-2026!"  # tests.factories.UserFactory's
LOGIN = "accounts:login"


def frozen(shift=datetime.timedelta(0)):
    """The clock stopped now (the fixtures' rows were made a moment ago), shifted by ``shift``."""
    return time_machine.travel(timezone.now() + shift, tick=False)


def _login(client, email, password, ip="10.0.0.1", **extra):
    return client.post(reverse(LOGIN), {"username": email, "password": password}, REMOTE_ADDR=ip, **extra)


def _fail(client, email, times, ip="10.0.0.1"):
    return [_login(client, email, "wrong-password", ip=ip) for _ in range(times)]


@pytest.fixture
def person(db):
    return factories.UserFactory(email="petrova@example.ru")


def test_issue_15_item_3_lockout_after_five_failures_with_russian_message_and_wait(client, person):
    """issue 15 item 3: the 5th failure from one address locks the account there; the login page itself
    (site layout, status 429) says so in Russian with the wait in correctly declined minutes."""
    with frozen() as clock:
        for response in _fail(client, "Petrova@Example.ru", 4):
            assert response.status_code == 200
            assert "Неверный адрес электронной почты или пароль." in response.content.decode()
        locked = _login(client, "petrova@example.ru", "wrong-password")
        html = locked.content.decode()
        assert locked.status_code == 429
        assert "Слишком много неудачных попыток входа, вход временно заблокирован." in html
        assert "Попробуйте ещё раз через 15 минут." in html
        assert 'aria-label="breadcrumb"' in html or 'class="breadcrumb"' in html  # the site layout
        assert "<h1 class=\"h3 mb-3\">Вход на платформу</h1>" in html
        assert 'value="petrova@example.ru"' in html  # the typed e-mail stays in the form
        assert "Неверный адрес" not in html

        # even the right password is refused while locked, and the refusal is not counted
        clock.shift(datetime.timedelta(minutes=13))
        response = _login(client, "petrova@example.ru", PASSWORD)
        assert response.status_code == 429 and "через 2 минуты" in response.content.decode()
        assert "_auth_user_id" not in client.session
        clock.shift(datetime.timedelta(seconds=90))
        assert "через 1 минуту." in _login(client, "petrova@example.ru", PASSWORD).content.decode()

        # the wait is over: the right password logs in and clears the account's failures
        clock.shift(datetime.timedelta(seconds=31))
        response = _login(client, "petrova@example.ru", PASSWORD)
        assert response.status_code == 302 and client.session["_auth_user_id"] == str(person.pk)
        assert not AccessAttempt.objects.filter(username="petrova@example.ru").exists()


def test_issue_15_item_3_wait_text_declines_minutes_and_hours():
    """issue 15 item 3: the wait is rounded up to whole minutes and declined (smarteka/text.py)."""
    assert ratelimit.wait_text(1) == "через 1 минуту"
    assert ratelimit.wait_text(61) == "через 2 минуты"
    assert ratelimit.wait_text(21 * 60) == "через 21 минуту"
    assert ratelimit.wait_text(11 * 60) == "через 11 минут"
    assert ratelimit.wait_text(60 * 60) == "через 1 час"
    assert ratelimit.wait_text(2 * 3600) == "через 2 часа"


def test_issue_15_item_3_lockout_per_account_from_different_addresses(client, person):
    """issue 15 item 3: 10 failures for one account spread over 10 addresses lock that account everywhere,
    while another account logs in from the same addresses."""
    other = factories.UserFactory(email="sidorov@example.ru")
    with frozen():
        for n in range(9):
            assert _login(client, person.email, "wrong", ip=f"10.0.1.{n}").status_code == 200
        assert _login(client, person.email, "wrong", ip="10.0.1.9").status_code == 429
        response = _login(client, person.email, PASSWORD, ip="192.168.7.7")  # a fresh address, right password
        assert response.status_code == 429 and "через 15 минут" in response.content.decode()
        assert _login(client, other.email, PASSWORD, ip="10.0.1.3").status_code == 302


def test_issue_15_item_3_lockout_per_address_for_every_account(client, person):
    """issue 15 item 3: 20 failures from one address (any accounts) lock that address; the account itself
    still logs in from elsewhere."""
    with frozen():
        for n in range(19):
            assert _login(client, f"guess{n}@example.ru", "wrong", ip="10.0.2.2").status_code == 200
        assert _login(client, "guess19@example.ru", "wrong", ip="10.0.2.2").status_code == 429
        assert _login(client, person.email, PASSWORD, ip="10.0.2.2").status_code == 429
        assert _login(client, person.email, PASSWORD, ip="10.0.2.3").status_code == 302


def test_issue_15_item_3_forwarded_for_is_trusted_only_behind_configured_proxies(client, person):
    """issue 15 item 3: X-Forwarded-For is ignored unless TRUSTED_PROXY_COUNT says a proxy sets it; then the
    address the proxy saw (the right end) counts, not what the client wrote on the left."""
    factory = RequestFactory()
    spoofed = factory.get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    assert ratelimit.client_ip(spoofed) == "10.9.9.9"
    with override_settings(TRUSTED_PROXY_COUNT=1):
        assert ratelimit.client_ip(spoofed) == "203.0.113.5"
        assert ratelimit.client_ip(factory.get("/", REMOTE_ADDR="10.9.9.9")) == "10.9.9.9"
        bad = factory.get("/", REMOTE_ADDR="10.9.9.9", HTTP_X_FORWARDED_FOR="not-an-address")
        assert ratelimit.client_ip(bad) == "10.9.9.9"
    with override_settings(TRUSTED_PROXY_COUNT=2):
        assert ratelimit.client_ip(spoofed) == "1.2.3.4"
    # an IPv6 subscriber holds a /64: the limits count the network, not each address in it
    v6 = factory.get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::5")
    assert ratelimit.client_ip(v6) == "2001:db8:1:2:aaaa::5"
    assert ratelimit.counting_ip(v6) == "2001:db8:1:2::"
    # the login counts the proxy-reported address: a client changing X-Forwarded-For does not escape
    with override_settings(TRUSTED_PROXY_COUNT=1), frozen():
        for n in range(5):
            _login(client, person.email, "wrong", ip="10.0.0.254", HTTP_X_FORWARDED_FOR=f"7.7.7.{n}, 198.51.100.1")
        assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.1"}
        locked = _login(client, person.email, PASSWORD, ip="10.0.0.254", HTTP_X_FORWARDED_FOR="198.51.100.1")
        assert locked.status_code == 429


def test_issue_15_item_3_asi_moderator_sees_lockouts_and_unlocks_with_a_record(client, person, asi_moderator):
    """issue 15 item 3: «Роли и назначения → Блокировки входа» lists the lockout; «Разблокировать» lifts
    it, records who did it (LoginUnlock and the account's history) and the account logs in again."""
    with frozen():
        _fail(client, person.email, 5, ip="10.0.3.3")
        client.force_login(asi_moderator)
        page = client.get(reverse("roles:lockouts"))
        html = page.content.decode()
        assert page.status_code == 200
        assert "Блокировки входа" in html and "petrova@example.ru" in html and "10.0.3.3" in html
        assert "Учётная запись с одного адреса" in html and "Разблокировать" in html
        assert 'class="breadcrumb' in html
        response = client.post(reverse("roles:lockout_unlock"), {
            "kind": "account_ip", "username": person.email, "ip_address": "10.0.3.3"})
        assert response.status_code == 302 and response["Location"] == reverse("roles:lockouts")
        entry = LoginUnlock.objects.get()
        assert (entry.by, entry.account, entry.ip_address, entry.failures) == (asi_moderator, person, "10.0.3.3", 5)
        transition = Transition.objects.get(object_id=person.pk, action="unlock_login")
        assert transition.by == asi_moderator and "после 5 неудачных попыток" in transition.comment
        html = client.get(reverse("roles:lockouts")).content.decode()
        assert "Сейчас вход никому не заблокирован." in html and 'id="unlocks"' in html and str(asi_moderator) in html
        # a second press (a colleague was first) changes nothing
        client.post(reverse("roles:lockout_unlock"), {
            "kind": "account_ip", "username": person.email, "ip_address": "10.0.3.3"})
        assert LoginUnlock.objects.count() == 1
        client.logout()
        assert _login(client, person.email, PASSWORD, ip="10.0.3.3").status_code == 302


@pytest.mark.parametrize("who", ["coordinator", "author", "recipient", "outsider"])
def test_issue_15_item_3_only_the_asi_moderator_unlocks(request, client, person, who):
    """issue 15 item 3: anyone else gets 403 on the list and on the unlock, and the lockout stays."""
    with frozen():
        _fail(client, person.email, 5, ip="10.0.4.4")
        client.force_login(request.getfixturevalue(who))
        assert client.get(reverse("roles:lockouts")).status_code == 403
        response = client.post(reverse("roles:lockout_unlock"), {
            "kind": "account_ip", "username": person.email, "ip_address": "10.0.4.4"})
        assert response.status_code == 403
        assert LoginUnlock.objects.count() == 0 and AccessAttempt.objects.filter(username=person.email).exists()
        client.logout()
        assert _login(client, person.email, PASSWORD, ip="10.0.4.4").status_code == 429


def test_issue_15_item_3_anonymous_goes_to_login_for_lockouts(client):
    response = client.get(reverse("roles:lockouts"))
    assert response.status_code == 302 and response["Location"].startswith(reverse(LOGIN))


def test_issue_15_item_3_password_reset_flood_per_email_does_not_reveal_the_account(client, person):
    """issue 15 item 3: the 4th reset request within the hour for one e-mail is refused with the wait, in
    the same words for an existing and an unknown address; no further letter goes out."""
    url = reverse("accounts:password_reset")
    with frozen():
        answers = {}  # the error the page shows
        for email in (person.email, "nobody@example.ru"):
            for _ in range(3):
                assert client.post(url, {"email": email}, REMOTE_ADDR="10.0.5.5").status_code == 302
            refused = client.post(url, {"email": email.upper()}, REMOTE_ADDR="10.0.5.6")
            assert refused.status_code == 429
            html = refused.content.decode()
            assert "Ссылку для восстановления пароля запрашивали слишком часто" in html
            assert "Попробуйте ещё раз через" in html and 'class="breadcrumb' in html
            # the wait depends on the counter's window (django-ratelimit offsets it by the key), not on the account
            answers[email] = [re.sub(r"через \d+ \w+", "через …", error)
                              for error in refused.context["form"].non_field_errors()]
        assert len(mail.outbox) == 3  # only the existing account gets letters, three of them
        assert answers[person.email] == answers["nobody@example.ru"]


def test_issue_15_item_3_password_reset_flood_per_address(client):
    """issue 15 item 3: 10 reset requests an hour from one address, whatever the e-mails."""
    url = reverse("accounts:password_reset")
    with frozen():
        for n in range(10):
            assert client.post(url, {"email": f"x{n}@example.ru"}, REMOTE_ADDR="10.0.6.6").status_code == 302
        assert client.post(url, {"email": "x10@example.ru"}, REMOTE_ADDR="10.0.6.6").status_code == 429
        assert client.post(url, {"email": "x10@example.ru"}, REMOTE_ADDR="10.0.6.7").status_code == 302


def test_issue_15_item_3_registration_flood_keeps_what_was_typed(client):
    """issue 15 item 3: the 11th registration within the hour from one address is refused at the form, with
    the wait; the typed name and e-mail come back, no account is created."""
    url = reverse("accounts:register")
    with frozen():
        for n in range(10):
            response = client.post(url, registration_data(email=f"user{n}@example.ru"), REMOTE_ADDR="10.0.7.7")
            assert response.status_code == 302
        refused = client.post(url, registration_data(email="late@example.ru", last_name="Опоздалова"),
                              REMOTE_ADDR="10.0.7.7")
        html = refused.content.decode()
        assert refused.status_code == 429
        assert "С вашего адреса зарегистрировано слишком много учётных записей." in html
        assert "Попробуйте ещё раз через" in html and "введённые данные, кроме пароля, остались в форме" in html
        assert 'value="late@example.ru"' in html and 'value="Опоздалова"' in html
        assert not User.objects.filter(email="late@example.ru").exists()
        # an invalid form is not counted and is answered as before
        response = client.post(url, registration_data(email="late@example.ru", password2="другой"),
                               REMOTE_ADDR="10.0.7.8")
        assert response.status_code == 200 and "Пароли не совпадают." in response.content.decode()


@pytest.fixture
def published(practice_in):
    return practice_in(PracticeState.PUBLISHED)


def test_issue_15_item_3_replication_request_flood_keeps_the_typed_text(client, published, recipient):
    """issue 15 item 3: after 5 «Хочу внедрить» requests within the hour the user's next one is refused at
    the form with the wait, and the typed comment and ticks come back; nothing is created."""
    factory = RequestFactory()
    with frozen():
        for n in range(5):  # five earlier requests of this user (other practices) within the hour
            earlier = factory.post("/", REMOTE_ADDR=f"10.0.8.{n}")
            earlier.user = recipient
            assert ratelimit.hit(earlier, "replication_request", ratelimit.REPLICATION_REQUEST) is None
        client.force_login(recipient)
        comment = "Готовы начать в апреле: команда собрана, бюджет согласован с минфином области."
        response = client.post(reverse("replication:request_create", args=[published.pk]), {
            "event_other": "Форум «Сильные идеи для нового времени»", "confirms_studied": "on",
            "confirms_ready": "on", "confirms_cooperation": "on", "undertakes_documents": "on",
            "comment": comment}, REMOTE_ADDR="10.0.8.100")
        html = response.content.decode()
        assert response.status_code == 429
        assert "Слишком много заявок «Хочу внедрить» за последний час." in html
        assert "Попробуйте ещё раз через" in html and "всё, что вы ввели, осталось в форме" in html
        assert comment in html and "Форум «Сильные идеи для нового времени»" in html.replace("&laquo;", "«")
        assert not ReplicationRequest.objects.filter(practice=published).exists()
    # the next hour the same request goes through
    with frozen(datetime.timedelta(hours=2)):
        response = client.post(reverse("replication:request_create", args=[published.pk]), {
            "event_other": "Форум", "confirms_studied": "on", "confirms_ready": "on",
            "confirms_cooperation": "on", "undertakes_documents": "on", "comment": comment},
            REMOTE_ADDR="10.0.8.100")
        assert response.status_code == 302
        assert ReplicationRequest.objects.filter(practice=published, recipient=recipient).exists()


def test_issue_15_item_3_cache_outage_opens_the_gate(client, monkeypatch):
    """issue 15 item 3: when the cache (Redis) is down the form still works; the limit is skipped (logged)."""
    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(ratelimit, "get_usage", broken)
    request = RequestFactory().post("/", {"email": "a@example.ru"}, REMOTE_ADDR="10.0.9.9")
    assert ratelimit.hit(request, "password_reset", ratelimit.PASSWORD_RESET) is None
    assert timezone.now()  # nothing raised
