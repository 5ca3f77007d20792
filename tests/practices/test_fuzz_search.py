"""issue 15 item 5: the catalogue search (F-CAT-1, F-CAT-2) fuzzed through the real pages: the query,
the sort, the facet filters and the page number with arbitrary Unicode, 100k-character values, control
characters (NUL included) and lone surrogates — never a 500, and the query box shows what can be shown."""

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from practices.models import PracticeState
from tests.fuzzing import TEXT, assert_not_500, encode, form_data, values

pytestmark = pytest.mark.django_db


def test_issue_15_item_5_fuzzed_catalogue_search(client, practice_in):
    practice_in(PracticeState.PUBLISHED)
    fields = {"q": values(["поликлиника", "бережливая поликлиника", "\"", "!", "&|"]),
              "sort": values(["relevance", "date", "popular", "useful"]),
              "page": values(["1", "2", "0", "-1", "99999999999999999999"]),
              "category": st.one_of(values(["1"]), st.lists(TEXT, max_size=3)),
              "region": values(["28", "99999999999999999999", "-2147483649"]),
              "months": values(["0-3", "13-"]), "cost": values(["1"]), "level": values(["1", "2"]),
              "district": values(["1"]), "indicator": values(["1"])}

    @given(data=form_data(fields), archived=st.booleans(), htmx=st.booleans())
    @example(data={"q": "\x00"}, archived=False, htmx=False)
    @example(data={"q": "поликлиника\x00", "sort": "relevance"}, archived=True, htmx=True)
    @example(data={"q": "\ud800" + "Я" * 100_000, "page": "\x00"}, archived=False, htmx=False)
    @example(data={"q": "a:* & !b | (c", "category": ["\x00", "1"]}, archived=False, htmx=False)
    def run(data, archived, htmx):
        url = reverse("practices:knowledge_base" if archived else "practices:catalogue")
        headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "catalogue-results"} if htmx else {}
        response = client.get(f"{url}?{encode(data)}", **headers)
        assert_not_500(response)
        assert response.status_code == 200

    run()
