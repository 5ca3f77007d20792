from django.contrib import admin

from practices.models import (
    Category,
    CategoryResponsibleBody,
    CategorySet,
    CostRange,
    EventFormat,
    ImplementationMethod,
    OrganisationType,
    Rating,
    RatingIndicator,
    RevisionPoint,
    SearchSynonym,
    SubmissionWindow,
    Subscription,
    SubscriptionSent,
)


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0


@admin.register(CategorySet)
class CategorySetAdmin(admin.ModelAdmin):
    list_display = ["name", "is_current", "source"]
    inlines = [CategoryInline]


class CategoryResponsibleBodyInline(admin.TabularInline):
    model = CategoryResponsibleBody
    extra = 0
    autocomplete_fields = ["region"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "category_set", "order", "is_unknown"]
    list_filter = ["category_set"]
    search_fields = ["name", "definition"]
    inlines = [CategoryResponsibleBodyInline]


@admin.register(CategoryResponsibleBody)
class CategoryResponsibleBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "region", "order"]
    list_filter = ["region", "category__category_set"]
    search_fields = ["name", "category__name"]
    autocomplete_fields = ["region", "category"]


@admin.register(OrganisationType)
class OrganisationTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "may_author", "order"]
    list_editable = ["may_author", "order"]


class RatingIndicatorInline(admin.TabularInline):
    model = RatingIndicator
    extra = 0


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "order", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RatingIndicatorInline]


@admin.register(RatingIndicator)
class RatingIndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "rating", "group", "order", "is_active"]
    list_filter = ["rating", "group", "is_active"]
    search_fields = ["code", "name", "group"]


@admin.register(SubmissionWindow)
class SubmissionWindowAdmin(admin.ModelAdmin):
    list_display = ["title", "rating", "results_published", "opens", "closes"]
    list_filter = ["rating"]
    date_hierarchy = "opens"


@admin.register(CostRange)
class CostRangeAdmin(admin.ModelAdmin):
    list_display = ["name", "min_rub", "max_rub", "order"]
    list_editable = ["order"]


@admin.register(ImplementationMethod)
class ImplementationMethodAdmin(admin.ModelAdmin):
    list_display = ["name", "is_other", "order"]
    list_editable = ["order"]


@admin.register(EventFormat)
class EventFormatAdmin(admin.ModelAdmin):
    list_display = ["name", "clause", "order"]
    list_filter = ["clause"]


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    """The catalogue search's thesaurus (issue 16 item 4): abbreviations and synonyms, both ways."""

    list_display = ["term", "synonym", "is_active"]
    list_editable = ["is_active"]
    list_filter = ["is_active"]
    search_fields = ["term", "synonym"]


# --- subscriptions to new practices (F-PLUS-5)


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "category", "region", "created_at"]
    list_filter = ["category"]
    raw_id_fields = ["user", "region"]
    list_select_related = ["user", "category", "region"]


@admin.register(SubscriptionSent)
class SubscriptionSentAdmin(admin.ModelAdmin):
    list_display = ["practice", "user", "sent_at"]
    raw_id_fields = ["practice", "user"]
    list_select_related = ["practice", "user"]


@admin.register(RevisionPoint)
class RevisionPointAdmin(admin.ModelAdmin):
    """F-PLUS-8: read-only — points, answers and decisions are made on the platform, where the history records
    them; the admin only looks them up."""
    list_display = ["practice", "round", "number", "status", "answered_at", "resolved_at"]
    list_filter = ["status"]
    search_fields = ["text", "answer", "practice__title"]
    list_select_related = ["practice"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
