from django.urls import path

from experts import views

app_name = "experts"
urlpatterns = [
    path("pools/", views.pool_list, name="pools"),
    path("pools/<int:pk>/", views.pool_detail, name="pool"),
    path("pools/<int:pk>/members/add/", views.member_add, name="member_add"),
    path("pools/<int:pk>/confirm/", views.pool_confirm, name="pool_confirm"),
    path("memberships/<int:pk>/renew/", views.member_renew, name="member_renew"),
    path("memberships/<int:pk>/end/", views.member_end, name="member_end"),
    path("my/", views.my_queue, name="my_queue"),
    path("invitations/<int:pk>/", views.evaluate, name="evaluate"),
    path("invitations/<int:pk>/interests/", views.declare, name="declare"),
    path("invitations/<int:pk>/decline/", views.decline, name="decline"),
]
