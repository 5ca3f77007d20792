"""Actualization of a published practice (4.5.1, 4.5.4–4.5.6): F-ACT-1 (request, grant, the edit as a new
version under review, accept / return), F-DL-2 (5 working days from the grant on the production calendar),
F-DL-8 (the yearly clock opened at publication, restarted at acceptance)."""

import datetime
import importlib

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from practices.models import Material, Practice, PracticeState, PracticeVersion
from practices.signals import practice_left_catalogue
from smarteka.deadlines.models import Deadline
from smarteka.deadlines.services import open_deadlines_for
from smarteka.history.models import Transition
from smarteka.notifications.models import Notice
from tests import factories
from validation.lifecycle import actualization as services
from validation.lifecycle.kinds import ACTUALIZATION_REQUESTED, ACTUALIZATION_YEARLY
from validation.models import ActualizationRequest, ActualizationState, RequesterRole
from validation.services import Refused

pytestmark = pytest.mark.django_db

PUBLISHED = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC)
# Friday 6 March 2026; Monday 9 March is a holiday (8 March fell on a Sunday)
FRIDAY = datetime.datetime(2026, 3, 6, 10, 0, tzinfo=datetime.UTC)
NEW_TITLE = "Цифровая регистратура"
NEW_ESSENCE = "Пациенты записываются через телемедицинский киоск."


@pytest.fixture
def published(practice_in):
    with time_machine.travel(PUBLISHED, tick=False):
        return practice_in(PracticeState.PUBLISHED)


def _history(practice):
    return list(Transition.objects.filter(object_id=practice.pk, content_type__model="practice")
                .order_by("at", "pk").values_list("action", "comment"))


def _edit_text(edit):
    Practice.objects.filter(pk=edit.pk).update(title=NEW_TITLE, essence=NEW_ESSENCE)


def _granted(published, asi_moderator):
    with time_machine.travel(FRIDAY, tick=False):
        return services.request_actualization(published, by=asi_moderator, reason="Обновились результаты")


# --- request and grant (4.5.4–4.5.6, F-DL-2)


def test_f_act_1_f_dl_2_an_expert_moderator_asks_the_asi_moderator_grants_5_working_days(
        published, expert_moderator, asi_moderator, author, coordinator):
    with time_machine.travel(FRIDAY, tick=False):
        request = services.request_actualization(published, by=expert_moderator, reason="Устарели результаты")
        assert request.state == ActualizationState.REQUESTED and request.edit is None
        assert request.requester_role == RequesterRole.EXPERT_MODERATOR
        notice = Notice.objects.get(kind="actualization_requested", recipient=asi_moderator)
        assert notice.requires_action and "Устарели результаты" in notice.body
        assert not open_deadlines_for(published, ACTUALIZATION_REQUESTED).exists()  # not before the grant

        request = services.grant_actualization(request, by=asi_moderator)
    assert request.state == ActualizationState.GRANTED and request.granted_by == asi_moderator
    edit = request.edit
    assert edit.state == PracticeState.ACTUALIZATION and edit.actualization_of == published
    assert (edit.title, edit.author, list(edit.materials.values_list("file_id", flat=True))) == (
        published.title, author, list(published.materials.values_list("file_id", flat=True)))
    assert edit.results.count() == published.results.count() and edit.team.count() == published.team.count()
    deadline = open_deadlines_for(published, ACTUALIZATION_REQUESTED).get()
    # 10, 11, 12, 13, 16 March: five working days of the production calendar from the grant
    assert deadline.due_on == datetime.date(2026, 3, 16)
    assert set(deadline.assignees.all()) == {author, coordinator}
    assert list(deadline.escalate_to.all()) == [expert_moderator]
    granted = Notice.objects.get(kind="actualization_granted", recipient=author)
    assert "16.03.2026" in granted.title and granted.url == reverse("practices:edit", args=[edit.pk])
    assert [a for a, _ in _history(published)][-2:] == ["request_actualization", "grant_actualization"]


def test_f_act_1_the_asi_moderators_request_grants_at_once(published, asi_moderator, author):
    request = _granted(published, asi_moderator)
    assert request.state == ActualizationState.GRANTED and request.edit is not None
    assert not Notice.objects.filter(kind="actualization_requested").exists()
    assert Notice.objects.filter(kind="actualization_granted", recipient=author).exists()


def test_f_act_1_the_author_asks_himself_4_5_5(published, author, asi_moderator):
    request = services.request_actualization(published, by=author, reason="Изменился состав команды")
    assert request.requester_role == RequesterRole.AUTHOR and request.state == ActualizationState.REQUESTED
    assert Notice.objects.filter(kind="actualization_requested", recipient=asi_moderator).exists()


def test_f_act_1_reason_required_and_one_open_request_per_practice(published, coordinator, expert_moderator):
    with pytest.raises(ValidationError) as error:
        services.request_actualization(published, by=coordinator, reason="  ")
    assert error.value.message_dict == {"reason": [services.REASON_REQUIRED]}
    services.request_actualization(published, by=coordinator, reason="Новые данные")
    with pytest.raises(Refused) as error:
        services.request_actualization(published, by=expert_moderator, reason="Ещё раз")
    assert error.value.messages == [services.SECOND_REQUEST]
    assert ActualizationRequest.objects.filter(practice=published).count() == 1


def test_f_act_1_the_wrong_reviewer_is_refused(published, coordinator_of_other_region,
                                               expert_moderator_of_other_category, expert_moderator):
    for user in (coordinator_of_other_region, expert_moderator_of_other_category):
        with pytest.raises(PermissionDenied):
            services.request_actualization(published, by=user, reason="Причина")
    request = services.request_actualization(published, by=expert_moderator, reason="Причина")
    with pytest.raises(PermissionDenied):  # only the ASI moderator grants (4.5.6)
        services.grant_actualization(request, by=expert_moderator)


# --- the edit: submit, return, accept; the public page and search follow the accepted version only


def _public(client, practice):
    client.logout()
    return client.get(reverse("practices:detail", args=[practice.pk])).content.decode()


def _found(client, practice, words):
    client.logout()
    page = client.get(reverse("practices:catalogue"), {"q": words}).content.decode()
    return reverse("practices:detail", args=[practice.pk]) in page


def test_f_act_1_the_public_page_and_search_keep_the_published_version_until_accepted(
        published, asi_moderator, expert_moderator, author, coordinator, client):
    edit = _granted(published, asi_moderator).edit
    _edit_text(edit)
    with time_machine.travel(FRIDAY + datetime.timedelta(days=4), tick=False):
        edit = services.submit_actualization(edit, by=author)
    assert edit.state == PracticeState.ACTUALIZATION_REVIEW
    assert not open_deadlines_for(published, ACTUALIZATION_REQUESTED).exists()  # met by the submission
    assert Deadline.objects.get(kind=ACTUALIZATION_REQUESTED).state == Deadline.State.MET
    assert Notice.objects.filter(kind="actualization_submitted", recipient=expert_moderator).exists()

    # under review: the anonymous public page and the catalogue search still show the published text
    page = _public(client, published)
    assert "Бережливая поликлиника" in page and NEW_TITLE not in page and "телемедицин" not in page
    assert "Актуализирована" not in page
    assert _found(client, published, "бережливая") and not _found(client, published, "телемедицинский")
    assert not _found(client, edit, "телемедицинский") and not _found(client, edit, "бережливая")
    assert client.get(reverse("practices:detail", args=[edit.pk])).status_code == 404  # the copy is not public

    # the expert-moderator sees the field diff against the published version
    client.force_login(expert_moderator)
    review = client.get(reverse("validation:review", args=[edit.pk])).content.decode()
    assert "изменения относительно опубликованной версии" in review
    assert "Бережливая поликлиника" in review and NEW_TITLE in review
    assert "Принять актуализацию" in review and "Вернуть на доработку" in review

    with time_machine.travel(FRIDAY + datetime.timedelta(days=5), tick=False):
        response = client.post(reverse("validation:act", args=[edit.pk, "accept-actualization"]), {"comment": ""})
    assert response.status_code == 302 and response.url == published.get_absolute_url()
    published.refresh_from_db()
    assert (published.title, published.essence, published.state) == (NEW_TITLE, NEW_ESSENCE, PracticeState.PUBLISHED)
    assert published.actualized_at.date() == datetime.date(2026, 3, 11)
    assert Practice.objects.get(pk=edit.pk).state == PracticeState.ACTUALIZATION_ACCEPTED
    assert PracticeVersion.objects.filter(practice=published).first().data["title"]["value"] == NEW_TITLE
    assert ActualizationRequest.objects.get().state == ActualizationState.ACCEPTED
    assert ("accept_actualization", "Актуализация принята.") in _history(published)
    for user in (author, coordinator):
        assert Notice.objects.filter(kind="actualization_accepted", recipient=user, object_id=published.pk).exists()

    page = _public(client, published)
    assert NEW_TITLE in page and "Бережливая поликлиника" not in page
    assert "Актуализирована" in page and "11.03.2026" in page
    assert _found(client, published, "телемедицинский") and not _found(client, published, "бережливая")


def test_f_act_1_return_sends_the_edit_back_with_the_comment(published, asi_moderator, expert_moderator, author,
                                                            client):
    edit = _granted(published, asi_moderator).edit
    edit = services.submit_actualization(edit, by=author)
    with pytest.raises(ValidationError):
        services.return_actualization(edit, by=expert_moderator, comment="")
    edit = services.return_actualization(edit, by=expert_moderator, comment="Обновите результаты за 2025 год")
    assert edit.state == PracticeState.ACTUALIZATION
    notice = Notice.objects.get(kind="actualization_returned", recipient=author)
    assert "Обновите результаты за 2025 год" in notice.body
    assert ("return_actualization", "Актуализация возвращена на доработку: Обновите результаты за 2025 год") in \
        _history(published)
    client.force_login(author)
    page = client.get(reverse("practices:edit_section", args=[edit.pk, "about"])).content.decode()
    assert "Обновите результаты за 2025 год" in page and "Отправить актуализацию на проверку" in page
    assert services.submit_actualization(edit, by=author).state == PracticeState.ACTUALIZATION_REVIEW


def test_f_act_1_the_author_submits_an_incomplete_edit_and_is_told_why(published, asi_moderator, author):
    edit = _granted(published, asi_moderator).edit
    Practice.objects.filter(pk=edit.pk).update(goal="")
    with pytest.raises(Refused):
        services.submit_actualization(edit, by=author)
    assert Practice.objects.get(pk=edit.pk).state == PracticeState.ACTUALIZATION


def test_f_act_1_the_edit_is_not_a_practice_of_its_own_in_my_practices_and_queues(
        published, asi_moderator, author, coordinator, client):
    edit = _granted(published, asi_moderator).edit
    client.force_login(author)
    page = client.get(reverse("practices:my")).content.decode()
    assert page.count('data-practice="') == 1 and "Актуализировать паспорт" in page
    assert reverse("practices:edit", args=[edit.pk]) in page
    client.force_login(coordinator)
    queue = client.get(reverse("validation:queue")).content.decode()
    assert reverse("validation:review", args=[edit.pk]) not in queue


def test_f_act_1_a_material_removed_from_the_edit_stays_with_the_published_practice(
        published, asi_moderator, author):
    from practices.materials.services import delete_material

    edit = _granted(published, asi_moderator).edit
    material = edit.materials.exclude(file__isnull=True).first()
    delete_material(material, by=author)
    assert Material.objects.filter(practice=published, file_id=material.file_id).exists()
    assert Material.objects.get(practice=published, file_id=material.file_id).file.file.name


def test_f_act_1_leaving_the_catalogue_cancels_the_actualization(published, asi_moderator):
    edit = _granted(published, asi_moderator).edit
    practice_left_catalogue.send(sender=Practice, practice=published, by=asi_moderator, state="archived",
                                 reason="в базу знаний")
    assert ActualizationRequest.objects.get().state == ActualizationState.CANCELLED
    assert Practice.objects.get(pk=edit.pk).state == PracticeState.DELETED
    assert not open_deadlines_for(published, ACTUALIZATION_REQUESTED).exists()
    assert not open_deadlines_for(published, ACTUALIZATION_YEARLY).exists()


# --- the yearly clock (F-DL-8, 4.5.1)


def test_f_dl_8_the_yearly_clock_opens_at_publication_and_restarts_at_acceptance(
        published, asi_moderator, expert_moderator, author, coordinator):
    yearly = open_deadlines_for(published, ACTUALIZATION_YEARLY).get()
    assert (yearly.starts_on, yearly.due_on) == (datetime.date(2025, 3, 3), datetime.date(2026, 3, 3))
    assert set(yearly.assignees.all()) == {author, coordinator}
    edit = _granted(published, asi_moderator).edit
    with time_machine.travel(FRIDAY + datetime.timedelta(days=4), tick=False):
        edit = services.submit_actualization(edit, by=author)
        services.accept_actualization(edit, by=expert_moderator)
    yearly.refresh_from_db()
    assert yearly.state == Deadline.State.MET
    renewed = open_deadlines_for(published, ACTUALIZATION_YEARLY).get()
    # 10 March 2027 is a Wednesday
    assert (renewed.starts_on, renewed.due_on) == (datetime.date(2026, 3, 10), datetime.date(2027, 3, 10))
    assert Deadline.objects.filter(kind=ACTUALIZATION_YEARLY).count() == 2


def test_f_dl_8_the_data_migration_opens_the_clock_for_practices_published_before(published, author):
    Deadline.objects.filter(kind=ACTUALIZATION_YEARLY).delete()
    Practice.objects.filter(pk=published.pk).update(actualized_at=datetime.datetime(2025, 11, 1, 9, tzinfo=datetime.UTC))
    migration = importlib.import_module("validation.migrations.0003_actualization_yearly_clocks")
    migration.open_yearly_clocks(apps, None)
    migration.open_yearly_clocks(apps, None)  # run twice: one clock
    clock = Deadline.objects.get(kind=ACTUALIZATION_YEARLY)
    assert (clock.starts_on, clock.due_on) == (datetime.date(2025, 11, 1), datetime.date(2026, 11, 2))
    assert author in clock.assignees.all()


def test_f_act_1_pages_the_request_form_and_the_grant(published, expert_moderator, asi_moderator, author, client):
    url = reverse("validation:actualization", args=[published.pk])
    client.force_login(expert_moderator)
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and services.REASON_REQUIRED in response.content.decode()
    response = client.post(url, {"reason": "Устарели результаты"})
    assert response.status_code == 302
    client.force_login(asi_moderator)
    page = client.get(url).content.decode()
    assert "Устарели результаты" in page and "Предоставить доступ к редактированию" in page
    response = client.post(reverse("validation:actualization_grant", args=[published.pk]))
    assert response.status_code == 302
    edit = ActualizationRequest.objects.get().edit
    client.force_login(author)
    assert "Запросить актуализацию" in client.get(published.get_absolute_url()).content.decode()
    response = client.post(reverse("validation:actualization_submit", args=[edit.pk]))
    assert response.status_code == 302 and response.url == reverse("practices:my")
    assert Practice.objects.get(pk=edit.pk).state == PracticeState.ACTUALIZATION_REVIEW
    other = factories.UserFactory(region=author.region)
    client.force_login(other)
    assert client.get(url).status_code == 403  # the practice is public; its actualization page is not


def test_f_act_1_f_dl_2_the_authors_own_request_escalates_to_the_granting_asi_moderator(
        published, author, asi_moderator, client):
    request = services.request_actualization(published, by=author, reason="Изменился порядок записи")
    client.force_login(asi_moderator)
    queue = client.get(reverse("validation:queue")).content.decode()
    assert 'id="queue-actualization-requests"' in queue
    assert reverse("validation:actualization", args=[published.pk]) in queue
    services.grant_actualization(request, by=asi_moderator)
    deadline = open_deadlines_for(published, ACTUALIZATION_REQUESTED).get()
    assert list(deadline.escalate_to.all()) == [asi_moderator]
    assert reverse("validation:actualization", args=[published.pk]) not in \
        client.get(reverse("validation:queue")).content.decode()


def test_f_act_1_the_edit_never_counts_in_the_catalogue_region_pages_or_digest(published, asi_moderator,
                                                                             coordinator, client):
    """The edit copy is not a practice of its own: the platform figures, the catalogue's counts and the region
    page (even the coordinator's «в работе» list) show the published practice once."""
    from practices.catalogue.digest import platform_figures
    from practices.catalogue.facets import catalogue_counts

    before = (platform_figures()["published"], catalogue_counts(PracticeState.PUBLISHED)[0])
    edit = _granted(published, asi_moderator).edit
    _edit_text(edit)
    services.submit_actualization(edit, by=published.author)
    assert (platform_figures()["published"], catalogue_counts(PracticeState.PUBLISHED)[0]) == before == (1, 1)
    client.force_login(coordinator)
    page = client.get(published.region.get_absolute_url()).content.decode()
    assert reverse("practices:detail", args=[published.pk]) in page
    assert NEW_TITLE not in page and f"/{edit.pk}/" not in page


def test_f_act_1_a_material_added_to_the_edit_is_public_once_accepted(published, asi_moderator, author,
                                                                     expert_moderator, client):
    from practices.materials.services import add_material
    from practices.models import MaterialKind

    edit = _granted(published, asi_moderator).edit
    material = add_material(edit, by=author, kind=MaterialKind.PRESENTATION, upload=factories.pdf_upload("new.pdf"))
    url = reverse("files:download", args=[material.file_id])
    assert client.get(url).status_code in (302, 403, 404)  # not public while the edit is under work
    assert published.materials.filter(file_id=material.file_id).count() == 0
    services.accept_actualization(services.submit_actualization(edit, by=author), by=expert_moderator)
    assert published.materials.filter(file_id=material.file_id, is_public=True).exists()
    assert client.get(url).status_code == 200  # the published practice owns it now: open to everyone


def test_f_act_1_a_second_grant_or_acceptance_is_refused_one_edit_one_record(published, expert_moderator,
                                                                            asi_moderator, author):
    request = services.request_actualization(published, by=expert_moderator, reason="Причина")
    services.grant_actualization(request, by=asi_moderator)
    with pytest.raises(PermissionDenied):  # a second tab: the request is no longer waiting
        services.grant_actualization(request, by=asi_moderator)
    assert Practice.objects.filter(actualization_of=published).count() == 1
    edit = services.submit_actualization(ActualizationRequest.objects.get().edit, by=author)
    services.accept_actualization(edit, by=expert_moderator)
    with pytest.raises(PermissionDenied):
        services.accept_actualization(edit, by=asi_moderator)
    assert [a for a, _ in _history(published)].count("accept_actualization") == 1
    assert PracticeVersion.objects.filter(practice=published).count() == 2  # the submission's and the accepted one
