from django.urls import path

from replication import views, views_summary

app_name = "replication"
urlpatterns = [
    path("practice/<int:pk>/", views.practice_replication, name="practice"),
    path("practice/<int:pk>/want/", views.request_create, name="request_create"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/report/", views.report, name="report"),
    path("requests/<int:pk>/<slug:action>/", views.request_action, name="request_action"),
    path("my/", views.my_requests, name="my"),
    path("queue/", views.moderator_queue, name="moderator_queue"),
    path("all/", views.asi_queue, name="asi_queue"),
    path("summary/", views_summary.annual_summary, name="summary"),  # F-REPORT-3 (5.3.5)
    path("summary/export/", views_summary.export, name="summary_export"),
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_form, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_form, name="event_edit"),
    path("events/<int:pk>/interest/", views.interest_record, name="interest_record"),
    path("events/<int:pk>/summary/", views.interest_summary, name="interest_summary"),
    path("events/<int:pk>/interest/<int:interest_pk>/offer/", views.interest_offer, name="interest_offer"),
]
