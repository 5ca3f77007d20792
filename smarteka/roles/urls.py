from django.urls import path

from smarteka.roles import views

app_name = "roles"
urlpatterns = [
    path("", views.grant_list, name="list"),
    path("grant/", views.grant_create, name="grant"),
    path("<int:pk>/revoke/", views.grant_revoke, name="revoke"),
    path("history/", views.history, name="history"),
    path("users/", views.user_search, name="user_search"),
    path("lockouts/", views.lockouts, name="lockouts"),
    path("lockouts/unlock/", views.lockout_unlock, name="lockout_unlock"),
]
