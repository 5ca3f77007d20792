from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from smarteka.workcalendar import services
from smarteka.workcalendar.models import CalendarDay, CalendarYear


@receiver(post_save, sender=CalendarDay)
@receiver(post_delete, sender=CalendarDay)
def drop_calendar_cache(sender, **kwargs):
    services.invalidate()


@receiver(post_save, sender=CalendarYear)
@receiver(post_delete, sender=CalendarYear)
def drop_calendar_cache_on_year(sender, **kwargs):
    services.invalidate()
