from django.apps import AppConfig


class RolesConfig(AppConfig):
    name = "smarteka.roles"
    label = "roles"
    verbose_name = "Роли"
