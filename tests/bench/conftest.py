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
