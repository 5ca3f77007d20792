"""Author replacement (4.1.11) and the recovery of a deleted practice (4.1.13): F-ARCH-2 (issue 21, items 5–6)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from practices.models import Practice, PracticeState
from practices.signals import practice_left_catalogue
from replication.models import ReplicationRequest, RequestState
from smarteka.deadlines.models import Deadline
from smarteka.deadlines.services import open_deadline
from smarteka.history.services import history_for
from smarteka.notifications.models import Notice
from smarteka.permissions import can
from tests import factories
from validation import services
from validation.lifecycle import contacts, stewardship
from validation.models import AuthorReplacement, ReplacementState

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(practice_in):
    return practice_in(PracticeState.PUBLISHED)


@pytest.fixture
def new_author(region_a):
    return factories.UserFactory(email="new-author@example.ru", region=region_a, last_name="Новикова",
                                 first_name="Мария")


def _ask(practice, by, new_author, **kwargs):
    values = {"phone": "+7 914 555-44-33", "reason": "Автор перешёл на другую работу"}
    values.update(kwargs)
    return stewardship.request_author_replacement(practice, by=by, new_author=new_author, **values)


# --- author replacement (4.1.11)


def test_f_arch_2_replacement_flow_new_author_sees_it_old_reads_history(client, published, author, coordinator,
                                                                      asi_moderator, new_author):
    """F-ARCH-2 (4.1.11): the coordinator asks with the new author, phone and reason; the ASI moderator carries
    it out; the new author finds the practice in «Мои практики»; the old author still reads the practice and
    its history but is no longer on its team; all are notified and the history records it."""
    replacement = _ask(published, coordinator, new_author)
    assert Notice.objects.filter(recipient=asi_moderator, kind="author_replacement_requested").exists()

    stewardship.carry_out_replacement(replacement, by=asi_moderator, comment="Запрос проверен")
    published.refresh_from_db()
    assert published.author == new_author
    assert published.team.filter(user=new_author).exists()
    assert not published.team.filter(user=author).exists()
    assert AuthorReplacement.objects.get().state == ReplacementState.DONE

    client.force_login(new_author)
    page = client.get(reverse("practices:my")).content.decode()
    assert "Бережливая поликлиника" in page

    assert can(author, "view_history", published)
    assert can(author, "view_practice", published)
    assert not can(author, "edit_passport", published)
    client.force_login(author)
    detail = client.get(reverse("practices:detail", args=[published.pk])).content.decode()
    assert "Автор практики заменён" in detail  # the history block, with the replacement in it
    mine = client.get(reverse("practices:my")).content.decode()
    assert "Бережливая поликлиника" in mine and "вы были автором (только просмотр)" in mine

    actions = [t.action for t in history_for(published)]
    assert actions[-2:] == ["author_replacement_requested", "replace_author"]
    for user, kind in ((new_author, "author_replacement_new"), (author, "author_replacement_old"),
                       (coordinator, "author_replacement_done")):
        assert Notice.objects.filter(recipient=user, kind=kind).exists(), kind


def test_f_arch_2_former_author_reads_the_history_of_an_unpublished_practice_too(practice_in, author, coordinator,
                                                                                asi_moderator, new_author):
    """The read access rests on the replacement record, not on the practice being public."""
    practice = practice_in(PracticeState.PUBLISHED)
    stewardship.carry_out_replacement(_ask(practice, author, new_author), by=asi_moderator)
    Practice.objects.filter(pk=practice.pk).update(state=PracticeState.DELETED)
    practice.refresh_from_db()
    assert can(author, "view_history", practice)
    assert not can(factories.UserFactory(), "view_history", practice)


def test_f_arch_2_replacement_request_needs_new_author_phone_and_reason(published, author):
    with pytest.raises(ValidationError) as error:
        stewardship.request_author_replacement(published, by=author, new_author=None, phone="", reason=" ")
    assert error.value.message_dict == {
        "new_author": ["Выберите нового автора — зарегистрированного пользователя платформы."],
        "phone": ["Укажите контактный номер телефона нового автора."],
        "reason": ["Укажите причину смены автора."],
    }
    with pytest.raises(ValidationError) as error:
        _ask(published, author, author)
    assert "уже автор практики" in error.value.message_dict["new_author"][0]


def test_f_arch_2_replacement_refused_to_the_wrong_people(published, author, coordinator_of_other_region,
                                                         expert_moderator, new_author):
    other_author = factories.UserFactory(email="other-author@example.ru")
    for user in (coordinator_of_other_region, expert_moderator, other_author, new_author):
        with pytest.raises(PermissionDenied):
            _ask(published, user, new_author)


def test_f_arch_2_one_pending_request_and_decline_with_reason(published, author, coordinator, asi_moderator,
                                                             new_author):
    replacement = _ask(published, author, new_author)
    assert not can(coordinator, "request_author_replacement", published)
    with pytest.raises(ValidationError) as error:
        stewardship.decline_replacement(replacement, by=asi_moderator, comment="")
    assert error.value.message_dict == {"comment": ["Укажите причину отказа в замене автора."]}
    stewardship.decline_replacement(replacement, by=asi_moderator, comment="Нет подтверждения от организации")
    published.refresh_from_db()
    assert published.author == author
    assert Notice.objects.filter(recipient=author, kind="author_replacement_declined").exists()
    with pytest.raises(PermissionDenied):
        stewardship.carry_out_replacement(replacement, by=asi_moderator)


def test_f_arch_2_replacement_candidates_show_no_one_outside_the_region_by_name(published, new_author, region_b):
    stranger = factories.UserFactory(email="stranger@example.ru", region=region_b, last_name="Новикова")
    found = list(stewardship.replacement_candidates(published, "Новикова"))
    assert new_author in found and stranger not in found
    assert list(stewardship.replacement_candidates(published, "STRANGER@example.ru")) == [stranger]


# --- deletion and recovery (4.1.13)


def _delete(practice, asi_moderator):
    return services.delete_practice(practice, by=asi_moderator, requester="автор практики",
                                    comment="Письмо автора от 01.12.2026",
                                    request_document=factories.pdf_upload("request.pdf"))


def test_f_arch_2_deleted_then_recovered_to_the_state_it_was_deleted_from(practice_in, asi_moderator, author):
    """F-ARCH-2 (4.1.13): recovery by the ASI moderator returns the practice to its previous state, with a
    reason, recorded; its open clocks were cancelled by the deletion."""
    practice = practice_in(PracticeState.REVISION)
    assert Deadline.objects.filter(object_id=practice.pk, state="open", kind="practice_revision").exists()
    practice = _delete(practice, asi_moderator)
    assert practice.state == PracticeState.DELETED
    assert not Deadline.objects.filter(object_id=practice.pk, kind="practice_revision", state="open").exists()

    with pytest.raises(ValidationError) as error:
        stewardship.restore_deleted(practice, by=asi_moderator, comment="")
    assert error.value.message_dict == {"comment": ["Укажите причину восстановления практики."]}
    practice = stewardship.restore_deleted(practice, by=asi_moderator, comment="Обращение отозвано")
    assert practice.state == PracticeState.REVISION
    last = list(history_for(practice))[-1]
    assert (last.from_state, last.to_state, last.action) == ("deleted", "revision", "restore_deleted")
    assert "Обращение отозвано" in last.comment
    assert Notice.objects.filter(recipient=author, kind="practice_restored").exists()


def test_f_arch_2_only_the_asi_moderator_recovers(practice_in, asi_moderator, coordinator, author,
                                                  expert_moderator):
    practice = _delete(practice_in(PracticeState.PUBLISHED), asi_moderator)
    for user in (coordinator, author, expert_moderator):
        with pytest.raises(PermissionDenied):
            stewardship.restore_deleted(practice, by=user, comment="Прошу восстановить")
    practice = stewardship.restore_deleted(practice, by=asi_moderator, comment="Ошибочное удаление")
    assert practice.state == PracticeState.PUBLISHED


def test_f_arch_2_deletion_cancels_the_author_silence_clock(published, asi_moderator, expert_moderator):
    silence = contacts.record_author_silence(published, by=expert_moderator, comment="Звонили трижды")
    _delete(published, asi_moderator)
    assert Deadline.objects.get(kind="author_silent", object_id=silence.pk).state == "cancelled"


# --- replication requests of a practice that leaves the catalogue (receiver of practice_left_catalogue)


def _requests(practice, recipient, implementation_moderator):
    """One request in each of: requested, assigned, in progress, done — from four regions."""
    made = {}
    for code, state in (("16", "requested"), ("77", "assigned"), ("78", "in_progress"), ("50", "done")):
        region = factories.region(code)
        req = ReplicationRequest.objects.create(practice=practice, recipient=recipient, recipient_region=region,
                                                implementation_moderator=implementation_moderator)
        ReplicationRequest.objects.filter(pk=req.pk).update(state=state)
        made[state] = req
    return made


def _states(made):
    return {name: ReplicationRequest.objects.get(pk=req.pk).state for name, req in made.items()}


def test_f_arch_2_deleted_practice_closes_its_open_requests(published, recipient, implementation_moderator,
                                                            asi_moderator):
    """4.1.13, issue 21: deletion closes every open request with the reason (the Agency's closing transition),
    recorded, the recipient told; a finished one stays."""
    made = _requests(published, recipient, implementation_moderator)
    practice_left_catalogue.send(sender=Practice, practice=published, by=asi_moderator, state="deleted",
                                 reason="По обращению автора.")
    assert _states(made) == {"requested": "refused", "assigned": "refused", "in_progress": "refused", "done": "done"}
    closed = ReplicationRequest.objects.get(pk=made["in_progress"].pk)
    assert "практика удалена с платформы" in closed.closing_reason
    assert [t.action for t in history_for(closed)][-1] == "closed_practice_left"
    assert Notice.objects.filter(recipient=recipient, kind="replication_closed_practice_left").count() == 3
    # sent again: nothing more
    practice_left_catalogue.send(sender=Practice, practice=published, by=asi_moderator, state="deleted", reason="")
    assert Notice.objects.filter(recipient=recipient, kind="replication_closed_practice_left").count() == 3


def test_f_arch_2_archived_practice_keeps_requests_in_progress(published, recipient, implementation_moderator,
                                                               asi_moderator):
    """Choice (4.6 silent): archiving lets «Внедряется» go on to its end, closes the requests not yet started
    with «практика переведена в Базу знаний», leaves finished ones untouched."""
    made = _requests(published, recipient, implementation_moderator)
    practice_left_catalogue.send(sender=Practice, practice=published, by=asi_moderator, state="archived",
                                 reason="")
    assert _states(made) == {"requested": "refused", "assigned": "refused", "in_progress": "in_progress",
                             "done": "done"}
    assert ("практика переведена в Базу знаний"
            in ReplicationRequest.objects.get(pk=made["requested"].pk).closing_reason)
    assert Notice.objects.filter(recipient=recipient, kind="replication_closed_practice_left").count() == 2


def test_f_arch_2_deleting_a_published_practice_sends_the_signal(published, recipient, implementation_moderator,
                                                                asi_moderator, django_capture_on_commit_callbacks):
    made = _requests(published, recipient, implementation_moderator)
    with django_capture_on_commit_callbacks(execute=True):
        _delete(published, asi_moderator)
    assert _states(made)["in_progress"] == RequestState.REFUSED


def test_f_arch_2_clock_on_a_request_is_cancelled_when_closed(published, recipient, implementation_moderator,
                                                              asi_moderator):
    made = _requests(published, recipient, implementation_moderator)
    open_deadline(made["requested"], "replication_review", working_days=10)
    practice_left_catalogue.send(sender=Practice, practice=published, by=asi_moderator, state="deleted", reason="")
    assert Deadline.objects.get(object_id=made["requested"].pk, kind="replication_review").state == "cancelled"
