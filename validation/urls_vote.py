"""Closing stage 3 (F-VAL-3 online vote, F-VAL-4 offline meeting); included at /experts/vote/."""

from django.urls import path

from validation import views_vote

app_name = "vote"
urlpatterns = [
    path("practice/<int:pk>/close/", views_vote.close, name="close"),
    path("meeting-items/<int:pk>/apply/", views_vote.apply_meeting, name="apply_meeting"),
]
