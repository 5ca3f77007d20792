from django.urls import path

from smarteka.help import views

app_name = "help"
urlpatterns = [
    path("", views.index, name="index"),
    path("terms/", views.terms, name="terms"),
    path("privacy/", views.privacy, name="privacy"),
    path("feedback/", views.feedback, name="feedback"),
    path("<slug:slug>/", views.role, name="role"),
]
