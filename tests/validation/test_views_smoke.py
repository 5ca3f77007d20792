"""Review page and queue render (F-VAL-7, F-VAL-8)."""

import pytest
from django.urls import reverse

from practices.models import PracticeState

pytestmark = pytest.mark.django_db


def test_review_page_and_queue_render_f_val_7(client, practice_in, actors):
    practice = practice_in(PracticeState.PACKAGING)
    client.force_login(actors["asi"])
    r = client.get(reverse("validation:review", args=[practice.pk]))
    assert r.status_code == 200, r.content.decode()[:3000]
    r = client.get(reverse("validation:queue"))
    assert r.status_code == 200
    client.force_login(actors["em"])
    r = client.get(reverse("validation:review", args=[practice.pk]))
    assert "Установить уровень" in r.content.decode()


def test_f_val_1_review_page_lists_every_material_and_the_team(client, practice_in, coordinator, outsider):
    """A reviewer checks the documents and the team, not only the passport text (4.1.8)."""
    from practices.models import Material

    practice = practice_in("regional_review")
    Material.objects.filter(practice=practice).update(is_public=False)
    client.force_login(coordinator)
    html = client.get(reverse("validation:review", args=[practice.pk])).content.decode()
    for material in Material.objects.filter(practice=practice):
        assert reverse("files:download", args=[material.file_id]) in html
    assert "не публикуется в каталоге" in html
    for member in practice.team.select_related("user"):
        assert member.user.full_name in html
    client.force_login(outsider)  # may not know the practice exists: 404, not 403 (issue 13 item 14)
    assert client.get(reverse("validation:review", args=[practice.pk])).status_code == 404
