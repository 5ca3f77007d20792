from celery import shared_task
from celery.schedules import crontab

from practices.catalogue import services as catalogue_services
from practices.catalogue.similar import similar_ids
from practices.enums import PracticeState
from practices.models import Practice


@shared_task(name="practices.monthly_digest", acks_late=True)
def monthly_digest():
    """F-CAT-4: the previous month's digest to subscribers (sent once even if the task runs twice)."""
    return catalogue_services.send_monthly_digest()


@shared_task(name="practices.warm_similar_practices", acks_late=True)
def warm_similar_practices(pk):
    """F-PLUS-4: compute the similar practices of a practice just published or actualized, so its page reads
    them from the cache (practices/catalogue/similar.py). Idempotent: run twice, the second finds them cached."""
    practice = Practice.objects.filter(pk=pk, state=PracticeState.PUBLISHED).only("pk", "updated_at").first()
    if practice is not None:
        similar_ids(practice)


# Collected by smarteka/celery.py; CELERY_TIMEZONE is Europe/Moscow.
beat_schedule = {
    "practices.monthly_digest": {"task": "practices.monthly_digest",
                                 "schedule": crontab(day_of_month=1, hour=9, minute=0)},
}


@shared_task(name="practices.subscription_emails", acks_late=True)
def subscription_emails(practice_id):
    """F-PLUS-5: one e-mail per subscriber of a newly published practice's category or region (once)."""
    from practices.api.subscriptions import send_new_practice_emails

    return send_new_practice_emails(practice_id)


@shared_task(name="practices.subscription_sweep", acks_late=True)
def subscription_sweep():
    """F-PLUS-5: the e-mails of recent publications whose queueing or sending failed (idempotent)."""
    from practices.api.subscriptions import recently_published, send_new_practice_emails

    return sum(send_new_practice_emails(pk) for pk in recently_published())


beat_schedule["practices.subscription_sweep"] = {"task": "practices.subscription_sweep",
                                                 "schedule": crontab(minute=17)}
