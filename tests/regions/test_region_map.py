"""F-PLUS-2: the map of Russia's federal subjects — its data covers the 89 subjects of the Regions table,
the region page shows both directions of adoption on the map and in lists, the home page's maps colour
regions by the counts the database holds."""

import json
import re

import pytest
from django.urls import reverse

from regions.map import DATA, buckets, map_data
from regions.mapdata import RUS_NAMES, UKR_NAMES
from regions.models import Region
from smarteka import pagecache
from tests import factories

pytestmark = pytest.mark.django_db

PATH = re.compile(r'<path class="map-region ([\w-]+)" data-code="(\d+)"')


def map_classes(html, map_id):
    """``{code: css class}`` of the SVG with ``id=map_id``."""
    start = html.index(f'id="{map_id}"')
    figure = html[start:html.index("</figure>", start)]
    return {code: css for css, code in PATH.findall(figure)}


def test_f_plus_2_map_codes_are_exactly_the_89_federal_subjects():
    codes = set(Region.objects.values_list("code", flat=True))
    assert len(codes) == 89
    data = json.loads(DATA.read_text(encoding="utf-8"))
    assert set(data["paths"]) == codes  # every region has a path and every path a region
    assert all(d.startswith("M") and d.endswith("z") for d in data["paths"].values())
    # the generator's hand-written name table maps 89 source names to 89 distinct codes
    assert sorted({**RUS_NAMES, **UKR_NAMES}.values()) == sorted(codes)
    assert set(data["dots"]) == {"77", "78", "92"}  # the federal cities are at least a dot
    assert DATA.stat().st_size < 150_000


def test_f_plus_2_map_geometry_is_north_up_and_not_mirrored():
    """Калининград is the west, Чукотка the east, Мурманск north of Краснодар (SVG y grows down)."""
    data = map_data()

    def first_point(code):
        x, y = re.match(r"M(-?\d+) (-?\d+)", data["paths"][code]).groups()
        return int(x), int(y)
    xs = {code: first_point(code)[0] for code in data["paths"]}
    assert xs["39"] < xs["77"] < xs["24"] < xs["87"]
    assert first_point("51")[1] < first_point("23")[1]


def test_f_plus_2_buckets():
    css, legend = buckets("map-pub")
    assert [css(n) for n in (0, 1, 2, 4, 5, 19, 20, 500)] == [
        "", "map-pub-1", "map-pub-2", "map-pub-2", "map-pub-3", "map-pub-3", "map-pub-4", "map-pub-4"]
    assert [text for _, text in legend] == ["1", "2–4", "5–19", "20 и более"]


@pytest.fixture
def exchange(author, region_a, region_b):
    """region_a (Амурская) adopted a practice of region_b (Татарстан) and of Омская область; Татарстан
    and Якутия adopted region_a's practice."""
    tatar = factories.published_practice(factories.UserFactory(region=region_b), title="Татарская практика")
    omsk = factories.published_practice(factories.UserFactory(region=factories.region("55")), title="Омская практика")
    tatar.implemented_regions.add(region_a)
    omsk.implemented_regions.add(region_a)
    own = factories.published_practice(author, title="Амурская практика")
    own.implemented_regions.add(region_b, factories.region("14"))
    draft = factories.published_practice(author, title="Черновик", state="draft")
    draft.implemented_regions.add(factories.region("77"))  # not public: not shown
    return own


def test_f_plus_2_region_page_lists_and_maps_both_directions(client, exchange, region_a):
    html = client.get(reverse("regions:detail", args=[region_a.slug])).content.decode()
    adopted = html[html.index('id="region-adopted"'):html.index("</ul>", html.index('id="region-adopted"'))]
    assert "Омская практика" in adopted and "Татарская практика" in adopted
    adopted_from = html[html.index('id="region-adopted-from"'):]
    adopted_from = adopted_from[:adopted_from.index("</ul>")]
    assert "Амурская практика" in adopted_from
    assert "Республика Татарстан" in adopted_from and "Республика Саха (Якутия)" in adopted_from
    assert "Черновик" not in html
    classes = map_classes(html, "region-exchange-map")
    assert len(classes) == 89
    assert classes["28"] == "map-self"
    assert classes["55"] == "map-source" and classes["14"] == "map-adopter"
    assert classes["16"] == "map-both"  # Татарстан gave and took
    assert classes["77"] == "map-none"
    assert {c for c, css in classes.items() if css != "map-none"} == {"28", "55", "14", "16"}
    # a coloured region links to its page, with its name and the colour's meaning
    assert (f'<a href="{reverse("regions:detail", args=["omskaya-oblast"])}" class="map-link" '
            'aria-label="Омская область — автор практик, внедрённых в регионе «Амурская область»"') in html


def test_issue_17_region_page_lists_are_cut_but_the_map_shows_every_region(client, exchange, region_a, monkeypatch):
    """The lists beside the map show REGION_LIST each and say how many there are; the map keeps every region."""
    from regions import views

    monkeypatch.setattr(views, "REGION_LIST", 1)
    html = client.get(reverse("regions:detail", args=[region_a.slug])).content.decode()
    adopted = html[html.index('id="region-adopted"'):html.index("</ul>", html.index('id="region-adopted"'))]
    assert adopted.count("<li>") == 1
    assert "Показаны первые 1, всего 2; все регионы — на карте." in html
    classes = map_classes(html, "region-exchange-map")
    assert classes["55"] == "map-source" and classes["16"] == "map-both"  # both sources, though one is listed


def test_f_plus_2_home_maps_count_what_the_database_holds(client, author, region_a, region_b):
    omsk = factories.region("55")
    for i in range(5):
        factories.published_practice(author, title=f"Амурская {i}")  # 5 in region_a: bucket 3
    tatar = factories.published_practice(factories.UserFactory(region=region_b), title="Татарская")
    tatar.implemented_regions.add(region_a, omsk)
    archived = factories.published_practice(factories.UserFactory(region=region_b), title="Архивная",
                                            state="archived")
    archived.implemented_regions.add(omsk)
    factories.published_practice(author, title="Черновик", state="draft").implemented_regions.add(omsk)
    pagecache.bump()
    html = client.get(reverse("home")).content.decode()
    published = {c: css for c, css in map_classes(html, "home-published-map").items() if css != "map-none"}
    adopted = {c: css for c, css in map_classes(html, "home-adopted-map").items() if css != "map-none"}
    assert published == {"28": "map-pub-3", "16": "map-pub-1"}
    assert adopted == {"28": "map-adopt-1", "55": "map-adopt-2"}  # the draft's link is not counted
    table = html[html.index('id="home-map-table"'):html.index("</details>")]
    rows = re.findall(r'data-region-code="(\d+)">.*?<td class="text-end">(\d+)</td><td class="text-end">(\d+)</td>',
                      table)
    assert sorted(rows) == [("16", "1", "0"), ("28", "5", "1"), ("55", "0", "2")]
    assert "Амурская область — опубликованных практик: 5" in html


def test_f_plus_2_home_shows_no_empty_map_before_the_first_practice(client, author):
    """A new platform (no published practice, nothing adopted) shows no grey maps of nothing; the first
    publication brings them."""
    factories.published_practice(author, title="Черновик", state="draft")
    pagecache.bump()
    html = client.get(reverse("home")).content.decode()
    assert 'id="home-map"' not in html and "Практики на карте России" not in html
    factories.published_practice(author, title="Первая практика")
    pagecache.bump()
    html = client.get(reverse("home")).content.decode()
    assert 'id="home-map"' in html and 'id="home-published-map"' in html


def test_f_plus_2_generator_decodes_projects_and_simplifies():
    """The generator's pieces on a tiny topology: delta-decoded quantized arcs, Chukotka past 180° east of
    Kamchatka, Douglas–Peucker keeping the corners, integer relative path data."""
    from regions.mapdata import _path, decode_arcs, lambert, simplify

    topology = {"transform": {"scale": [0.5, 0.25], "translate": [-180, 40]}, "arcs": [[[0, 0], [2, 4], [-1, 0]]]}
    assert decode_arcs(topology) == [[(-180.0, 40.0), (-179.0, 41.0), (-179.5, 41.0)]]
    project = lambert()
    assert project(-175, 60)[0] > project(175, 60)[0] > project(100, 60)[0] > project(20, 60)[0]
    assert project(100, 70)[1] > project(100, 50)[1]  # y grows northwards before the SVG flip
    line = [(0, 0), (1, 0.1), (2, -0.1), (3, 0), (3, 5)]
    assert simplify(line, 0.5) == [(0, 0), (3, 0), (3, 5)]
    assert _path([(0.2, 0.4), (10.4, 0), (10, 9.6), (0, 0)]) == "M0 0l10 0 0 10z"
