"""F-CAT-1: the counts of the whole catalogue (no search, no filter) come from the summary table of
migration 0008_catalogue_speed2; they must always equal the counts over the practices themselves."""

import pytest
from django.db import transaction

from practices.catalogue.facets import catalogue_counts, facet_counts
from practices.catalogue.query import CatalogueQuery, public_practices
from practices.catalogue.search import search
from practices.models import CostRange, Practice, PracticeState
from tests import factories
from tests.factories import published_practice

pytestmark = pytest.mark.django_db


def live(state=PracticeState.PUBLISHED):
    """Total and counts counted over the practices (the filtered path of ``facet_counts``)."""
    query = CatalogueQuery(archived=state == PracticeState.ARCHIVED)
    total, counts, _ = facet_counts(public_practices(archived=query.archived), query)
    return total, counts


def assert_summary_exact():
    for state in (PracticeState.PUBLISHED, PracticeState.ARCHIVED):
        assert catalogue_counts(state) == live(state)


def test_f_cat_1_whole_catalogue_counts_follow_every_change(author, region_b, category_a, category_b):
    costs = list(CostRange.objects.order_by("order")[:2])
    indicator = factories.other_rating_indicator()
    a = published_practice(author, title="Школа А", category=category_a, level=1, cost_range=costs[0],
                           months_to_launch=2)
    b = published_practice(author, title="Школа Б", category=category_b, level=2, cost_range=costs[1],
                           months_to_launch=14)
    factories.PracticeFactory(author=author, title="Черновик")  # a draft is not counted
    a.rating_indicators.add(indicator)
    b.rating_indicators.add(indicator)
    total, counts = catalogue_counts(PracticeState.PUBLISHED)
    assert total == 2 and counts["category"] == {category_a.pk: 1, category_b.pk: 1}
    assert counts["indicator"] == {indicator.pk: 2} and counts["months"] == {"0-3": 1, "13-": 1}
    assert sum(counts["district"].values()) == 2
    assert_summary_exact()

    Practice.objects.filter(pk=a.pk).update(category=category_b, region=region_b, months_to_launch=None)
    assert_summary_exact()
    Practice.objects.filter(pk=b.pk).update(state=PracticeState.ARCHIVED)
    total, counts = catalogue_counts(PracticeState.ARCHIVED)
    assert total == 1 and counts["indicator"] == {indicator.pk: 1}
    assert_summary_exact()
    a.rating_indicators.remove(indicator)
    assert catalogue_counts(PracticeState.PUBLISHED)[1]["indicator"] == {}
    assert_summary_exact()
    with pytest.raises(RuntimeError), transaction.atomic():  # a rolled back change leaves no trace
        Practice.objects.filter(pk=a.pk).update(state=PracticeState.DRAFT)
        assert catalogue_counts(PracticeState.PUBLISHED)[0] == 0
        raise RuntimeError
    assert catalogue_counts(PracticeState.PUBLISHED)[0] == 1
    b.rating_indicators.clear()
    Practice.objects.filter(pk=b.pk).delete()
    assert catalogue_counts(PracticeState.ARCHIVED)[0] == 0
    assert_summary_exact()


def test_f_cat_1_catalogue_page_total_from_summary(client, author):
    published_practice(author, title="Школа А")
    published_practice(author, title="Школа Б")
    result = search(CatalogueQuery())
    assert result.total == 2 and len(result.page.object_list) == 2
