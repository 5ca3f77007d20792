"""Forms of the catalogue (F-CAT-1) and the digest subscription (F-CAT-4)."""

from django import forms

from practices.catalogue.query import SORTS


class SearchForm(forms.Form):
    """The text and the sort of a catalogue search (filters are facet checkboxes with counts)."""

    q = forms.CharField(label="Поиск по практикам", required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Например: школа, спорт, очереди в поликлинике"}))
    sort = forms.ChoiceField(label="Сортировка", required=False, choices=list(SORTS.items()))


class DigestSubscriptionForm(forms.Form):
    subscribed = forms.BooleanField(label="Получать ежемесячный дайджест практик по электронной почте",
                                    required=False)
