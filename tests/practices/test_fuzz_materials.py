"""issue 15 item 5: the materials form (F-PASS-2, F-FILE-1) fuzzed through its real view — a link or a
file with any name, arbitrary Unicode, 100k-character values, control characters (NUL included), lone
surrogates and missing fields: no 500; refused → no material and a Russian message at the field;
accepted → one material holding what was typed (an http(s) link only, issue 15 item 4)."""

import pytest
from django.core.exceptions import SuspiciousFileOperation
from django.urls import reverse
from hypothesis import assume, given
from hypothesis import example as hypothesis_example
from hypothesis import strategies as st

from practices.models import Material, TeamMember
from tests import factories
from tests.fuzzing import assert_not_500, assert_russian_refusal, errors_of, example, form_data, post, values

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(author):
    practice = factories.PracticeFactory(author=author)
    TeamMember.objects.create(practice=practice, user=author)
    return practice


def _decoded(value):
    return str(value).encode("utf-8", "surrogatepass").decode("utf-8", "replace")


MATERIAL_FIELDS = {"kind": values(["normative_act", "video", "pd_consent"]), "title": values(["Постановление"]),
                   "url": values(["https://disk.yandex.ru/d/abc", "javascript:alert(1)", "ftp://example.ru/a"]),
                   "is_public": values(["on"])}


def test_issue_15_item_5_fuzzed_material_link_form(client, author, draft):
    """The materials form (F-PASS-2) without a file: a link or a refusal, never a 500 or a half row."""
    client.force_login(author)
    url = reverse("practices:materials", args=[draft.pk])

    @given(data=form_data(MATERIAL_FIELDS))
    @hypothesis_example(data={"kind": "normative_act", "title": "до\x00после", "url": "https://example.ru/\x00"})
    @hypothesis_example(data={"kind": "video", "title": "Я" * 100_001, "url": "javascript:alert(1)"})
    def run(data):
        with example():
            response = post(client, url, data)
            assert_not_500(response)
            materials = list(Material.objects.filter(practice=draft))
            if response.status_code == 302:
                (material,) = materials
                assert material.url.startswith(("http://", "https://"))
                assert material.title == _decoded(data.get("title", "")).strip()
            else:
                assert response.status_code == 400 and materials == []
                assert_russian_refusal(response)

    run()


def test_issue_15_item_5_fuzzed_material_file_names(client, author, draft):
    """A file with any name (controls, 255+ characters, no extension): stored with a safe name or refused
    in Russian — never a 500."""
    client.force_login(author)
    url = reverse("practices:materials", args=[draft.pk])

    @given(name=st.one_of(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=300),
                          st.sampled_from(["a\x00b.pdf", "\r\n.pdf", "x" * 300 + ".pdf", ".pdf", "../../etc.pdf"])))
    def run(name):
        with example():
            upload = factories.pdf_upload()
            try:
                upload.name = name
            except SuspiciousFileOperation:  # the test client itself refuses it; a browser sends no such name
                assume(False)
            response = client.post(url, {"kind": "normative_act", "file": upload})
            assert_not_500(response)
            if response.status_code != 302:
                assert not Material.objects.filter(practice=draft).exists()
                assert errors_of(response)

    run()
