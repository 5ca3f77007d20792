from django.contrib import admin

from practices.models import Category, CategorySet, OrganisationType


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0


@admin.register(CategorySet)
class CategorySetAdmin(admin.ModelAdmin):
    list_display = ["name", "is_current"]
    inlines = [CategoryInline]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "category_set", "order", "is_unknown"]
    list_filter = ["category_set"]


@admin.register(OrganisationType)
class OrganisationTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "may_author", "order"]
