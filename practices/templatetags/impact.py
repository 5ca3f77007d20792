"""Template filters of measured impact (F-PLUS-1): the chart data of a practice's results and the
headline change of a card."""

from django import template

from practices import impact

register = template.Library()


@register.filter
def impact_data(results):
    return impact.chart_data(results)


@register.filter
def impact_headline(row):
    return impact.headline(row)


@register.filter
def impact_change(row):
    return impact.change(row)


@register.filter
def any_adopted(results):
    """Whether some row carries the adopters' rows (``adopted``, prefetched on the practice page)."""
    return any(getattr(r, "adopted", None) for r in results)
