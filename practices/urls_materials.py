"""URLs of the materials (F-PASS-2) and team (F-ACC-4) parts; included in practices.urls."""

from django.urls import path

from practices import views_materials, views_team

urlpatterns = [
    path("<int:pk>/materials/", views_materials.materials, name="materials"),
    path("<int:pk>/materials/<int:material_pk>/delete/", views_materials.material_delete, name="material_delete"),
    path("<int:pk>/team/", views_team.team, name="team"),
    path("<int:pk>/team/add/", views_team.team_add, name="team_add"),
    path("<int:pk>/team/invite/", views_team.team_invite, name="team_invite"),
    path("<int:pk>/team/<int:member_pk>/mentor/", views_team.team_mentor, name="team_mentor"),
    path("<int:pk>/team/<int:member_pk>/remove/", views_team.team_remove, name="team_remove"),
]
