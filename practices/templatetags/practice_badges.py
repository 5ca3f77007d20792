"""``{% evidence_badges practice "card" %}`` — the practice's evidence badges (F-PLUS-3,
practices/catalogue/badges.py); ``place`` keeps the descriptions' ids unique on a page."""

from django import template

from practices.catalogue.badges import badges_for

register = template.Library()


@register.inclusion_tag("practices/_badges.html")
def evidence_badges(practice, place="card"):
    return {"badges": badges_for(practice), "place": place, "pk": practice.pk}
