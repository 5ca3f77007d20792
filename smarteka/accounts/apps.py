from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "smarteka.accounts"
    label = "accounts"
    verbose_name = "Пользователи и профили"
