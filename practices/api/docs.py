"""The browsable page of the API's OpenAPI schema (F-PLUS-5): Swagger UI vendored in
static/vendor/swagger-ui (no CDN), started by static/js/api-docs.js — no inline script or style, so it
works under the site's strict CSP. choice: Swagger UI rather than Redoc (Redoc injects <style> elements,
which ``style-src 'self'`` refuses)."""

from django.shortcuts import render
from ninja.openapi.docs import DocsBase


class SiteSwagger(DocsBase):
    def render_page(self, request, api, **kwargs):
        return render(request, "practices/api/docs.html", {"schema_url": self.get_openapi_url(api, kwargs)})
