"""A reviewer's attachment (F-VAL-5 return, Прил.3 rating committee) is stored inside the action's
transaction: with the history record when the action runs, not at all when it is refused (F-VAL-8)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from practices.models import PracticeState
from smarteka.files.models import StoredFile
from smarteka.history.services import history_for
from tests import factories
from validation import services

pytestmark = pytest.mark.django_db


def test_f_val_5_return_attachment_goes_with_the_history_record(practice_in, actors, client):
    practice = practice_in(PracticeState.REGIONAL_REVIEW)
    client.force_login(actors["coordinator"])
    response = client.post(reverse("validation:act", args=[practice.pk, "return"]),
                           {"comment": "Дополните результаты", "attachment": factories.pdf_upload("замечания.pdf")})
    assert response.status_code == 302
    last = list(history_for(practice))[-1]
    assert last.to_state == PracticeState.REVISION
    assert [f.original_name for f in last.files.all()] == ["замечания.pdf"]


def test_f_val_5_refused_return_stores_no_attachment(practice_in, actors):
    practice = practice_in(PracticeState.REGIONAL_REVIEW)
    before = StoredFile.objects.count()
    with pytest.raises(PermissionDenied):
        services.return_for_revision(practice, by=actors["author"], comment="Не моё дело",
                                     attachment=factories.pdf_upload("чужое.pdf"))
    assert StoredFile.objects.count() == before
