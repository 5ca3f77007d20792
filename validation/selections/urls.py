"""URLs of selections (F-TRACK-4) and КСИ sessions (F-TRACK-5), included at /selections/ from smarteka/urls.py."""

from django.urls import path

from validation.selections import views

app_name = "selections"
urlpatterns = [
    path("", views.selection_list, name="list"),
    path("new/", views.selection_create, name="create"),
    path("ksi/", views.ksi_list, name="ksi_list"),
    path("ksi/new/", views.ksi_create, name="ksi_create"),
    path("ksi/<int:pk>/", views.ksi_detail, name="ksi_detail"),
    path("ksi/<int:pk>/edit/", views.ksi_edit, name="ksi_edit"),
    path("<slug:slug>/", views.selection_detail, name="detail"),
    path("<slug:slug>/edit/", views.selection_edit, name="edit"),
    path("<slug:slug>/announce/", views.selection_announce, name="announce"),
    path("<slug:slug>/stage/<str:action>/", views.selection_advance, name="advance"),
    path("<slug:slug>/apply/", views.selection_apply, name="apply"),
    path("<slug:slug>/applications/", views.application_list, name="applications"),
    path("<slug:slug>/applications/<int:pk>/", views.application_detail, name="application"),
    path("<slug:slug>/applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
]
