from django.urls import path

from validation import points, views
from validation.lifecycle import views_actualization as actualization
from validation.lifecycle import views_stewardship as stewardship

app_name = "validation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("section/<slug:key>/", views.queue_section, name="queue_section"),
    path("recommendations/", views.recommendations, name="recommendations"),
    # issue 21: author replacement (4.1.11) and contacts (4.1.12)
    path("<int:pk>/replace-author/", stewardship.replace_author, name="replace_author"),
    path("replacements/", stewardship.replacements, name="replacements"),
    path("replacements/<int:pk>/", stewardship.replacement, name="replacement"),
    path("deleted/", stewardship.deleted_practices, name="deleted"),
    path("contacts/", stewardship.contact_campaign, name="contacts"),
    path("contacts/mine/", stewardship.my_contact_requests, name="my_contact_requests"),
    path("contacts/<int:pk>/", stewardship.contact_request, name="contact_request"),
    path("<int:pk>/", views.review, name="review"),
    path("<int:pk>/points/", points.points, name="revision_points"),  # F-PLUS-8
    # actualization of a published practice (4.5.4–4.5.6, F-ACT-1)
    path("<int:pk>/actualization/", actualization.actualization, name="actualization"),
    path("<int:pk>/actualization/grant/", actualization.grant, name="actualization_grant"),
    path("<int:pk>/actualization/submit/", actualization.submit, name="actualization_submit"),
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
