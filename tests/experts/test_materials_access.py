"""An invited expert reads the practice's private materials; other experts do not (F-VAL-3, F-FILE-1)."""

from django.urls import reverse

from practices.models import PracticeState
from tests.experts.conftest import declared
from validation.expert_review.services import invite_expert


def test_f_val_3_invited_expert_downloads_private_material(client, pool_a, experts, practice_in,
                                                          expert_moderator):
    practice = practice_in(PracticeState.EXPERT_REVIEW)
    material = practice.materials.exclude(file=None).first()
    url = reverse("files:download", args=[material.file_id])
    invited, other = experts[0], experts[1]
    declared(invite_expert(practice, invited, by=expert_moderator))

    client.force_login(other)
    assert client.get(url).status_code == 404

    client.force_login(invited)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
