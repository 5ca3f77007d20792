from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_save


def _forget_kept_user(sender, instance, **kwargs):
    """The user's row saved or deleted in any way drops the kept copy at once and again after the commit
    (a request in between could keep the old row again) — issue 17, ``smarteka.accounts.backends``."""
    from smarteka.accounts.backends import forget_user

    user_id = instance.pk
    forget_user(user_id)
    transaction.on_commit(lambda: forget_user(user_id))


class AccountsConfig(AppConfig):
    name = "smarteka.accounts"
    label = "accounts"
    verbose_name = "Пользователи и профили"

    def ready(self):
        user = self.get_model("User")
        post_save.connect(_forget_kept_user, sender=user, dispatch_uid="accounts-forget-kept-user")
        post_delete.connect(_forget_kept_user, sender=user, dispatch_uid="accounts-forget-kept-user-delete")
