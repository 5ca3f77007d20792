"""The public home page (F-REPORT-4), included at the site root by smarteka/urls.py (name «home»)."""

from django.urls import path

from practices import views_catalogue

urlpatterns = [path("", views_catalogue.home, name="home")]
