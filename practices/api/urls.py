"""URLs of the open data (F-PLUS-5), included by smarteka/urls.py: the API at /api/v1/ (namespace
``api``, django-ninja's) and the Atom feeds at /feeds/ (namespace ``feeds``, below)."""

from django.urls import path

from practices.api.feeds import CategoryFeed, PracticesFeed, RegionFeed
from practices.api.http import open_data

app_name = "feeds"
urlpatterns = [
    path("practices/", open_data(PracticesFeed()), name="practices"),
    path("category/<int:pk>/", open_data(CategoryFeed()), name="category"),
    path("region/<slug:slug>/", open_data(RegionFeed()), name="region"),
]
