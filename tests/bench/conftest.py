"""Benchmarks run only with BENCH=1 (``make bench``); the normal test run does not collect them.

The benchmarks use their own test database (``test_<name>_bench``) which is KEPT between runs, so the
100,000 seeded practices of the catalogue bench are generated once (about 4 minutes) and reused; the
``--create-db`` of ``make bench`` does not drop it. ``BENCH_RESEED=1 make bench`` recreates it."""

import os

import pytest

if os.environ.get("BENCH") != "1":
    collect_ignore_glob = ["test_*.py"]

RESEED = os.environ.get("BENCH_RESEED") == "1"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    from pytest_django.fixtures import _set_suffix_to_test_databases

    _set_suffix_to_test_databases(suffix="bench")


@pytest.fixture(scope="session")
def django_db_keepdb():
    return True


@pytest.fixture(scope="session")
def django_db_createdb():
    return RESEED


@pytest.fixture(scope="session")
def seeded(django_db_setup, django_db_blocker):
    """The 100,000 published practices and the world around them (tests/bench/world.py), committed to the
    kept bench database; seeded once, then reused. Returns the seconds seeding took (None: reused)."""
    from django.db import connection

    from practices.models import Practice
    from smarteka.accounts.models import User
    from tests.bench import world
    from tests.bench.test_catalogue_bench import BENCH_AUTHOR, N, seed
    from tests.factories import UserFactory

    with django_db_blocker.unblock():
        author = User.objects.filter(email=BENCH_AUTHOR).first()
        seconds = None
        if not (author and Practice.objects.filter(author=author, state="published").count() == N):
            Practice.objects.filter(author__email=BENCH_AUTHOR).delete()
            seconds = seed(author or UserFactory(email=BENCH_AUTHOR))
        if not world.seeded():
            seconds = (seconds or 0) + world.seed_world(author)
        world.implemented_links()
        with connection.cursor() as cursor:  # the steady state autovacuum keeps (visibility map, statistics)
            cursor.execute("VACUUM ANALYZE practices_practice")
            cursor.execute("VACUUM ANALYZE practices_searchword")
        return seconds
