"""Atom feeds of new and actualized practices (F-PLUS-5): all, per category, per region.

An entry is a published practice; its date is the later of its publication and its accepted
actualization, so an actualized practice comes back to the top as an updated entry (same id).
choice (the regulation is silent): the 30 latest entries, the practice's goal as the summary."""

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.db.models.functions import Coalesce, Greatest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from practices.models import Category, Practice, PracticeState
from regions.models import Region

FEED_SIZE = 30


def changed():
    """The latest change of a published practice (the partial index practice_feed_changed, migration 0014)."""
    return Greatest("published_at", Coalesce("actualized_at", "published_at"))


def newest_first(rows):
    """``rows`` annotated with ``changed`` in the order of practice_feed_changed: the feeds read their first
    FEED_SIZE, Last-Modified the first one, both from the end of the index."""
    return rows.annotate(changed=changed()).order_by(F("changed").desc(nulls_last=True), "-pk")


class PracticesFeed(Feed):
    feed_type = Atom1Feed
    title = "Смартека: новые и актуализированные практики"
    subtitle = "Практики регионального управления, опубликованные или актуализированные на платформе «Смартека»"

    def link(self, obj=None):
        return reverse("practices:catalogue")

    def feed_url(self, obj=None):
        return reverse("feeds:practices")

    def filtered(self, queryset, obj):
        return queryset

    def items(self, obj=None):
        rows = Practice.objects.filter(state=PracticeState.PUBLISHED).select_related("category", "region")
        rows = self.filtered(rows, obj).defer("search_vector")
        return newest_first(rows)[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.goal

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.changed

    def item_author_name(self, item):
        return item.region.name  # the author region, never a person

    def item_categories(self, item):
        return [item.category.name] if item.category else []


class CategoryFeed(PracticesFeed):
    def get_object(self, request, pk):
        return get_object_or_404(Category, pk=pk)

    def title(self, obj):
        return f"Смартека: практики категории «{obj.name}»"

    def link(self, obj=None):
        return f"{reverse('practices:catalogue')}?category={obj.pk}"

    def feed_url(self, obj=None):
        return reverse("feeds:category", args=[obj.pk])

    def filtered(self, queryset, obj):
        return queryset.filter(category=obj)


class RegionFeed(PracticesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Region, slug=slug)

    def title(self, obj):
        return f"Смартека: практики региона «{obj.name}»"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def feed_url(self, obj=None):
        return reverse("feeds:region", args=[obj.slug])

    def filtered(self, queryset, obj):
        return queryset.filter(region=obj)
