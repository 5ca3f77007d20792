"""F-PLUS-4 (issue 19 item 4): five similar published practices on a practice's page — the same category
first, then the closest name, goal and essence; never an unpublished practice or the practice itself; one
query whatever the catalogue's size."""

import itertools

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from practices.catalogue.similar import SIMILAR_SQL, similar_ids, similar_params
from practices.enums import PracticeState
from practices.models import Practice
from tests import factories
from tests.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db

CLINIC = dict(goal="Сократить очереди в поликлиниках и время ожидания приёма врача.",
              essence="Бережливые технологии в поликлиниках: электронная очередь, запись к врачу онлайн.")


def make(author, title, category, state="published", **text):
    return factories.published_practice(author, title=title, category=category, state=state, **text)


@pytest.fixture
def world(author, category_a, category_b):
    me = make(author, "Бережливая поликлиника", category_a, **CLINIC)
    return {
        "me": me,
        "same_close": make(author, "Поликлиника без очередей", category_a,
                           goal="Убрать очереди к врачу в поликлиниках.", essence="Онлайн-запись и электронная очередь."),
        "same_far": make(author, "Школьный технопарк", category_a, goal="Развивать инженерное образование.",
                         essence="Кванториумы при школах."),
        "other_close": make(author, "Бережливая поликлиника для детей", category_b, **CLINIC),
        "other_far": make(author, "Спортивные площадки во дворах", category_b, goal="Спорт рядом с домом."),
        "draft": make(author, "Бережливая поликлиника (черновик)", category_a, state=PracticeState.DRAFT, **CLINIC),
        "archived": make(author, "Бережливая поликлиника 2019", category_a, state=PracticeState.ARCHIVED, **CLINIC),
        "review": make(author, "Бережливая поликлиника на проверке", category_a,
                       state=PracticeState.EXPERT_REVIEW, **CLINIC),
    }


def test_f_plus_4_same_category_first_then_closest_text_and_never_unpublished_or_itself(client, world):
    ids = similar_ids(world["me"])
    names = {v.pk: k for k, v in world.items()}
    assert [names[pk] for pk in ids] == ["same_close", "same_far", "other_close", "other_far"]
    html = client.get(reverse("practices:detail", args=[world["me"].pk])).content.decode()
    section = html.split('id="similar"')[1].split("</section>")[0]
    assert "Поликлиника без очередей" in section and "Бережливая поликлиника для детей" in section
    for hidden in ("черновик", "2019", "на проверке"):
        assert hidden not in section
    assert f'href="{reverse("practices:detail", args=[world["me"].pk])}"' not in section


def test_f_plus_4_five_at_most_best_text_match_first_within_the_category(author, category_a):
    me = make(author, "Бережливая поликлиника", category_a, **CLINIC)
    for i in range(6):
        make(author, f"Сельский клуб {i}", category_a, goal="Досуг на селе.")
    close = make(author, "Бережливая поликлиника в районе", category_a, **CLINIC)
    ids = similar_ids(me)
    assert len(ids) == 5 and ids[0] == close.pk and me.pk not in ids


def test_f_plus_4_a_practice_alone_in_the_catalogue_shows_no_section(client, author, category_a):
    me = make(author, "Одинокая практика", category_a, goal="Цель.")
    make(author, "Черновик рядом", category_a, state=PracticeState.DRAFT, goal="Цель.")
    assert similar_ids(me) == []
    assert 'id="similar"' not in client.get(reverse("practices:detail", args=[me.pk])).content.decode()


@pytest.mark.parametrize("cached", [True, False])
def test_f_plus_4_practice_page_query_count_constant_as_the_catalogue_grows(client, author, category_a, category_b,
                                                                            monkeypatch, cached):
    if not cached:  # every request computes the list: still the same number of queries
        from django.core.cache.backends.dummy import DummyCache

        from practices.catalogue import similar
        monkeypatch.setattr(similar, "cache", DummyCache("similar", {}))
    me = make(author, "Бережливая поликлиника", category_a, **CLINIC)
    counter = itertools.count(1)
    categories = itertools.cycle([category_a, category_b])

    def grow(k):
        for _ in range(k):
            make(author, f"Поликлиника номер {next(counter)}", next(categories), **CLINIC)
        return ["Похожие практики"]

    assert_constant_queries(client, reverse("practices:detail", args=[me.pk]), grow)


def test_f_plus_4_plan_reads_the_category_and_text_indexes(author, category_a, category_b):
    """On a few thousand rows the planner reaches the candidates through indexes: the same category's
    rows by the category (or the GIN search) index, not by a sequential scan of the table."""
    words = ["поликлиника", "школа", "спорт", "очередь", "врач", "музей", "дорога", "парк", "семья", "туризм"]
    now = timezone.now()
    rows = Practice.objects.bulk_create(
        Practice(author=author, region_id=author.region_id, title=f"Практика {words[g % 10]} {g}",
                 goal=f"Цель про {words[g // 10 % 10]}", essence=f"Суть {words[g // 100 % 10]}",
                 category=category_a if g % 20 == 0 else category_b, published_at=now)
        for g in range(4000))
    Practice.objects.filter(pk__in=[p.pk for p in rows]).update(state=PracticeState.PUBLISHED)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE practices_practice")
    me = make(author, "Бережливая поликлиника", category_a, **CLINIC)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + SIMILAR_SQL, similar_params(me))
        plan = "\n".join(row[0] for row in cursor.fetchall())
    print(plan)
    first_branch = plan.split("Append")[1].split("->  Limit")[1]
    assert "Index" in first_branch, plan
    assert len(similar_ids(me)) == 5


def test_f_plus_4_a_cached_list_never_shows_a_practice_unpublished_since_and_an_actualization_recomputes(
        client, world):
    me, close = world["me"], world["same_close"]
    url = reverse("practices:detail", args=[me.pk])
    assert "Поликлиника без очередей" in client.get(url).content.decode().split('id="similar"')[1]
    Practice.objects.filter(pk=close.pk).update(state=PracticeState.ARCHIVED)  # the list stays cached
    section = client.get(url).content.decode().split('id="similar"')[1].split("</section>")[0]
    assert "Поликлиника без очередей" not in section and "Школьный технопарк" in section
    newer = make(world["me"].author, "Бережливая поликлиника нового типа", me.category, **CLINIC)
    assert newer.pk not in similar_ids(me)  # cached under the practice's updated_at …
    me.essence += " Обновлено при актуализации."
    me.save()  # … which an actualization (a save of the published row) changes
    assert similar_ids(Practice.objects.get(pk=me.pk))[0] == newer.pk


def test_f_plus_4_publication_computes_the_list_in_the_worker_so_the_page_reads_it_from_the_cache(
        practice_in, asi_moderator, author, category_a, django_capture_on_commit_callbacks):
    from django.test.utils import CaptureQueriesContext

    from validation import services

    make(author, "Поликлиника без очередей", category_a, **CLINIC)
    ready = practice_in(PracticeState.READY_TO_PUBLISH, title="Бережливая поликлиника")
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(ready, by=asi_moderator)
    published = Practice.objects.get(pk=ready.pk)
    with CaptureQueriesContext(connection) as captured:
        ids = similar_ids(published)
    assert len(captured) == 0 and ids  # computed by practices.warm_similar_practices at publication
