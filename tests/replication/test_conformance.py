"""Replication decided where the regulation puts it (issue 13): the start on a roadmap or another
document (F-REP-3, 5.3.1.4), completion with the additional materials (F-REP-4, 5.3.1.5–5.3.1.6), the
recipient's organisation type (F-REP-1, 1.9, Прил.2, 5.1.1)."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from practices.models import OrganisationType
from replication import services
from replication.models import DocumentKind, ReplicationRequest, RequestDocument, RequestState
from smarteka.files.services import store_upload
from smarteka.notifications.models import Notice
from tests import factories
from tests.replication.conftest import fresh, make_request

pytestmark = pytest.mark.django_db

REPORT = {"implementation_started_on": "2026-02-01", "implementation_finished_on": "2026-05-01",
          "adaptation": "Адаптировали под сельские районы", "first_results": "Очереди сократились на 30 %",
          "expected_effects": "Рост удовлетворённости"}


# --- F-REP-3, 5.3.1.4: «дорожной карты или иного документа»


@pytest.mark.parametrize("kind", [DocumentKind.ACT, DocumentKind.OTHER, DocumentKind.MATERIAL])
def test_f_rep_3_start_on_another_document_than_the_roadmap_5_3_1_4(client, assigned, recipient, asi_moderator,
                                                                    kind):
    """5.3.1.4: the ASI moderator «проверяет факт загрузки дорожной карты или иного документа» — an act,
    materials or another document of the request count as well as a roadmap."""
    client.force_login(recipient)
    response = client.post(reverse("replication:request_action", args=[assigned.pk, "document"]),
                           {"kind": kind, "file": factories.pdf_upload("plan.pdf")})
    assert response.status_code == 302
    req = fresh(assigned)
    assert req.roadmap_uploaded_at is not None and req.has_roadmap()
    assert Notice.objects.get(recipient=asi_moderator, kind="replication_roadmap").requires_action

    client.force_login(asi_moderator)
    page = client.get(req.get_absolute_url()).content.decode()
    assert 'id="do-start"' in page
    response = client.post(reverse("replication:request_action", args=[req.pk, "start"]), {})
    assert response.status_code == 302
    assert fresh(req).state == RequestState.IN_PROGRESS


def test_f_rep_3_the_completion_letter_does_not_start_the_implementation_5_3_1_4(assigned, recipient,
                                                                                asi_moderator):
    """The official letter of 5.3.1.5 is sent «по завершении внедрения»: it is no start document."""
    services.upload_document(assigned, by=recipient, kind=DocumentKind.LETTER, upload=factories.pdf_upload())
    with pytest.raises(ValidationError, match="Дорожная карта или иной документ"):
        services.start_implementation(assigned, by=asi_moderator)
    assert fresh(assigned).state == RequestState.ASSIGNED


def test_f_rep_3_data_migration_dates_the_start_step_of_requests_with_another_document_5_3_1_4(assigned,
                                                                                              recipient):
    stored = store_upload(factories.pdf_upload("act.pdf"), by=recipient, owner=assigned, kind="replication_act",
                          kinds=services.DOCUMENT_KINDS)
    document = RequestDocument.objects.create(request=assigned, kind=DocumentKind.ACT, file=stored,
                                              uploaded_by=recipient)  # a row from before the rule
    assert fresh(assigned).roadmap_uploaded_at is None
    migration = importlib.import_module("replication.migrations.0002_roadmap_or_other_document")
    migration.date_the_start_step(apps, None)
    assert fresh(assigned).roadmap_uploaded_at == document.uploaded_at


# --- F-REP-4, 5.3.1.5–5.3.1.6: completion needs the additional materials


def test_f_rep_4_report_without_additional_materials_is_refused_at_the_field_5_3_1_5(client, in_progress,
                                                                                   recipient):
    client.force_login(recipient)
    response = client.post(reverse("replication:report", args=[in_progress.pk]),
                           {**REPORT, "letter": factories.pdf_upload("letter.pdf")})
    assert response.status_code == 400
    assert "Загрузите дополнительные материалы" in response.context["form"].errors["materials"][0]
    assert fresh(in_progress).completion_notified_at is None

    with pytest.raises(ValidationError) as refused:  # the service refuses too, at the same field
        services.submit_report(in_progress, by=recipient, implementation_started_on="2026-02-01",
                               adaptation="а", first_results="б", expected_effects="в",
                               letter=factories.pdf_upload("letter.pdf"))
    assert list(refused.value.error_dict) == ["materials"]
    assert fresh(in_progress).completion_notified_at is None


def test_f_rep_4_moderator_check_covers_the_additional_materials_5_3_1_6(client, reported,
                                                                       implementation_moderator):
    """5.3.1.6: the moderator checks the form, the letter «и дополнительных материалов»: a report without
    them cannot be accepted (e.g. one filed before the rule); the reason is shown at the decision."""
    reported.documents.filter(kind=DocumentKind.MATERIAL).delete()
    client.force_login(implementation_moderator)
    page = client.get(reported.get_absolute_url()).content.decode()
    assert "Реципиент не загрузил дополнительные материалы" in page
    response = client.post(reverse("replication:request_action", args=[reported.pk, "check"]),
                           {"decision": "accept"})
    assert response.status_code == 400
    error = response.context["forms"]["check"].errors["decision"][0]
    assert "реципиент не загрузил дополнительные материалы" in error
    assert fresh(reported).report_checked_at is None

    services.check_report(reported, by=implementation_moderator, accepted=False, comment="Приложите материалы")
    assert fresh(reported).completion_notified_at is None  # back to the recipient


def test_f_rep_4_completion_refused_without_the_additional_materials_5_3_1_6(client, checked, asi_moderator):
    checked.documents.filter(kind=DocumentKind.MATERIAL).delete()  # checked before the rule
    client.force_login(asi_moderator)
    page = client.get(checked.get_absolute_url()).content.decode()
    assert 'id="complete-blocked"' in page and 'id="do-complete"' not in page
    with pytest.raises(ValidationError, match="дополнительные материалы"):
        services.complete_implementation(checked, by=asi_moderator)
    assert fresh(checked).state == RequestState.IN_PROGRESS


def test_f_rep_4_report_with_materials_is_checked_and_completed_5_3_1_6(checked, asi_moderator, region_b):
    assert checked.has_materials() and checked.report_is_checked()
    services.complete_implementation(checked, by=asi_moderator)
    req = fresh(checked)
    assert req.state == RequestState.DONE and region_b in req.practice.implemented_regions.all()


# --- F-REP-1, 1.9, Прил.2, 5.1.1: the recipient's organisation type


@pytest.mark.parametrize("type_name", ["Орган местного самоуправления", "Коммерческая организация",
                                       "Федеральный орган исполнительной власти"])
def test_f_rep_1_recipient_must_be_a_regional_body_or_subordinate_1_9_5_1_1(client, published, recipient,
                                                                            type_name):
    """1.9, 5.1.1: «заявка на тиражирование практики может быть подана только от представителя
    исполнительного органа субъекта Российской Федерации»; the refusal names who and why."""
    recipient.organisation_type = OrganisationType.objects.get_or_create(
        name=type_name, defaults={"may_author": False})[0]
    recipient.save(update_fields=["organisation_type"])
    with pytest.raises(ValidationError) as refused:
        make_request(published, recipient)
    message = next(m for m in refused.value.messages if "тип организации" in m)
    assert str(recipient) in message and f"«{type_name}»" in message
    assert "исполнительного органа субъекта Российской Федерации или подведомственной ему организации" in message
    assert not ReplicationRequest.objects.exists()

    client.force_login(recipient)
    page = client.get(reverse("replication:request_create", args=[published.pk])).content.decode()
    assert f"«{type_name}»" in page  # told before filling the form


def test_f_rep_1_regional_body_and_subordinate_may_request_1_9_5_1_1(published, recipient):
    for may_author in OrganisationType.objects.filter(may_author=True):
        recipient.organisation_type = may_author
        recipient.save(update_fields=["organisation_type"])
        assert not [p for p in services.request_problems(published, recipient) if "тип организации" in p]
    assert make_request(published, recipient).state == RequestState.REQUESTED
