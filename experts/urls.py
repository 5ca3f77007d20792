from django.urls import path

from experts import views

app_name = "experts"
urlpatterns = [
    path("pools/", views.pool_list, name="pools"),
    path("pools/<int:pk>/", views.pool_detail, name="pool"),
    path("pools/<int:pk>/members/add/", views.member_add, name="member_add"),
    path("pools/<int:pk>/confirm/", views.pool_confirm, name="pool_confirm"),
    path("pools/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("memberships/<int:pk>/renew/", views.member_renew, name="member_renew"),
    path("memberships/<int:pk>/end/", views.member_end, name="member_end"),
    path("practice/<int:pk>/", views.review, name="review"),
    path("practice/<int:pk>/invite/", views.invite, name="invite"),
    path("my/", views.my_queue, name="my_queue"),
    path("invitations/<int:pk>/", views.evaluate, name="evaluate"),
    path("invitations/<int:pk>/decline/", views.decline, name="decline"),
    path("reviews/<int:pk>/protocol/", views.protocol, name="protocol"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("meetings/<int:pk>/members/", views.meeting_members, name="meeting_members"),
    path("meetings/<int:pk>/practices/", views.meeting_practice, name="meeting_practice"),
    path("meetings/<int:pk>/protocol/", views.meeting_protocol, name="meeting_protocol"),
    path("meeting-items/<int:pk>/outcome/", views.meeting_outcome, name="meeting_outcome"),
]
