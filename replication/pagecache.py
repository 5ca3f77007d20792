"""Issue 17 item 3: a replication request created, deleted or changing state changes the request and
replication counts the public pages show, so the cached public pages are dropped (smarteka.pagecache)."""

from django.db.models.signals import post_delete, post_init, post_save

from smarteka import pagecache


def _remember_state(sender, instance, **kwargs):
    instance._state_at_load = instance.__dict__.get("state")


def _saved(sender, instance, created, **kwargs):
    if created or instance.__dict__.get("state") != getattr(instance, "_state_at_load", None):
        pagecache.bump()
    instance._state_at_load = instance.__dict__.get("state")


def _deleted(sender, instance, **kwargs):
    pagecache.bump()


def connect():
    from replication.models import ReplicationRequest

    post_init.connect(_remember_state, sender=ReplicationRequest, dispatch_uid="replication.pagecache.init")
    post_save.connect(_saved, sender=ReplicationRequest, dispatch_uid="replication.pagecache.save")
    post_delete.connect(_deleted, sender=ReplicationRequest, dispatch_uid="replication.pagecache.delete")
