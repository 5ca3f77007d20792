from django.urls import path

from practices import views

app_name = "practices"
urlpatterns = [
    path("reference/", views.reference, name="reference"),
]
