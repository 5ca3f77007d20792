from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_save


def _forget_kept_grants(sender, instance, **kwargs):
    """A role grant saved or deleted in any way (the services, the admin, a shell) drops the holder's kept
    grants after the commit (issue 17: ``smarteka.permissions.active_grants`` keeps them between requests)."""
    from smarteka import usercache

    user_id = instance.user_id
    transaction.on_commit(lambda: usercache.forget([user_id]))


class RolesConfig(AppConfig):
    name = "smarteka.roles"
    label = "roles"
    verbose_name = "Роли"

    def ready(self):
        grant = self.get_model("RoleGrant")
        post_save.connect(_forget_kept_grants, sender=grant, dispatch_uid="roles-forget-kept-grants")
        post_delete.connect(_forget_kept_grants, sender=grant, dispatch_uid="roles-forget-kept-grants-delete")
