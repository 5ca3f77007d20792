"""A deleted practice is hidden everywhere (4.1.13, F-ARCH-2; issue 21 item 6): one test per place — catalogue,
search, the home page's counts, region pages, the digest, the knowledge base, «Мои практики» of its team, the
review queues, the public page — and the ASI moderator still finds it to recover it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from practices.catalogue import digest as digests
from practices.models import Appreciation, Practice, PracticeState
from tests import factories
from validation import services

pytestmark = pytest.mark.django_db

TITLE = "Зелёный маршрут здоровья"


def _delete(practice, asi_moderator):
    return services.delete_practice(practice, by=asi_moderator, requester="региональный координатор",
                                    comment="Письмо координатора № 12",
                                    request_document=factories.pdf_upload("request.pdf"))


@pytest.fixture
def deleted(practice_in, asi_moderator):
    practice = practice_in(PracticeState.PUBLISHED, title=TITLE)
    Appreciation.objects.create(practice=practice, user=factories.UserFactory())
    return _delete(practice, asi_moderator)


@pytest.fixture
def kept(practice_in):
    return practice_in(PracticeState.PUBLISHED, title="Бережливая поликлиника")


def test_f_arch_2_deleted_practice_is_not_in_the_catalogue(client, deleted, kept):
    page = client.get(reverse("practices:catalogue")).content.decode()
    assert kept.title in page and TITLE not in page


def test_f_arch_2_deleted_practice_is_not_found_by_search(client, deleted, kept):
    page = client.get(reverse("practices:catalogue"), {"q": "маршрут здоровья"}).content.decode()
    assert TITLE not in page


def test_f_arch_2_deleted_practice_is_not_counted_on_the_home_page(client, deleted, kept):
    response = client.get(reverse("home"))
    assert response.context["figures"]["published"] == 1
    assert TITLE not in response.content.decode()


def test_f_arch_2_deleted_practice_is_not_on_the_region_page(client, deleted, kept, coordinator):
    client.force_login(coordinator)  # the coordinator sees the region's practices in work too
    page = client.get(deleted.region.get_absolute_url()).content.decode()
    assert kept.title in page and TITLE not in page


def test_f_arch_2_deleted_practice_is_not_in_the_digest(deleted, kept):
    month = timezone.localdate().replace(day=1)
    data = digests.digest(month)
    assert deleted.pk not in [p.pk for p in data["appreciated"]]
    assert deleted.pk not in [p.pk for p, _n in data["requested"]]


def test_f_arch_2_deleted_archived_practice_leaves_the_knowledge_base(client, practice_in, asi_moderator):
    practice = practice_in(PracticeState.PUBLISHED, title=TITLE)
    Practice.objects.filter(pk=practice.pk).update(state=PracticeState.ARCHIVED, archive_ground="Тест")
    assert TITLE in client.get(reverse("practices:knowledge_base")).content.decode()
    _delete(Practice.objects.get(pk=practice.pk), asi_moderator)
    assert TITLE not in client.get(reverse("practices:knowledge_base")).content.decode()


def test_f_arch_2_deleted_practice_is_not_in_my_practices_of_its_team(client, deleted):
    member = deleted.team.exclude(user=deleted.author).first().user
    for user in (member, deleted.author):
        client.force_login(user)
        assert TITLE not in client.get(reverse("practices:my")).content.decode()


def test_f_arch_2_deleted_practice_is_not_in_the_review_queues(client, deleted, coordinator, asi_moderator,
                                                               expert_moderator):
    for user in (coordinator, asi_moderator, expert_moderator):
        client.force_login(user)
        assert TITLE not in client.get(reverse("validation:queue")).content.decode()


def test_f_arch_2_deleted_practice_page_is_gone_for_visitors(client, deleted, asi_moderator):
    assert client.get(reverse("practices:detail", args=[deleted.pk])).status_code == 404
    client.force_login(asi_moderator)  # the ASI moderator finds it to recover it
    page = client.get(reverse("validation:deleted")).content.decode()
    assert TITLE in page and "Опубликована" in page
    review = client.get(reverse("validation:review", args=[deleted.pk])).content.decode()
    assert "Восстановить практику" in review


def test_f_arch_2_recovered_practice_is_back_in_the_catalogue(client, deleted, asi_moderator):
    client.force_login(asi_moderator)
    response = client.post(reverse("validation:act", args=[deleted.pk, "restore"]), {"comment": "Отзыв обращения"})
    assert response.status_code == 302
    client.logout()
    assert TITLE in client.get(reverse("practices:catalogue")).content.decode()


def test_f_arch_2_restore_without_reason_keeps_the_page_with_the_error(client, deleted, asi_moderator):
    client.force_login(asi_moderator)
    response = client.post(reverse("validation:act", args=[deleted.pk, "restore"]), {"comment": ""})
    assert response.status_code == 400
    assert "Укажите причину восстановления практики." in response.content.decode()
    assert Practice.objects.get(pk=deleted.pk).state == PracticeState.DELETED


def test_f_arch_2_deleted_list_shows_the_request_and_is_the_asi_moderator_s(client, deleted, asi_moderator,
                                                                            coordinator):
    client.force_login(asi_moderator)
    page = client.get(reverse("validation:deleted")).content.decode()
    assert "Письмо координатора № 12" in page and f"{timezone.localdate():%d.%m.%Y}" in page
    client.force_login(coordinator)
    assert client.get(reverse("validation:deleted")).status_code == 403
