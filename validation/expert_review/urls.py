"""The review round of stage 3 (F-VAL-3, F-VAL-4); included at /experts/ beside the experts app's pages,
so the addresses are those the pool pages always had."""

from django.urls import path

from validation.expert_review import views

app_name = "expert_review"
urlpatterns = [
    path("practice/<int:pk>/", views.review, name="review"),
    path("practice/<int:pk>/invite/", views.invite, name="invite"),
    path("invitations/<int:pk>/replace/", views.replace, name="replace"),
    path("vote/practice/<int:pk>/close/", views.close, name="close"),
    path("reviews/<int:pk>/protocol/", views.protocol, name="protocol"),
    path("pools/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/members/", views.meeting_act, {"action": "members"}, name="meeting_members"),
    path("meetings/<int:pk>/practices/", views.meeting_act, {"action": "practice"}, name="meeting_practice"),
    path("meetings/<int:pk>/protocol/", views.meeting_act, {"action": "protocol"}, name="meeting_protocol"),
    path("meeting-items/<int:pk>/outcome/", views.meeting_outcome, name="meeting_outcome"),
    path("vote/meeting-items/<int:pk>/apply/", views.apply_meeting, name="apply_meeting"),
]
