"""URLs of the practices app, namespace ``practices``, under /practices/ (smarteka/urls.py). The home
page sits at the site root without a namespace: ``practices/catalogue/urls.py``."""

from django.urls import path

from practices import views
from practices.api import views as subscriptions
from practices.catalogue import preview as catalogue_preview
from practices.catalogue import views as catalogue
from practices.materials import views as materials
from practices.passport import views as passport
from practices.revision import views as revision
from practices.submission import views as submission
from practices.team import views as team

app_name = "practices"
urlpatterns = [
    path("reference/", views.reference, name="reference"),
    # the passport (F-PASS-1, F-PASS-3)
    path("new/", passport.create, name="create"),
    path("my/", passport.my_practices, name="my"),
    path("<int:pk>/edit/", passport.edit, name="edit"),
    path("<int:pk>/edit/<slug:section>/", passport.edit_section, name="edit_section"),
    path("<int:pk>/edit/<slug:section>/autosave/", passport.autosave_section, name="autosave_section"),
    path("<int:pk>/preview/", passport.preview, name="preview"),
    path("<int:pk>/passport.pdf", passport.passport_pdf, name="passport_pdf"),  # F-PLUS-6
    # materials (F-PASS-2) and team (F-ACC-4)
    path("<int:pk>/materials/", materials.materials, name="materials"),
    path("<int:pk>/materials/<int:material_pk>/delete/", materials.material_delete, name="material_delete"),
    path("<int:pk>/team/", team.team, name="team"),
    path("<int:pk>/team/add/", team.team_add, name="team_add"),
    path("<int:pk>/team/invite/", team.team_invite, name="team_invite"),
    path("<int:pk>/team/<int:member_pk>/mentor/", team.team_mentor, name="team_mentor"),
    path("<int:pk>/team/<int:member_pk>/remove/", team.team_remove, name="team_remove"),
    # submission and versions (F-PASS-4, F-PASS-5)
    path("<int:pk>/submit/", submission.submit, name="submit"),
    path("<int:pk>/versions/", submission.version_list, name="versions"),
    path("<int:pk>/revision/", revision.revision, name="revision"),  # F-PLUS-8
    # the public catalogue, knowledge base, practice page, «Полезно», digest (F-CAT-1 … F-CAT-4)
    path("catalogue/", catalogue.catalogue, name="catalogue"),
    path("knowledge-base/", catalogue.knowledge_base, name="knowledge_base"),
    path("catalogue/suggestions/", catalogue.search_suggestions, name="search_suggestions"),
    path("digest/", catalogue.digest, name="digest"),
    path("digest/subscription/", catalogue.digest_subscription, name="digest_subscription"),
    # subscriptions to new practices of a category or a region (F-PLUS-5)
    path("subscriptions/", subscriptions.subscriptions, name="subscriptions"),
    path("subscriptions/<int:pk>/delete/", subscriptions.subscription_delete, name="subscription_delete"),
    path("subscriptions/unsubscribe/<str:token>/", subscriptions.unsubscribe, name="unsubscribe"),
    path("<int:pk>/", catalogue.detail, name="detail"),
    path("<int:pk>/thumbnail.jpg", catalogue.thumbnail, name="thumbnail"),
    path("<int:pk>/useful/", catalogue.appreciate, name="appreciate"),
    # «Как это увидят другие» (F-PLUS-10): the page with the public's, a user's or the team's rules
    path("<int:pk>/view-as/<slug:audience>/", catalogue_preview.view_as, name="view_as"),
]
