"""Signals of the practice's life that higher apps hear (connected in their AppConfig.ready()).

``practice_left_catalogue`` — sent (after commit) by the services that archive or delete a published
practice: ``sender=Practice, practice=..., by=<user>, state="archived"|"deleted", reason=<Russian text>``.
Replication closes or keeps the practice's open requests (issue 21: finished requests stay, open ones are
not lost).

``practice_published`` — sent (after commit) by the service that publishes a practice (validation's
``publish``): ``sender=Practice, practice=..., by=<user>``. The subscriptions to new practices hear it
(F-PLUS-5, ``practices.api.subscriptions``).
"""

from django.dispatch import Signal

practice_left_catalogue = Signal()
practice_published = Signal()


# --- issue 17 item 3: the cached public pages are dropped when what they show changes (smarteka.pagecache)


def _remember_state(sender, instance, **kwargs):
    instance._state_at_load = instance.__dict__.get("state")


def _practice_changed(sender, instance, **kwargs):
    """Published, actualized (the published row rewritten), archived, deleted: any write of a practice
    that is or was public (drafts and practices in review are on no public page)."""
    from practices.enums import PUBLIC_STATES
    from smarteka import pagecache

    if instance.__dict__.get("state") in PUBLIC_STATES or getattr(instance, "_state_at_load", None) in PUBLIC_STATES:
        pagecache.bump()
    instance._state_at_load = instance.__dict__.get("state")


def _public_names_changed(sender, **kwargs):
    from smarteka import pagecache

    pagecache.bump()


def connect_page_cache():
    """Called from PracticesConfig.ready()."""
    from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

    from practices.models import Category, Practice

    post_init.connect(_remember_state, sender=Practice, dispatch_uid="practices.pagecache.init")
    post_save.connect(_practice_changed, sender=Practice, dispatch_uid="practices.pagecache.save")
    post_delete.connect(_practice_changed, sender=Practice, dispatch_uid="practices.pagecache.delete")
    m2m_changed.connect(_public_names_changed, sender=Practice.implemented_regions.through,
                        dispatch_uid="practices.pagecache.implemented")
    post_save.connect(_public_names_changed, sender=Category, dispatch_uid="practices.pagecache.category")
