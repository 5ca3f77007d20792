from django.contrib import admin
from django.urls import include, path

from smarteka import views

urlpatterns = [
    path("", include("practices.urls_home")),  # home page with the platform figures (F-REPORT-4)
    path("health/", views.health, name="health"),
    path("accounts/", include("smarteka.accounts.urls")),
    path("roles/", include("smarteka.roles.urls")),
    path("notifications/", include("smarteka.notifications.urls")),
    path("files/", include("smarteka.files.urls")),
    path("regions/", include("regions.urls")),
    path("practices/", include("practices.urls")),
    path("admin/", admin.site.urls),
]
