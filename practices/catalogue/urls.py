"""The public home page (F-REPORT-4), included at the site root by smarteka/urls.py (name «home», no
namespace); the catalogue's other pages are in practices/urls.py (namespace ``practices``)."""

from django.urls import path

from practices.catalogue import views

urlpatterns = [path("", views.home, name="home")]
