"""Shared pieces of the form fuzzing (issue 15 item 5): hypothesis profiles, the nasty values, a poster
that sends them through the real views as a browser would, and the three assertions — no 500, nothing
half-saved, a Russian message at the field.

Profiles: ``dev`` (random, 40 examples a form) and ``ci`` (the same, derandomized: a failure is
reproducible); ``HYPOTHESIS_PROFILE=ci`` or ``CI=1`` picks the second."""

import os
import re
from contextlib import contextmanager
from urllib.parse import quote

from django.db import transaction
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from hypothesis import HealthCheck, settings
from hypothesis import example as hypothesis_example
from hypothesis import strategies as st

settings.register_profile(
    "dev", max_examples=40, deadline=None, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large, HealthCheck.large_base_example])
settings.register_profile("ci", parent=settings.get_profile("dev"), derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))

HUGE = 100_000
NASTY = [
    "\x00", "до\x00после", "\x00" * 50, "\x01\x02\x1b[31m\x7f\x9f", "\u202eRTL\u202c", "\ufeffBOM", "\ud800",
    "a\udfffb", "😀" * 30, "<script>alert(1)</script>", "\"'><img src=x onerror=alert(1)>", "%00", "%s%d{0}",
    "' OR 1=1 --", "\\", "\r\n" * 300, " ", "Я" * HUGE, "x" * (HUGE + 1), "слово " * (HUGE // 6),
    "javascript:alert(1)", "-1", "0", "99999999999999999999", "1e309", "NaN",
]
# every character, surrogates and controls included
ANY_CHAR = st.characters(exclude_categories=())
TEXT = st.one_of(
    st.text(alphabet=ANY_CHAR, max_size=60),
    st.sampled_from(NASTY),
    st.builds(lambda a, b: a + b, st.sampled_from(NASTY), st.text(alphabet=ANY_CHAR, max_size=20)),
)
MISSING = None


def values(plausible=()):
    """A field's value: missing, a plausible one, or anything."""
    choices = [st.just(MISSING), TEXT]
    if plausible:
        choices.append(st.sampled_from(list(plausible)))
    return st.one_of(*choices)


def form_data(fields):
    """``{name: strategy}`` → a strategy of the posted dict (missing fields left out)."""
    return st.fixed_dictionaries(fields).map(lambda d: {k: v for k, v in d.items() if v is not MISSING})


def encode(data):
    """``application/x-www-form-urlencoded`` bytes of ``data`` as a browser sends them: UTF-8, a lone
    surrogate passed through as its (invalid) bytes — the server must cope with what it cannot decode."""

    def enc(value):
        return quote(str(value).encode("utf-8", "surrogatepass"), safe="")

    pairs = []
    for key, value in data.items():
        for item in value if isinstance(value, (list, tuple)) else [value]:
            pairs.append(f"{enc(key)}={enc(item)}")
    return "&".join(pairs)


def post(client, url, data, **extra):
    return client.post(url, encode(data), content_type="application/x-www-form-urlencoded", **extra)


class Rollback(Exception):
    pass


@contextmanager
def example():
    """One hypothesis example in a savepoint undone afterwards: examples never see each other."""
    try:
        with transaction.atomic():
            yield
            raise Rollback
    except Rollback:
        pass


_CYRILLIC = re.compile("[А-Яа-яЁё]")


def bound_forms(context):
    """Every bound form (formset rows included) the page was rendered with."""
    found, seen = [], set()
    for ctx in context or []:
        for value in ctx.flatten().values() if hasattr(ctx, "flatten") else ctx.values():
            items = value.values() if isinstance(value, dict) else [value]
            for item in items:
                if id(item) in seen:
                    continue
                seen.add(id(item))
                if isinstance(item, BaseFormSet) and item.is_bound:
                    found.append(item)
                    found.extend(item.forms)
                elif isinstance(item, BaseForm) and item.is_bound:
                    found.append(item)
    return found


def errors_of(response):
    """``[(field or "__all__", message)]`` of the forms on a refused page."""
    errors = []
    for form in bound_forms(response.context):
        if isinstance(form, BaseFormSet):
            errors += [("__all__", str(m)) for m in form.non_form_errors()]
            continue
        for field, messages in form.errors.items():
            errors += [(field, str(m)) for m in messages]
    return errors


def assert_russian_refusal(response):
    """A refused post names what is wrong in Russian, at the field (or above the form)."""
    errors = errors_of(response)
    assert errors, f"refused (status {response.status_code}) without a message"
    for field, message in errors:
        assert _CYRILLIC.search(message), f"{field}: message not in Russian: {message!r}"


def assert_not_500(response):
    assert response.status_code < 500, response.status_code


EXPLICIT = ["до\x00после", "Я" * (HUGE + 1), "a\ud800b\udfff", "\x01\x1f\x7f текст", ""]


def with_explicit(run, names):
    """``run`` (a ``@given(data=…)`` test) always tried with every field of ``names`` at once set to a NUL,
    a 100k+ text, lone surrogates, control characters and empty — besides what hypothesis draws."""
    for value in EXPLICIT:
        run = hypothesis_example(data={name: value for name in names})(run)
    return run
