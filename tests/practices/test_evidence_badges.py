"""F-PLUS-3 (issue 19 item 3): evidence badges on catalogue cards and on the practice page — level,
«Прошла экспертизу» with the date of the experts' decision, «Внедрена в N регионах» (plurals),
«Актуализирована <date>»; each explains itself (aria-describedby + a description shown on hover and
focus); the catalogue's query count does not grow with the cards; the cached catalogue follows changes."""

import datetime
import itertools
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from practices.catalogue.badges import badges_for, with_badges
from practices.models import Practice, PracticeState
from regions.models import Region
from smarteka.history.models import Transition
from tests import factories
from tests.query_counts import assert_constant_queries
from tests.validation.lifecycle_helpers import replication_request

pytestmark = pytest.mark.django_db


def badge_texts(html, pk, place):
    """``{key: (label, description)}`` of the badges of practice ``pk`` rendered at ``place``."""
    found = {}
    for key, label in re.findall(rf'<li class="evidence-badge evidence-badge-(\w+)">\s*<span class="badge[^"]*" '
                                 rf'tabindex="0" aria-describedby="badge-{place}-{pk}-\w+">(.*?)</span>', html, re.S):
        tip = re.search(rf'id="badge-{place}-{pk}-{key}">(.*?)</span>', html, re.S)
        assert tip, f"no description for badge {key}"
        found[key] = (re.sub(r"<[^>]+>", "", label).strip(), tip.group(1).strip())
    return found


def annotated(practice):
    return with_badges(Practice.objects.filter(pk=practice.pk)).get()


def test_f_plus_3_published_practice_shows_level_expert_decision_date_and_actualization(
        client, practice_in, expert_moderator):
    practice = practice_in(PracticeState.PUBLISHED)
    decision = Transition.objects.get(object_id=practice.pk, action="experts_approve")
    decided = datetime.datetime(2026, 3, 12, 10, 0, tzinfo=datetime.UTC)
    Transition.objects.filter(pk=decision.pk).update(at=decided)
    Practice.objects.filter(pk=practice.pk).update(level=2, actualized_at=datetime.datetime(2026, 5, 5, 9, 0,
                                                                                           tzinfo=datetime.UTC))
    html = client.get(reverse("practices:detail", args=[practice.pk])).content.decode()
    badges = badge_texts(html, practice.pk, "page")
    assert badges["level"][0] == "2 уровень"
    assert "системные практики регионов-лидеров" in badges["level"][1]
    assert badges["expert"][0] == "Прошла экспертизу 12.03.2026"
    assert "решение принято 12.03.2026" in badges["expert"][1]
    assert badges["actualized"][0] == "Актуализирована 05.05.2026"
    assert "regions" not in badges  # implemented nowhere else yet: no badge at 0
    card = badge_texts(client.get(reverse("practices:catalogue")).content.decode(), practice.pk, "card")
    assert card.keys() == badges.keys()


def test_f_plus_3_fast_track_practice_without_expert_vote_has_no_expert_badge(author):
    practice = factories.published_practice(author, title="Без экспертизы", level=3)
    assert [b.key for b in badges_for(annotated(practice))] == ["level"]


@pytest.mark.parametrize(("count", "label"), [(1, "Внедрена в 1 регионе"), (2, "Внедрена в 2 регионах"),
                                              (5, "Внедрена в 5 регионах"), (11, "Внедрена в 11 регионах"),
                                              (21, "Внедрена в 21 регионе")])
def test_f_plus_3_regions_badge_uses_russian_plurals(author, count, label):
    practice = factories.published_practice(author, title="Практика")
    others = list(Region.objects.exclude(pk=author.region_id).order_by("code")[:count])
    practice.implemented_regions.add(*others, author.region)  # the author region itself is not counted
    assert {b.key: b.label for b in badges_for(annotated(practice))}["regions"] == label


def test_f_plus_3_regions_badge_counts_completed_replications_once_per_region(author, recipient, region_b):
    practice = factories.published_practice(author, title="Практика")
    replication_request(practice, recipient, state="done")
    replication_request(practice, factories.UserFactory(region=region_b), state="done")  # the same region again
    replication_request(practice, factories.UserFactory(region=factories.region("77")), state="requested")
    assert annotated(practice).adopted_regions_count == 1
    practice.implemented_regions.add(region_b)  # both in the passport and replicated: still one
    assert annotated(practice).adopted_regions_count == 1
    third = Region.objects.exclude(pk__in=[author.region_id, region_b.pk]).order_by("code").first()
    practice.implemented_regions.add(third)
    assert annotated(practice).adopted_regions_count == 2


def test_f_plus_3_every_badge_is_focusable_and_described(client, author):
    practice = factories.published_practice(author, title="Описанная практика", level=1,
                                            actualized_at=timezone.now())
    practice.implemented_regions.add(Region.objects.exclude(pk=author.region_id).first())
    html = client.get(reverse("practices:catalogue")).content.decode()
    ids = re.findall(rf'tabindex="0" aria-describedby="(badge-card-{practice.pk}-\w+)"', html)
    assert len(ids) == 3
    for element_id in ids:
        assert re.search(rf'role="tooltip" id="{element_id}">\S', html)


def test_f_plus_3_catalogue_query_count_stay_constant_with_badges(client, author, region_b):
    counter = itertools.count(1)
    regions = itertools.cycle(Region.objects.exclude(pk=author.region_id).order_by("code")[:5])
    ct_practice = None

    def grow(k):
        nonlocal ct_practice
        shown = []
        for _ in range(k):
            i = next(counter)
            practice = factories.published_practice(author, title=f"Практика со значками {i:02d}", level=1 + i % 3,
                                                    actualized_at=timezone.now())
            practice.implemented_regions.add(next(regions))
            ct_practice = ct_practice or ContentType.objects.get_for_model(Practice)
            Transition.objects.create(content_type=ct_practice, object_id=practice.pk, from_state="expert_review",
                                      to_state="ready_to_publish", action="experts_approve")
            replication_request(practice, factories.UserFactory(region=region_b), state="done")
            shown += [f"Практика со значками {i:02d}", "Прошла экспертизу", "Внедрена в 2 регионах"]
        return shown

    assert_constant_queries(client, reverse("practices:catalogue"), grow)


def test_f_plus_3_cached_catalogue_shows_a_new_region_badge_at_once(
        client, settings, author, django_capture_on_commit_callbacks):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    practice = factories.published_practice(author, title="Кэшированная практика")
    url = reverse("practices:catalogue")
    client.get(url)
    response = client.get(url)
    assert response["X-Page-Cache"] == "hit" and "Внедрена в" not in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        practice.implemented_regions.add(Region.objects.exclude(pk=author.region_id).first())
    response = client.get(url)
    assert response["X-Page-Cache"] == "miss" and "Внедрена в 1 регионе" in response.content.decode()
    cache.clear()
