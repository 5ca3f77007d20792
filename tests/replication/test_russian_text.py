"""Issue 14 item 9: the platform's Russian — empty choices «— выберите —» in every select, required
fields marked (the event of «Хочу внедрить»), gender-neutral confirmations, «…» quotes, lower-case
lists after «не хватает», the vote outcome label, the passport's help on quantitative results."""

import importlib
import pathlib
import re

import pytest
from django import forms
from django.apps import apps
from django.urls import reverse

from experts.models import Outcome
from regions.models import Region
from replication.forms import RequestForm
from smarteka.forms import EMPTY_CHOICE
from tests import factories

pytestmark = pytest.mark.django_db
TEMPLATES = pathlib.Path(__file__).resolve().parents[2] / "templates"
OUR_APPS = ("smarteka", "regions", "practices", "experts", "validation", "replication")


def _form_classes():
    for config in apps.get_app_configs():
        if config.name.split(".")[0] not in OUR_APPS:
            continue
        for name in ("forms", "passport.forms", "submission.forms", "team.forms", "materials.forms",
                     "expert_review.forms", "selections.forms", "events.forms", "catalogue.forms"):
            try:
                module = importlib.import_module(f"{config.name}.{name}")
            except ModuleNotFoundError:
                continue
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                    yield value


def test_issue_14_item_9_no_select_offers_dashes():
    """Every select's empty choice reads «— выберите —» (or the form's own «— выберите … —»)."""
    checked, offenders = 0, []
    for form_class in set(_form_classes()):
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.ModelChoiceField):
                checked += 1
                if field.empty_label and "---" in field.empty_label:
                    offenders.append(f"{form_class.__name__}.{name}")
            elif isinstance(field, forms.ChoiceField):
                checked += 1
                if any("---" in str(label) for _value, label in field.choices):
                    offenders.append(f"{form_class.__name__}.{name}")
    assert checked > 10 and offenders == []
    assert forms.ModelChoiceField(queryset=Region.objects.none()).empty_label == EMPTY_CHOICE


def test_issue_14_item_9_want_to_implement_marks_the_required_event_and_speaks_gender_neutral(
        client, published, recipient):
    client.force_login(recipient)
    html = client.get(reverse("replication:request_create", args=[published.pk])).content.decode()
    label = re.search(r'<label\s+for="id_event"[^>]*>(.*?)</label>', html, re.S).group(1)
    assert "Мероприятие, на котором вы узнали о практике" in label and "asteriskField" in label
    assert "Внимательно изучил(а) описание практики" in html
    assert "Готов(а) приступить к внедрению практики в своём регионе" in html
    assert "Готов(а) к взаимодействию" in html
    assert "---------" not in html
    # still satisfied by «Другое мероприятие или источник»
    form = RequestForm(data={"event_other": "Форум АСИ", "confirms_studied": "on", "confirms_ready": "on",
                             "confirms_cooperation": "on", "undertakes_documents": "on"}, practice=published)
    assert form.is_valid(), form.errors


def test_issue_14_item_9_vote_outcome_label_has_a_lower_case_expert():
    assert Outcome.APPROVE.label == "Большинство экспертов одобрили практику"
    assert all("Экспертов" not in label for label in Outcome.labels)


def test_issue_14_item_9_no_straight_quotes_in_template_text():
    """«…» quotes only: no "straight quotes" around Russian words in what the templates show."""
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = re.sub(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", " ", path.read_text(), flags=re.S)
        text = re.sub(r"<[^>]*>", " ", text)
        found += [f"{path.name}: {line.strip()[:80]}" for line in text.splitlines()
                  if '"' in line and re.search(r"[А-Яа-яЁё]", line)]
    assert found == []


def test_issue_14_item_9_missing_profile_fields_in_lower_case(client, region_a):
    user = factories.UserFactory(photo=None, work_phone="", region=region_a)
    client.force_login(user)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "не хватает сведений — рабочий телефон, фотография." in html


def test_issue_14_item_9_passport_help_and_completeness_agree_on_quantitative_results(client, author):
    practice = factories.complete_practice(author)
    practice.results.all().delete()
    client.force_login(author)
    html = client.get(reverse("practices:edit_section", args=[practice.pk, "audience"])).content.decode()
    assert "Для подачи нужен хотя бы один показатель" in html
    assert "Необязательно, если изменившихся" not in html
    assert "количественные результаты (хотя бы один, со значениями до и после)" in html  # the section's missing list
