"""The feedback form (issue 14 item 13): errors at the field, in Russian."""

from django import forms

TOPICS = [
    ("", "— выберите тему —"),
    ("registration", "Регистрация, вход и профиль"),
    ("access", "Доступ к паспорту практики"),
    ("passport", "Заполнение паспорта практики"),
    ("validation", "Валидация и экспертная оценка"),
    ("replication", "Тиражирование практик («Хочу внедрить»)"),
    ("bug", "Ошибка на сайте"),
    ("other", "Другое"),
]
NAME_MAX, MESSAGE_MIN, MESSAGE_MAX = 150, 10, 5000


class FeedbackForm(forms.Form):
    name = forms.CharField(label="Как к вам обращаться", max_length=NAME_MAX, error_messages={
        "required": "Укажите, как к вам обращаться.",
        "max_length": f"Не более {NAME_MAX} символов (сейчас %(show_value)d).",
    })
    email = forms.EmailField(label="Электронная почта для ответа", max_length=254, error_messages={
        "required": "Укажите адрес электронной почты: на него придёт ответ.",
        "invalid": "Проверьте адрес электронной почты: например, ivanova@region.gov.ru.",
    })
    topic = forms.ChoiceField(label="Тема", choices=TOPICS, error_messages={
        "required": "Выберите тему обращения.",
        "invalid_choice": "Выберите тему обращения из списка.",
    })
    message = forms.CharField(
        label="Сообщение", min_length=MESSAGE_MIN, max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 7, "maxlength": MESSAGE_MAX}),
        help_text="Опишите вопрос или ошибку: что вы делали, на какой странице, что увидели. "
                  f"Не более {MESSAGE_MAX} символов.",
        error_messages={
            "required": "Напишите сообщение.",
            "min_length": f"Сообщение слишком короткое: опишите вопрос подробнее (не менее {MESSAGE_MIN} "
                          "символов).",
            "max_length": f"Сообщение слишком длинное: не более {MESSAGE_MAX} символов (сейчас %(show_value)d).",
        })

    def topic_label(self):
        return dict(TOPICS)[self.cleaned_data["topic"]]
