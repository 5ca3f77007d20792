"""F-PLUS-11: a field a template writes by hand is announced like one Django renders — ``{% field_aria %}``
marks it invalid and describes it by its error text, which ``includes/field_errors.html`` renders under
that id."""

from django import forms
from django.template import Context, Template

from smarteka.templatetags.smarteka import field_aria


class ConsentForm(forms.Form):
    consent = forms.BooleanField(label="Согласие", error_messages={"required": "Без согласия нельзя."})


def test_f_plus_11_an_invalid_field_is_marked_and_described_by_its_error():
    form = ConsentForm(data={})
    assert not form.is_valid()
    attrs = field_aria(form["consent"], "id_consent_text")
    assert attrs == ' aria-invalid="true" aria-describedby="id_consent_text id_consent_error"'
    html = Template('{% include "includes/field_errors.html" %}').render(Context({"field": form["consent"]}))
    assert 'id="id_consent_error"' in html and "Без согласия нельзя." in html


def test_f_plus_11_a_valid_field_keeps_only_its_own_descriptions():
    form = ConsentForm(data={"consent": "on"})
    assert form.is_valid()
    assert field_aria(form["consent"], "id_consent_text") == ' aria-describedby="id_consent_text"'
    assert field_aria(form["consent"]) == ""
    assert Template('{% include "includes/field_errors.html" %}').render(
        Context({"field": form["consent"]})).strip() == ""


def test_f_plus_11_registration_consents_announce_their_errors(client, db):
    html = client.post("/accounts/register/", {"email": ""}).content.decode()
    assert 'id="id_consent_terms"' in html
    start = html.index('id="id_consent_terms"')
    tag = html[html.rindex("<input", 0, start):html.index(">", start)]
    assert 'aria-invalid="true"' in tag and "id_consent_terms_error" in tag
    assert 'id="id_consent_terms_error"' in html
    assert 'role="alert"' in html and 'href="#id_consent_terms"' in html
