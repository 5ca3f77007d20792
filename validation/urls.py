from django.urls import path

from validation import views
from validation.lifecycle import views_actualization as actualization

app_name = "validation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("recommendations/", views.recommendations, name="recommendations"),
    path("<int:pk>/", views.review, name="review"),
    # actualization of a published practice (4.5.4–4.5.6, F-ACT-1)
    path("<int:pk>/actualization/", actualization.actualization, name="actualization"),
    path("<int:pk>/actualization/grant/", actualization.grant, name="actualization_grant"),
    path("<int:pk>/actualization/submit/", actualization.submit, name="actualization_submit"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
