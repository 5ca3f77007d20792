"""The site's URLconf under a prefix: tests/smarteka/test_request_overhead.py checks that the kept addresses
follow a changed ROOT_URLCONF."""

from django.urls import include, path

urlpatterns = [path("moved/", include("smarteka.urls"))]
