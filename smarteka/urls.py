from django.contrib import admin
from django.urls import include, path

from practices.api.endpoints import api as open_data_api
from smarteka import reportjobs, views

urlpatterns = [
    path("", include("practices.catalogue.urls")),  # home page with the platform figures (F-REPORT-4)
    path("health/", views.health, name="health"),
    path("healthz", views.healthz, name="healthz"),  # every component, 200/503 (issue 15, item 10)
    path("help/", include("smarteka.help.urls")),  # help, agreement, policy, feedback (issue 14, item 13)
    path("favicon.ico", views.favicon, name="favicon"),
    path("cabinet/", views.cabinet, name="cabinet"),  # «Мой кабинет», the start page after login (issue 14, item 4)
    path("reports/jobs/<int:pk>/", reportjobs.job_page, name="report_job"),  # background reports (issue 18)
    path("reports/jobs/<int:pk>/status/", reportjobs.job_status, name="report_job_status"),
    path("accounts/", include("smarteka.accounts.urls")),
    path("roles/", include("smarteka.roles.urls")),
    path("notifications/", include("smarteka.notifications.urls")),
    path("files/", include("smarteka.files.urls")),
    path("regions/", include("regions.urls")),
    path("practices/", include("practices.urls")),
    path("selections/", include("validation.selections.urls")),  # F-TRACK-4, F-TRACK-5
    path("replication/", include("replication.urls")),
    path("review/", include("validation.urls")),  # validation (issue 6)
    path("archive/", include("validation.lifecycle.urls_archiving")),  # yearly audit and archiving (issue 21)
    path("experts/", include("experts.urls")),  # expert pools, the expert's queue and evaluation form
    path("experts/", include("validation.expert_review.urls")),  # the review round of stage 3
    path("api/v1/", open_data_api.urls),  # open data, read-only JSON + CSV + OpenAPI schema (F-PLUS-5)
    path("feeds/", include("practices.api.urls")),  # Atom feeds of new and actualized practices (F-PLUS-5)
    path("admin/", admin.site.urls),
]

handler500 = "smarteka.views.server_error"  # a static Russian page, no request or database (issue 14, item 8)
