from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone

from practices.models import (
    LEVEL_DESCRIPTIONS,
    LEVELS_INTRO,
    Category,
    CategorySet,
    CostRange,
    EventFormat,
    ImplementationMethod,
    Level,
    OrganisationType,
    Rating,
    RatingIndicator,
    SubmissionWindow,
)


def reference(request):
    """«Справочники»: the platform's reference data for everyone (F-REF-2, F-REF-3, F-REF-5, F-REF-6)."""
    today = timezone.localdate()
    current_set = CategorySet.objects.filter(is_current=True).first()
    ratings = Rating.objects.filter(is_active=True).prefetch_related(
        Prefetch("indicators", queryset=RatingIndicator.objects.filter(is_active=True), to_attr="active_indicators"))
    windows = list(SubmissionWindow.objects.select_related("rating"))
    for window in windows:
        window.open_today = window.is_open(today)
    other_sets = CategorySet.objects.filter(is_current=False).prefetch_related(
        Prefetch("categories", queryset=Category.objects.prefetch_related("responsible_bodies__region")))
    return render(request, "practices/reference.html", {
        "current_set": current_set,
        "categories": current_set.categories.all() if current_set else [],
        "other_sets": other_sets,
        "levels_intro": LEVELS_INTRO,
        "levels": [(level.label, LEVEL_DESCRIPTIONS[level]) for level in Level],
        "ratings": ratings,
        "windows": windows,
        "today": today,
        "event_formats": EventFormat.objects.all(),
        "organisation_types": OrganisationType.objects.all(),
        "cost_ranges": CostRange.objects.all(),
        "implementation_methods": ImplementationMethod.objects.all(),
    })
