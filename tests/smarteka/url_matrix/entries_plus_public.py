"""Matrix rows of issue 19's public additions made here: the printable passport (F-PLUS-6). The evidence
badges (F-PLUS-3) and similar practices (F-PLUS-4) live on existing pages and add no URL."""

from practices.enums import PUBLIC_STATES
from smarteka.permissions import can
from tests.smarteka.url_matrix.expect import OK, E, custom, pk, resolve

STATES = ("draft", "regional_review", "published")


def _passport_pdf(state):
    """To everyone once published (or archived); before that to whoever may see the draft, 404 to the others
    — anonymous visitors too (a draft's existence is not told)."""
    def outcome(user, w):
        practice = resolve(w, state)
        return OK if practice.state in PUBLIC_STATES or can(user, "view_practice_draft", practice) else 404
    return outcome


ENTRIES = [E("practices:passport_pdf", pk(state), get=custom(_passport_pdf(state)), variant=state)
           for state in STATES]
