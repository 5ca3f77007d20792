from django.urls import path

from validation import views

app_name = "validation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("recommendations/", views.recommendations, name="recommendations"),
    path("<int:pk>/", views.review, name="review"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
