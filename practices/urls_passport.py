"""URLs of the passport part of issue 5 (F-PASS-1, F-PASS-3); included from practices/urls.py."""

from django.urls import path

from practices import views_passport as views

urlpatterns = [
    path("new/", views.create, name="create"),
    path("my/", views.my_practices, name="my"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/edit/<slug:section>/", views.edit_section, name="edit_section"),
    path("<int:pk>/preview/", views.preview, name="preview"),
]
