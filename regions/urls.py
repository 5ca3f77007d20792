from django.urls import include, path

from regions import dashboard, views

app_name = "regions"
urlpatterns = [
    path("", views.region_list, name="list"),
    path("leaders/", views.leader_registry, name="leaders"),
    path("dashboard/", include(dashboard.urlpatterns)),  # the coordinator's dashboard (F-REPORT-1)
    path("leaders/add/", views.leader_add, name="leader_add"),
    path("leaders/<int:pk>/delete/", views.leader_delete, name="leader_delete"),
    path("<slug:slug>/", views.region_detail, name="detail"),
    path("<slug:slug>/coordinator/", views.coordinator_appoint, name="coordinator_appoint"),
    path("<slug:slug>/team/", views.team_edit, name="team_edit"),
]
