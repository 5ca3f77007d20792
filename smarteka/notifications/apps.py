from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "smarteka.notifications"
    label = "notifications"
    verbose_name = "Уведомления"
