"""URLs of the yearly audit and archiving (F-ACT-2, F-ARCH-1), included under /archive/."""

from django.urls import path

from validation.lifecycle import views_archiving as views

app_name = "archiving"
urlpatterns = [
    path("audit/", views.audit_worklist, name="audit"),
    path("audit/<int:pk>/", views.audit_practice, name="audit_practice"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/<int:pk>/", views.proposal, name="proposal"),
    path("proposals/<int:pk>/<slug:action>/", views.act, name="act"),
    path("practice/<int:pk>/propose/", views.propose, name="propose"),
    path("practice/<int:pk>/restore/", views.restore, name="restore"),
]
