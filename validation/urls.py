from django.urls import path

from validation import views
from validation.lifecycle import views_stewardship as stewardship

app_name = "validation"
urlpatterns = [
    path("", views.queue, name="queue"),
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
    path("<int:pk>/<slug:action>/", views.act, name="act"),
]
