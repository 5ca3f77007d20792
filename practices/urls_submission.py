from django.urls import path

from practices import views_submission

urlpatterns = [
    path("<int:pk>/submit/", views_submission.submit, name="submit"),
    path("<int:pk>/versions/", views_submission.version_list, name="versions"),
]
