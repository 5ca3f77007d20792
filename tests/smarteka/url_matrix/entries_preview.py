"""Matrix rows of issue 20 item 4, «Как это увидят другие» (F-PLUS-10): the practice page as the public, a
logged-in user or the team would see it — to the practice's team and reviewers (``preview_practice_as``), 404
to whoever may not know the practice exists, 403 to whoever sees it but may not preview it, anonymous visitors
to log in. A GET page only (its actions are inert): the POST is refused with 405 by ``require_GET`` after login."""

from tests.smarteka.url_matrix.expect import E, rules

STATES = ("draft", "regional_review", "published")
AUDIENCES = ("public", "user", "team")


def _view_as(state, audience):
    return E("practices:view_as", lambda w: {"pk": w(state).pk, "audience": audience},
             get=rules(see=("view_practice", state), may=("preview_practice_as", state)),
             post=rules(ok=(405,)), variant=f"{audience}@{state}")


ENTRIES = [_view_as(state, audience) for state in STATES for audience in AUDIENCES]
