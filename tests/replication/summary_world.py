"""A known data set over two years for the annual replication summary (F-REPORT-3): six practices, requests in
2024, 2025 and 2026, states given at creation (the FSM field is protected: no transition is run). Summarised for 2025 with 2024
beside it; what each table must show is written next to the data."""

import datetime

from django.utils import timezone

from practices.models import PracticeState
from replication.models import ReplicationRequest
from tests import factories

YEAR = 2025


def at(year, month, day=15):
    return timezone.make_aware(datetime.datetime(year, month, day, 12, 0))


def request(practice, recipient, region, created, state, **fields):
    req = ReplicationRequest.objects.create(practice=practice, recipient=recipient, recipient_region=region,
                                            created_at=created, confirms_studied=True, confirms_ready=True,
                                            confirms_cooperation=True, undertakes_documents=True, state=state,
                                            **fields)
    return req


def build(author, author_b, recipient, recipient_a, region_a, region_b, category_a, category_b):
    """Returns the practices by name. ``author`` is of ``region_a``, ``author_b`` of ``region_b``."""
    p = {}
    p["poly"] = factories.published_practice(author, title="Бережливая поликлиника", category=category_a,
                                             published_at=at(2023, 5))
    p["mentors"] = factories.published_practice(author_b, title="Школа наставников", category=category_b,
                                                published_at=at(2023, 6))
    p["mfc"] = factories.published_practice(author, title="МФЦ для бизнеса", category=category_a,
                                            published_at=at(2024, 2))
    p["yard"] = factories.published_practice(author_b, title="Цифровой двор", category=category_b,
                                             published_at=at(2025, 3))
    p["archived"] = factories.published_practice(author_b, title="Открытый муниципалитет", category=category_b,
                                                 state=PracticeState.ARCHIVED, published_at=at(2022, 1))
    p["budget"] = factories.published_practice(author, title="Открытый бюджет", category=category_a,
                                               published_at=at(2023, 1))
    p["draft"] = factories.published_practice(author, title="Черновик", category=category_a,
                                              state=PracticeState.DRAFT)
    # 2025: poly 3 (done B, in progress A, refused B), mfc 2 (declined B, dismissed A), archived 1 (done A)
    request(p["poly"], recipient, region_b, at(2025, 1, 20), "done", assigned_at=at(2025, 1, 21),
            started_at=at(2025, 2, 1), done_at=at(2025, 9, 1))
    request(p["poly"], recipient_a, region_a, at(2025, 2, 10), "in_progress", assigned_at=at(2025, 2, 11),
            started_at=at(2025, 3, 1))
    request(p["poly"], recipient, region_b, at(2025, 3, 5), "refused", assigned_at=at(2025, 3, 6))
    request(p["mfc"], recipient, region_b, at(2025, 3, 20), "declined")
    request(p["mfc"], recipient_a, region_a, at(2025, 6, 2), "dismissed")
    request(p["archived"], recipient_a, region_a, at(2025, 11, 3), "done")
    # 2024: poly 1 (done B), mentors 2 (declined A, done B)
    request(p["poly"], recipient, region_b, at(2024, 4, 1), "done")
    request(p["mentors"], recipient_a, region_a, at(2024, 5, 1), "declined")
    request(p["mentors"], recipient, region_b, at(2024, 7, 1), "done")
    # 2026: budget 1 (after the year: no archiving proposal for it), 2023: poly 1 (outside the two years)
    request(p["budget"], recipient, region_b, at(2026, 2, 1), "requested")
    request(p["poly"], recipient_a, region_a, at(2023, 8, 1), "done")
    return p
