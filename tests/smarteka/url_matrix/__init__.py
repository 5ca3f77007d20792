"""One permission matrix over every URL of the site (issue 15 item 1); the test is
tests/smarteka/test_url_matrix.py, the rows are in this package:

* ``world.py``    — the objects, built once per module: users in and out of scope, practices in each state,
                    requests, pools, meetings, selections, proposals…
* ``expect.py``   — how a row says what a URL must answer, derived from ``smarteka.permissions.can``
* ``entries_*.py`` — the rows: site pages, the practices app, the workflow apps

Adding a URL is one row in the ``ENTRIES`` of the fitting ``entries_*.py``:

    E("app:name", pk("published"), get=rules(see=("view_practice", "published"), may=("rule", "published")),
      post=rules(see=..., may=...))

``pk("published")`` gives the URL arguments from a world object (any ``lambda w: {...}`` will do; a new
object is a ``@builder("name")`` in world.py); ``see`` rules refused answer 404, ``may`` rules 403, anonymous
visitors go to log in; ``public()`` for a page without a rule, ``logged_in()`` for the user's own pages,
``custom(func)`` when a view combines rules in its own way, ``POST_ONLY`` for the GET of a POST view. A URL
of the resolver without a row (or an entry in ``EXEMPT`` of the test, with its reason) fails
``test_every_url_is_in_the_matrix``.
"""
