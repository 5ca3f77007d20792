"""Fixtures of the replication tests (issue 8): a published practice with a mentor, a request at
each stage, a second implementation moderator, a federal-district curator."""

import datetime

import pytest

from practices.models import PracticeState, TeamMember
from replication import services
from replication.models import ReplicationRequest
from smarteka.roles.models import Role
from tests import factories


@pytest.fixture
def published(practice_in):
    """A complete practice of ``author`` published through the validation services."""
    return practice_in(PracticeState.PUBLISHED)


@pytest.fixture
def mentor(published, region_a):
    user = factories.UserFactory(email="mentor@example.ru", region=region_a, last_name="Наставникова")
    TeamMember.objects.create(practice=published, user=user, is_mentor=True)
    return user


@pytest.fixture
def team_member(published):
    """A team member who is not a mentor (complete_practice added two)."""
    return published.team.filter(is_mentor=False).exclude(user=published.author).first().user


@pytest.fixture
def other_implementation_moderator(db):
    user = factories.UserFactory(email="impl-moderator-2@example.ru", region=None)
    factories.grant(user, Role.IMPLEMENTATION_MODERATOR)
    return user


@pytest.fixture
def fd_curator(region_b):
    user = factories.UserFactory(email="curator@example.ru", region=region_b, last_name="Белова")
    factories.grant(user, Role.FD_CURATOR, federal_district=region_b.federal_district)
    return user


def make_request(practice, recipient, **kwargs):
    values = dict(event_other="Демо-день в Казани", confirms_studied=True, confirms_ready=True,
                  confirms_cooperation=True, undertakes_documents=True)
    values.update(kwargs)
    return services.request_replication(practice, by=recipient, **values)


@pytest.fixture
def requested(published, recipient, mentor, asi_moderator):
    return make_request(published, recipient)


@pytest.fixture
def assigned(requested, asi_moderator, implementation_moderator):
    return services.assign_moderator(requested, by=asi_moderator, moderator=implementation_moderator)


@pytest.fixture
def in_progress(assigned, recipient, asi_moderator):
    services.upload_document(assigned, by=recipient, kind="roadmap", upload=factories.pdf_upload("roadmap.pdf"))
    return services.start_implementation(assigned, by=asi_moderator)


@pytest.fixture
def reported(in_progress, recipient):
    return services.submit_report(
        in_progress, by=recipient, implementation_started_on=datetime.date(2026, 2, 1),
        implementation_finished_on=datetime.date(2026, 5, 1), adaptation="Адаптировали под сельские районы",
        first_results="Очереди сократились на 30 %", expected_effects="Рост удовлетворённости",
        letter=factories.pdf_upload("letter.pdf"), materials=[factories.pdf_upload("photo-report.pdf")])


@pytest.fixture
def checked(reported, implementation_moderator):
    return services.check_report(reported, by=implementation_moderator, accepted=True)


def fresh(req):
    return ReplicationRequest.objects.get(pk=req.pk)
