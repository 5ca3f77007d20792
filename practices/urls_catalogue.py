"""URLs of the public catalogue, knowledge base, practice page, «Полезно» and digest (issue 7)."""

from django.urls import path

from practices import views_catalogue as views

urlpatterns = [
    path("catalogue/", views.catalogue, name="catalogue"),
    path("knowledge-base/", views.knowledge_base, name="knowledge_base"),
    path("digest/", views.digest, name="digest"),
    path("digest/subscription/", views.digest_subscription, name="digest_subscription"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/thumbnail.jpg", views.thumbnail, name="thumbnail"),
    path("<int:pk>/useful/", views.appreciate, name="appreciate"),
]
