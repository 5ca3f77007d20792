"""What every page pays before its own work (issue 17, item 3 — the logged-in load mix): the addresses of
``{% url %}`` and ``get_absolute_url`` kept per process, one Redis client for the cache, ``request.user``
without the lazy proxy. Each test fails on the code before the change."""

import os
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import override_settings
from django.urls import NoReverseMatch
from django.urls import reverse as django_reverse
from django.utils.functional import SimpleLazyObject

from practices.models import Practice
from smarteka import kepturls
from smarteka.accounts.models import User
from smarteka.rediscache import RedisCache
from smarteka.settings import _redis_for_cache


@pytest.fixture
def kept():
    kepturls._kept.cache_clear()
    yield kepturls._kept
    kepturls._kept.cache_clear()


def test_the_url_tag_is_reversed_once_per_address_and_writes_what_django_writes(kept):
    template = engines["django"].from_string(
        '{% for pk in pks %}<a href="{% url "practices:preview" pk %}">{% url "practices:catalogue" %}</a>{% endfor %}'
        '{% url "practices:edit" pk=7 as edit %}[{{ edit }}]{% url "no:such" as missing %}[{{ missing }}]')
    html = template.render({"pks": [1, 2, 1, 2, 1]})
    expected = "".join(f'<a href="{django_reverse("practices:preview", args=[pk])}">'
                       f'{django_reverse("practices:catalogue")}</a>' for pk in [1, 2, 1, 2, 1])
    assert html == expected + f"[{django_reverse('practices:edit', kwargs={'pk': 7})}][]"
    info = kept.cache_info()
    # reversed: preview 1 and 2, the catalogue, edit 7 and the unknown address (a failure is not kept)
    assert (info.misses, info.hits) == (5, 7)


def test_an_unknown_address_still_fails_the_template(kept):
    template = engines["django"].from_string('{% url "no:such" %}')
    with pytest.raises(NoReverseMatch):
        template.render({})


@pytest.mark.django_db
def test_a_model_argument_is_reversed_afresh_by_its_str(kept, author):
    """An argument whose text may change (a model's ``__str__``) is never kept; ``get_absolute_url`` of the
    models listed on pages is kept (the pk is an int)."""
    practice = Practice.objects.create(author=author, region=author.region, title="Первая")
    assert practice.get_absolute_url() == django_reverse("practices:detail", args=[practice.pk])
    assert practice.get_absolute_url() == django_reverse("practices:detail", args=[practice.pk])
    assert kept.cache_info().hits == 1
    slug = type("Slug", (), {"__str__": lambda self: self.text})()
    slug.text = "first"
    assert kepturls.reverse("regions:detail", args=[slug]) == "/regions/first/"
    slug.text = "second"
    assert kepturls.reverse("regions:detail", args=[slug]) == "/regions/second/"


def test_true_is_not_kept_as_one(kept):
    """A bool hashes like an int: kept under one key, True would be written as «1»."""
    assert kepturls.reverse("practices:preview", args=[1]) == django_reverse("practices:preview", args=[1])
    with pytest.raises(NoReverseMatch):  # «True» is not a pk, as with Django's reverse
        kepturls.reverse("practices:preview", args=[True])


def test_the_kept_addresses_follow_the_urlconf_setting(kept):
    address = django_reverse("practices:catalogue")
    assert kepturls.reverse("practices:catalogue") == address
    with override_settings(ROOT_URLCONF="tests.smarteka.urls_moved"):
        assert kepturls.reverse("practices:catalogue") == f"/moved{address}"
    assert kepturls.reverse("practices:catalogue") == django_reverse("practices:catalogue")


def test_the_redis_cache_keeps_one_client_and_works_on_the_real_server():
    """Django's backend built a ``redis.Redis`` (copying ~300 response callbacks) for every call."""
    url = os.environ["REDIS_URL"]
    cache = RedisCache(_redis_for_cache(url), {"KEY_PREFIX": f"t-{uuid.uuid4().hex}"})
    first = cache._cache.get_client("a")
    assert cache._cache.get_client("b") is first
    assert cache._cache.get_client("c", write=True) is first  # one server: one pool for reads and writes
    cache.set("k", {"n": 1}, 30)
    assert cache.get("k") == {"n": 1}
    assert cache.get_many(["k", "missing"]) == {"k": {"n": 1}}
    cache.delete("k")
    assert cache.get("k") is None


@pytest.mark.django_db
def test_a_view_gets_the_user_itself_not_the_lazy_proxy(client, author, rf):
    from smarteka.middleware import ConcreteUserMiddleware

    seen = {}

    def view(request):
        seen["user"] = request.user
        return None

    request = rf.get("/")
    request.user = SimpleLazyObject(lambda: User.objects.get(pk=author.pk))
    ConcreteUserMiddleware(view)(request)
    assert type(seen["user"]) is User and seen["user"].pk == author.pk
    request = rf.get("/")
    request.user = SimpleLazyObject(AnonymousUser)
    ConcreteUserMiddleware(view)(request)
    assert type(seen["user"]) is AnonymousUser
    # and through the whole stack: a logged-in page is drawn for the user object
    client.force_login(author)
    response = client.get(django_reverse("practices:my"))
    assert type(response.wsgi_request.user) is User


@pytest.mark.django_db
def test_fsm_state_fields_are_found_once_per_model_and_a_stale_save_is_still_refused(author):
    from django_fsm import ConcurrentTransition, FSMFieldMixin

    from replication.models import ReplicationRequest
    from smarteka import fsm
    from smarteka.accounts.models import AccessRequest

    for model in (Practice, ReplicationRequest, AccessRequest):
        assert list(model(pk=None).state_fields) == [f for f in model._meta.fields if isinstance(f, FSMFieldMixin)]
    fsm._state_fields.cache_clear()
    for _ in range(3):
        Practice.objects.create(author=author, region=author.region, title="Практика")
    practices = list(Practice.objects.filter(author=author))
    assert len(practices) == 3
    info = fsm._state_fields.cache_info()
    # six instances made (three created, three loaded), each saved once: the model's fields searched once
    assert info.misses == 1 and info.hits >= 6
    # django-fsm's optimistic locking is untouched: a save over a state changed meanwhile is refused
    stale = practices[0]
    Practice.objects.filter(pk=stale.pk).update(state="deleted")
    stale.title = "Другое название"
    with pytest.raises(ConcurrentTransition):
        stale.save()
