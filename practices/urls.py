from django.urls import include, path

from practices import views

app_name = "practices"
urlpatterns = [
    path("reference/", views.reference, name="reference"),
    path("", include("practices.urls_passport")),
    path("", include("practices.urls_materials")),
    path("", include("practices.urls_submission")),
    path("", include("practices.urls_catalogue")),
]
