"""F-PLUS-2: the practice page's map colours the regions of the replication record by their stage and the
author region apart; a region named in the passport only is «внедрена» too."""

import re

import pytest
from django.urls import reverse

from practices.catalogue.record import MAP_STAGES, replication_record
from smarteka import pagecache
from tests import factories
from tests.regions.test_region_map import map_classes
from tests.replication.test_impact import _clone

pytestmark = pytest.mark.django_db


def test_f_plus_2_practice_map_colours_equal_the_record_stages(client, in_progress):
    practice = in_progress.practice
    _clone(in_progress, factories.region("02"), "done")
    _clone(in_progress, factories.region("55"), "requested")
    _clone(in_progress, factories.region("39"), "assigned")
    _clone(in_progress, factories.region("70"), "dismissed")  # no take-up: not on the map
    practice.implemented_regions.add(factories.region("87"))  # named in the passport only
    pagecache.bump()
    html = client.get(reverse("practices:detail", args=[practice.pk])).content.decode()
    classes = map_classes(html, "practice-map")
    assert len(classes) == 89
    record = replication_record(practice)
    assert len(record) == 4
    for req in record:
        assert classes[req.recipient_region.code] == MAP_STAGES[req.state], req.recipient_region
    assert classes[in_progress.recipient_region.code] == "map-in-progress"
    assert classes["02"] == "map-done" and classes["55"] == classes["39"] == "map-requested"
    assert classes[practice.region.code] == "map-author"
    assert classes["87"] == "map-done"
    assert classes["70"] == "map-none"
    coloured = {code for code, css in classes.items() if css != "map-none"}
    assert coloured == {r.recipient_region.code for r in record} | {practice.region.code, "87"}
    assert f"{practice.region.name} — регион-автор практики" in html
    assert "Республика Башкортостан — внедрено" in html
    assert 'href="#replication-record"' in html  # the list is the map's table
    assert "regions.map.region_map" not in html  # the template's comment stays a comment
    assert '<circle class="map-region map-dot map-none" data-code="77" aria-hidden="true" cx="' in html
    assert re.search(r'data-code="78" aria-hidden="true" cx="\d+\.\d" cy="\d+\.\d" r="5"', html)  # no «,»


def test_f_plus_2_practice_without_take_up_has_no_map(client, published):
    pagecache.bump()
    html = client.get(reverse("practices:detail", args=[published.pk])).content.decode()
    assert 'id="practice-map"' not in html
