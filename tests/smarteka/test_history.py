"""F-VAL-8: every transition is recorded (who, when, from, to, comment, attachments) and shown."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse

from smarteka.files.services import store_upload
from smarteka.history.models import Transition
from smarteka.history.services import history_for, last_transition, record, state_labels
from smarteka.roles.models import Role, RoleGrant

PDF_BYTES = b"%PDF-1.4\n%%EOF\n"

# A workflow object of a lower app: a role grant's «role» field stands in for a state field with
# Russian choices (practices and replication requests get their state machines later).


@pytest.fixture
def grant(author):
    return RoleGrant.objects.get(user=author, role=Role.AUTHOR)


def protocol(by, name="Протокол.pdf"):
    return store_upload(SimpleUploadedFile(name, PDF_BYTES), by=by, kind="protocol")


@pytest.mark.django_db
def test_f_val_8_record_writes_who_from_to_with_russian_labels(grant, coordinator):
    old = grant.role
    grant.role = Role.COORDINATOR
    file = protocol(coordinator)
    t = record(grant, by=coordinator, old=old, action="promote", comment="По решению комиссии",
               files=[file, None], state_field="role")
    t = Transition.objects.get(pk=t.pk)
    assert t.content_object == grant
    assert t.by == coordinator
    assert (t.from_state, t.to_state) == ("author", "coordinator")
    assert (t.from_label, t.to_label) == ("Автор практики", "Региональный координатор")
    assert t.action == "promote" and t.comment == "По решению комиссии"
    assert list(t.files.all()) == [file]
    assert t.at is not None


@pytest.mark.django_db
def test_f_val_8_record_takes_explicit_labels_and_system_actor(region_a):
    t = record(region_a, by=None, old="", new="published", labels={"published": "Опубликована"})
    assert t.by is None and t.from_label == "" and t.to_label == "Опубликована"
    assert state_labels(region_a) == {}  # no state field: codes are kept as they are


@pytest.mark.django_db
def test_f_val_8_history_for_lists_only_this_object_oldest_first(grant, coordinator, region_a):
    first = record(grant, by=coordinator, old="author", new="coordinator", state_field="role")
    second = record(grant, by=coordinator, old="coordinator", new="expert", state_field="role")
    record(region_a, by=coordinator, old="a", new="b")
    assert list(history_for(grant)) == [first, second]


@pytest.mark.django_db
def test_f_val_8_last_transition_into_a_state(grant, coordinator, region_a):
    assert last_transition(grant) is None
    first = record(grant, by=coordinator, old="author", new="coordinator", state_field="role")
    second = record(grant, by=None, old="expert", new="coordinator", state_field="role")
    third = record(grant, by=coordinator, old="coordinator", new="expert", state_field="role")
    record(region_a, by=coordinator, old="a", new="coordinator")
    assert last_transition(grant) == third
    assert last_transition(grant, "coordinator") == second
    assert last_transition(grant, "coordinator", exclude_from=["expert"]) == first
    assert last_transition(grant, "coordinator", exclude_from=["expert"]).by == coordinator
    assert last_transition(grant, "author") is None


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 20])
def test_f_val_8_history_for_query_count_is_constant(grant, coordinator, django_assert_num_queries, count):
    for i in range(count):
        record(grant, by=coordinator, old="author", new="coordinator", comment=f"шаг {i}",
               files=[protocol(coordinator, f"Протокол {i}.pdf")], state_field="role")
    ContentType.objects.get_for_model(grant)  # content types are cached per process
    with django_assert_num_queries(2):  # transitions with users, then their attachments
        transitions = list(history_for(grant))
        html = render_to_string("history/_history.html", {"transitions": transitions})
    assert len(transitions) == count
    assert html.count("Протокол ") == count


@pytest.mark.django_db
def test_f_val_8_history_include_renders_russian_timeline_in_moscow_time(grant, coordinator):
    file = protocol(coordinator, "Протокол заседания.pdf")
    t = record(grant, by=coordinator, old="author", new="coordinator", comment="Согласовано\nбез замечаний",
               files=[file], state_field="role")
    Transition.objects.filter(pk=t.pk).update(at=datetime.datetime(2026, 3, 5, 9, 30, tzinfo=datetime.UTC))
    html = render_to_string("history/_history.html", {"transitions": history_for(grant)})
    assert "История" in html
    assert "5 марта 2026, 12:30 (МСК)" in html
    assert coordinator.full_name in html
    assert "из «Автор практики» в «Региональный координатор»" in html
    assert "Согласовано<br>без замечаний" in html
    assert f'href="{reverse("files:download", args=[file.pk])}"' in html
    assert "Протокол заседания.pdf" in html


@pytest.mark.django_db
def test_f_val_8_history_include_says_when_there_is_nothing_yet():
    html = render_to_string("history/_history.html", {"transitions": []})
    assert "Переходов пока не было." in html


@pytest.mark.django_db
def test_f_val_8_step_without_state_change_is_not_shown_as_a_move(grant, coordinator):
    record(grant, by=coordinator, old="author", new="author", comment="Загружен протокол", state_field="role")
    html = render_to_string("history/_history.html", {"transitions": history_for(grant)})
    assert "статус «Автор практики» без изменений" in html
    assert "из «Автор практики» в «Автор практики»" not in html
