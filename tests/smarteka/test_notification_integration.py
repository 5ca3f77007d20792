"""F-NOTE-1: access requests and role changes reach the people they concern in-app and by e-mail."""

import pytest
from django.core import mail
from django.urls import reverse

from smarteka.accounts import services as access
from smarteka.notifications.models import Notice
from smarteka.roles.models import Role
from smarteka.roles.services import grant_role, revoke_role
from tests import factories


@pytest.mark.django_db
def test_f_note_1_access_request_waits_in_coordinators_actions_until_verified(
        client, django_capture_on_commit_callbacks, region_a, coordinator, asi_moderator):
    applicant = factories.UserFactory(email="applicant@example.ru", region=region_a)
    with django_capture_on_commit_callbacks(execute=True):
        req = access.request_access(applicant, by=applicant)

    waiting = Notice.objects.get(recipient=coordinator, requires_action=True)
    assert waiting.action_done_at is None and waiting.url == reverse("accounts:access_queue")
    client.force_login(coordinator)
    page = client.get(reverse("notifications:actions")).content.decode()
    assert "Новая заявка на доступ к паспорту практики" in page
    # the e-mail is the access letter itself, not a second generic one
    assert [m.subject for m in mail.outbox if m.to == [coordinator.email]] == [
        "Новая заявка на доступ к паспорту практики — Смартека"]

    with django_capture_on_commit_callbacks(execute=True):
        access.verify_access(req, by=coordinator)
    waiting.refresh_from_db()
    assert waiting.action_done_at is not None
    assert Notice.objects.filter(recipient=asi_moderator, requires_action=True, action_done_at__isnull=True).exists()
    assert Notice.objects.filter(recipient=applicant).count() == 2


@pytest.mark.django_db
def test_f_note_1_role_grant_and_revocation_notify_the_user(django_capture_on_commit_callbacks, asi_moderator,
                                                           region_b):
    user = factories.UserFactory(email="new-coordinator@example.ru", region=region_b)
    with django_capture_on_commit_callbacks(execute=True):
        grant = grant_role(user, Role.COORDINATOR, by=asi_moderator, region=region_b)
    notice = Notice.objects.get(recipient=user, kind="roles.granted")
    assert "Региональный координатор" in notice.title
    assert any(m.to == [user.email] and "Региональный координатор" in m.subject for m in mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        revoke_role(grant, by=asi_moderator, reason="Смена координатора")
    revoked = Notice.objects.get(recipient=user, kind="roles.revoked")
    assert "Смена координатора" in revoked.body
