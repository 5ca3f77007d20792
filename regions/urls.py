from django.urls import include, path

from regions import dashboard, quarterly_views, views

app_name = "regions"
urlpatterns = [
    path("", views.region_list, name="list"),
    path("leaders/", views.leader_registry, name="leaders"),
    path("dashboard/", include(dashboard.urlpatterns)),  # the coordinator's dashboard (F-REPORT-1)
    path("leaders/add/", views.leader_add, name="leader_add"),
    path("leaders/<int:pk>/delete/", views.leader_delete, name="leader_delete"),
    # F-REPORT-2: the quarterly regional report (regions/quarterly.py)
    path("quarterly-reports/", quarterly_views.report_status, name="quarterly_status"),
    path("<slug:slug>/quarterly/", quarterly_views.report, name="quarterly"),
    path("<slug:slug>/quarterly/xlsx/", quarterly_views.report_xlsx, name="quarterly_xlsx"),
    path("<slug:slug>/quarterly/csv/<str:part>/", quarterly_views.report_csv, name="quarterly_csv"),
    path("<slug:slug>/quarterly/confirm/", quarterly_views.report_confirm, name="quarterly_confirm"),
    path("<slug:slug>/", views.region_detail, name="detail"),
    path("<slug:slug>/coordinator/", views.coordinator_appoint, name="coordinator_appoint"),
    path("<slug:slug>/team/", views.team_edit, name="team_edit"),
]
