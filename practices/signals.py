"""Signals of the practice's life that higher apps hear (connected in their AppConfig.ready()).

``practice_left_catalogue`` — sent (after commit) by the services that archive or delete a published
practice: ``sender=Practice, practice=..., by=<user>, state="archived"|"deleted", reason=<Russian text>``.
Replication closes or keeps the practice's open requests (issue 21: finished requests stay, open ones are
not lost).

``practice_published`` — sent (after commit) by the service that publishes a practice (validation's
``publish``): ``sender=Practice, practice=..., by=<user>``. The subscriptions to new practices hear it
(F-PLUS-5, ``practices.api.subscriptions``).
"""

from django.db import transaction
from django.dispatch import Signal

practice_left_catalogue = Signal()
practice_published = Signal()


def stage_started(sender, instance, name, source, target, **kwargs):
    """django-fsm's ``post_transition`` of a practice: a transition that changes the state starts the new
    stage now (``Practice.stage_started_at``, saved with the transition by the service that made it)."""
    from django.utils import timezone

    if source != target:
        instance.stage_started_at = timezone.now()


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


def _published_saved(sender, instance, **kwargs):
    """F-PLUS-4: a practice published or actualized (any save of a published row) gets its similar
    practices computed by the worker once the transaction commits."""
    if instance.__dict__.get("state") == "published":
        transaction.on_commit(lambda pk=instance.pk: _warm_similar(pk))


def _warm_similar(pk):
    """F-PLUS-4: a published or actualized practice (any save of a published row) gets its similar practices
    computed by the worker. Never raises: the broker down, the page computes them when first shown."""
    import logging

    from practices.tasks import warm_similar_practices

    try:
        warm_similar_practices.delay(pk)
    except Exception:  # noqa: BLE001
        logging.getLogger(__name__).exception("Could not queue the similar practices of practice %s", pk)


def _public_names_changed(sender, **kwargs):
    from smarteka import pagecache

    pagecache.bump()


def connect_page_cache():
    """Called from PracticesConfig.ready()."""
    from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

    from practices.models import Category, Practice

    post_init.connect(_remember_state, sender=Practice, dispatch_uid="practices.pagecache.init")
    post_save.connect(_practice_changed, sender=Practice, dispatch_uid="practices.pagecache.save")
    post_save.connect(_published_saved, sender=Practice, dispatch_uid="practices.similar.warm")
    post_delete.connect(_practice_changed, sender=Practice, dispatch_uid="practices.pagecache.delete")
    m2m_changed.connect(_public_names_changed, sender=Practice.implemented_regions.through,
                        dispatch_uid="practices.pagecache.implemented")
    post_save.connect(_public_names_changed, sender=Category, dispatch_uid="practices.pagecache.category")
