"""Open data (F-PLUS-5): the read-only JSON API at /api/v1/ (django-ninja, OpenAPI schema at
/api/v1/schema/, docs at /api/v1/docs/), its CSV, the Atom feeds and the e-mail subscriptions to new
practices of a category or a region. Read-only over published practices; only public fields
(``schemas.PUBLIC_FIELDS``)."""
