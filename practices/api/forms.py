"""The form of «Подписки на новые практики» (F-PLUS-5)."""

from django import forms

from practices.models import Category
from regions.models import Region


class SubscriptionForm(forms.Form):
    category = forms.ModelChoiceField(label="Категория", required=False, empty_label="— не выбрана —",
                                      queryset=Category.objects.filter(category_set__is_current=True)
                                      .order_by("order", "name"))
    region = forms.ModelChoiceField(label="Регион", required=False, empty_label="— не выбран —",
                                    queryset=Region.objects.order_by("name"))

    def clean(self):
        data = super().clean()
        if bool(data.get("category")) == bool(data.get("region")):
            message = ("Выберите категорию или регион." if not data.get("category")
                       else "Выберите что-то одно: категорию или регион — и подпишитесь на второе отдельно.")
            self.add_error("category", message)
        return data
