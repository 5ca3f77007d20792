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
