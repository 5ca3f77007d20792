"""The pages of the yearly audit (F-ACT-2) and of archiving (F-ARCH-1): what each role sees and may post, the
Russian refusals at the field, and constant query counts as data grows."""

import datetime
import itertools

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from practices.models import Practice, PracticeState
from tests.query_counts import assert_constant_queries
from tests.validation.lifecycle_helpers import JUSTIFICATION, MENTOR_GROUND, propose, published
from tests.validation.lifecycle_helpers import replication_request as make_request
from validation.lifecycle import archiving
from validation.models import ActualizationRequest, ArchiveProposal, AuditOutcome, AuditRecord, ProposalState

pytestmark = pytest.mark.django_db

MSK = datetime.timezone(datetime.timedelta(hours=3))
NOW = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=MSK)


@pytest.fixture(autouse=True)
def _frozen(production_calendar):
    with time_machine.travel(NOW, tick=False):
        yield


def _ago(days):
    return timezone.now() - datetime.timedelta(days=days)


# --- the audit worklist (F-ACT-2)


def test_f_act_2_worklist_oldest_first_with_requests_mentor_and_only_own_categories(
        client, author, recipient, expert_moderator):
    old = published(author, "Старая практика", published_at=_ago(900), mentor=True)
    newer = published(author, "Новая практика", published_at=_ago(100))
    other = published(author, "Практика другой категории", published_at=_ago(1000), category="obrazovanie")
    make_request(old, recipient, created_at=_ago(500), state="done")  # older than a year
    make_request(old, recipient, created_at=_ago(200), state="done")  # in the last year, finished
    make_request(old, recipient, created_at=_ago(30))  # in the last year, open
    client.force_login(expert_moderator)
    response = client.get(reverse("archiving:audit"))
    html = response.content.decode()
    assert response.status_code == 200
    rows = list(response.context["rows"])
    assert [r.pk for r in rows] == [old.pk, newer.pk]
    assert (rows[0].requests_last_year, rows[0].open_requests, rows[0].has_mentor) == (2, 1, True)
    assert (rows[1].requests_last_year, rows[1].open_requests, rows[1].has_mentor) == (0, 0, False)
    assert f"{timezone.localdate(old.published_at):%d.%m.%Y}" in html
    assert other.title not in html
    assert 'aria-label="breadcrumb"' in html and 'id="nav-audit"' in html


def test_f_act_2_audited_practice_leaves_the_worklist_once_per_year(client, author, expert_moderator):
    practice = published(author, "Практика для аудита", published_at=_ago(400))
    client.force_login(expert_moderator)
    url = reverse("archiving:audit_practice", args=[practice.pk])
    response = client.post(url, {f"p{practice.pk}-outcome": AuditOutcome.ACTUAL, f"p{practice.pk}-comment": ""})
    assert response.status_code == 302
    record = AuditRecord.objects.get(practice=practice)
    assert (record.year, record.outcome, record.audited_by) == (2026, AuditOutcome.ACTUAL, expert_moderator)
    page = client.get(reverse("archiving:audit")).content.decode()
    assert 'id="audit-empty"' in page and "Актуальна" in page
    again = client.post(url, {f"p{practice.pk}-outcome": AuditOutcome.ACTUAL}, follow=True)
    assert again.status_code == 400
    assert "Аудит практики «Практика для аудита» в 2026 году уже проведён." in again.content.decode()
    assert AuditRecord.objects.count() == 1
    with time_machine.travel(datetime.datetime(2027, 1, 11, 10, 0, tzinfo=MSK)):
        client.force_login(expert_moderator)
        assert practice.pk in [r.pk for r in client.get(reverse("archiving:audit")).context["rows"]]


def test_f_act_2_request_actualization_needs_what_to_update(client, author, expert_moderator):
    practice = published(author, "Практика для актуализации", published_at=_ago(400))
    client.force_login(expert_moderator)
    url = reverse("archiving:audit_practice", args=[practice.pk])
    response = client.post(url, {f"p{practice.pk}-outcome": AuditOutcome.REQUEST_ACTUALIZATION})
    assert response.status_code == 400
    assert "Напишите, что автору нужно актуализировать" in response.content.decode()
    client.post(url, {f"p{practice.pk}-outcome": AuditOutcome.REQUEST_ACTUALIZATION,
                      f"p{practice.pk}-comment": "Обновите результаты за 2025 год"})
    assert AuditRecord.objects.get().outcome == AuditOutcome.REQUEST_ACTUALIZATION
    # the outcome opens the request of 4.5.4 (F-ACT-1): it waits for the ASI moderator's grant
    request = ActualizationRequest.objects.get(practice=practice)
    assert request.reason == "Обновите результаты за 2025 год" and request.requested_by == expert_moderator
    assert request.state == "requested"


def test_f_act_2_propose_archiving_opens_the_proposal_form_prefilled_and_records_both(client, author,
                                                                                      expert_moderator):
    practice = published(author, "Практика без наставника", published_at=_ago(400))
    client.force_login(expert_moderator)
    response = client.post(reverse("archiving:audit_practice", args=[practice.pk]),
                           {f"p{practice.pk}-outcome": AuditOutcome.PROPOSE_ARCHIVING,
                            f"p{practice.pk}-comment": "Наставника нет"})
    assert response.status_code == 302 and "audit=1" in response.url
    form_page = client.get(response.url).content.decode()
    assert "Наставника нет" in form_page and "в случае отсутствия наставника" in form_page.lower()
    assert not AuditRecord.objects.exists()  # nothing recorded until the proposal is sent
    done = client.post(response.url, {"audit": "1", "ground": MENTOR_GROUND, "justification": JUSTIFICATION})
    proposal = ArchiveProposal.objects.get()
    assert done.status_code == 302 and done.url == proposal.get_absolute_url()
    assert AuditRecord.objects.get().outcome == AuditOutcome.PROPOSE_ARCHIVING
    assert proposal.origin == "audit"


def test_f_act_2_asi_moderator_sees_every_category_without_audit_forms(client, author, asi_moderator):
    published(author, "Практика здравоохранения", published_at=_ago(400))
    published(author, "Практика образования", published_at=_ago(300), category="obrazovanie")
    client.force_login(asi_moderator)
    html = client.get(reverse("archiving:audit")).content.decode()
    assert "Практика здравоохранения" in html and "Практика образования" in html
    assert "submit-audit" not in html


@pytest.mark.parametrize("name", ["coordinator", "author", "recipient", "outsider"])
def test_f_act_2_audit_and_proposal_pages_are_refused_to_others(client, request, name):
    client.force_login(request.getfixturevalue(name))
    assert client.get(reverse("archiving:audit")).status_code == 403
    assert client.get(reverse("archiving:proposals")).status_code == 403


def test_f_act_2_worklist_query_count_constant(client, author, recipient, expert_moderator):
    counter = itertools.count(1)

    def grow(k):
        titles = []
        for _ in range(k):
            i = next(counter)
            practice = published(author, f"Практика аудита {i:02d}", published_at=_ago(400 + i), mentor=i % 2 == 0)
            make_request(practice, recipient, created_at=_ago(i))
            titles.append(practice.title)
        return titles

    client.force_login(expert_moderator)
    assert_constant_queries(client, reverse("archiving:audit"), grow)


# --- proposals (F-ARCH-1)


def test_f_arch_1_proposal_form_refuses_an_archived_practice_in_russian(client, author, expert_moderator):
    practice = published(author, "Практика в базе знаний", published_at=_ago(400))
    Practice.objects.filter(pk=practice.pk).update(state=PracticeState.ARCHIVED, archived_at=_ago(10))
    client.force_login(expert_moderator)
    html = client.get(reverse("archiving:propose", args=[practice.pk])).content.decode()
    assert 'id="proposal-refusal"' in html and "уже в Базе знаний с 05.06.2026" in html
    assert 'id="proposal-form"' not in html


def test_f_arch_1_second_proposal_is_refused_at_the_field_with_everything_typed_kept(client, author,
                                                                                     expert_moderator):
    practice = published(author, "Практика под предложением", published_at=_ago(400))
    client.force_login(expert_moderator)
    url = reverse("archiving:propose", args=[practice.pk])
    assert client.post(url, {"ground": MENTOR_GROUND, "justification": JUSTIFICATION}).status_code == 302
    response = client.post(url, {"ground": MENTOR_GROUND, "justification": "Второе обоснование"})
    assert response.status_code == 400
    assert "уже есть открытое предложение об архивировании" in response.context["form"].errors["ground"][0]
    assert ArchiveProposal.objects.count() == 1


def test_f_arch_1_proposal_lists_count_and_the_asi_moderator_archives_with_a_confirmation(
        client, author, expert_moderator, asi_moderator):
    practice = published(author, "Практика к архивированию", published_at=_ago(400))
    proposal = propose(practice, expert_moderator)
    client.force_login(asi_moderator)
    lists = client.get(reverse("archiving:proposals"))
    assert lists.status_code == 200 and 'id="count-proposed">1<' in lists.content.decode()
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Перевести практику «Практика к архивированию» в Базу знаний? Она уйдёт из основного каталога" in page
    response = client.post(reverse("archiving:act", args=[proposal.pk, "archive"]), {"comment": ""})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert (practice.state, practice.archive_ground) == (PracticeState.ARCHIVED, MENTOR_GROUND)
    again = client.post(reverse("archiving:act", args=[proposal.pk, "archive"]), {"comment": ""})
    assert again.status_code == 403  # the rule: the proposal is decided


@pytest.mark.parametrize("name,status", [("expert_moderator", 403), ("expert_moderator_of_other_category", 404),
                                         ("coordinator", 404), ("author", 404)])
def test_f_arch_1_only_the_asi_moderator_may_archive_by_the_page(client, request, author, expert_moderator, name,
                                                                 status):
    proposal = propose(published(author, "Практика", published_at=_ago(400)), expert_moderator)
    client.force_login(request.getfixturevalue(name))
    assert client.post(reverse("archiving:act", args=[proposal.pk, "archive"]), {}).status_code == status
    assert ArchiveProposal.objects.get(pk=proposal.pk).state == ProposalState.PROPOSED


def test_f_arch_1_expert_moderator_confirms_an_awaiting_proposal_by_the_page(client, author, expert_moderator,
                                                                            asi_moderator):
    practice = published(author, "Практика без заявок", published_at=_ago(400))
    assert archiving.propose_archiving_without_requests() == 1
    proposal = ArchiveProposal.objects.get()
    client.force_login(expert_moderator)
    lists = client.get(reverse("archiving:proposals")).content.decode()
    assert 'id="count-awaiting">1<' in lists
    response = client.post(reverse("archiving:act", args=[proposal.pk, "confirm"]),
                           {"ground": proposal.ground, "justification": ""})
    assert response.status_code == 400
    assert "Напишите обоснование необходимости архивации" in response.content.decode()
    client.post(reverse("archiving:act", args=[proposal.pk, "confirm"]),
                {"ground": proposal.ground, "justification": "Заявок не было больше года."})
    assert ArchiveProposal.objects.get().state == ProposalState.PROPOSED
    client.force_login(asi_moderator)
    restore_url = reverse("archiving:restore", args=[practice.pk])
    client.post(reverse("archiving:act", args=[proposal.pk, "archive"]), {"comment": ""})
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Вернуть практику «Практика без заявок» из Базы знаний в основной каталог?" in page
    assert client.post(restore_url, {"reason": ""}).status_code == 400
    assert client.post(restore_url, {"reason": "Актуализирована"}).status_code == 302
    assert Practice.objects.get(pk=practice.pk).state == PracticeState.PUBLISHED


def test_f_arch_1_review_page_links_to_the_proposal_form_and_back_from_the_archive(
        client, practice_in, expert_moderator, expert_moderator_of_other_category, asi_moderator):
    practice = practice_in(PracticeState.PUBLISHED)
    review = reverse("validation:review", args=[practice.pk])
    client.force_login(expert_moderator)
    assert reverse("archiving:propose", args=[practice.pk]) in client.get(review).content.decode()
    client.force_login(expert_moderator_of_other_category)
    assert 'id="propose-archiving"' not in client.get(review).content.decode()
    assert client.get(reverse("archiving:propose", args=[practice.pk])).status_code == 403
    proposal = propose(practice, expert_moderator)
    archiving.archive(proposal, by=asi_moderator)
    client.force_login(asi_moderator)
    restore = reverse("archiving:restore", args=[practice.pk])
    assert restore in client.get(review).content.decode()
    assert client.get(restore).url == proposal.get_absolute_url() + "#action-restore"


def test_f_arch_1_proposal_lists_query_count_constant(client, author, expert_moderator, asi_moderator):
    counter = itertools.count(1)

    def grow(k):
        titles = []
        for _ in range(k):
            i = next(counter)
            practice = published(author, f"Практика к архиву {i:02d}", published_at=_ago(400 + i))
            proposal = propose(practice, expert_moderator)
            if i % 3 == 1:
                archiving.decline(proposal, by=asi_moderator, reason="Нужна")
            titles.append(practice.title)
        return titles

    client.force_login(asi_moderator)
    assert_constant_queries(client, reverse("archiving:proposals"), grow)
