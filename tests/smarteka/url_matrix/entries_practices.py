"""Matrix rows of the practices app: passport, materials, team, submission, catalogue (issue 15 item 1).
The practice pages are requested for a practice in each of ``STATES`` (draft, under regional review, under
expert review, published): who may see and act changes with the state."""

from practices.enums import PUBLIC_STATES
from practices.models import PracticeState
from practices.passport.completeness import SECTIONS
from smarteka.permissions import can
from tests.smarteka.url_matrix.expect import (
    LOGIN,
    OK,
    POST_ONLY,
    POST_ONLY_OPEN,
    E,
    custom,
    logged_in,
    pk,
    public,
    resolve,
    rules,
)

S = PracticeState
STATES = ("draft", "regional_review", "expert_review", "published")


def _seen(state):
    return ("view_practice", state)


def _detail(state):
    """F-CAT-3: a published practice to everyone; before that a redirect to the preview for whoever may see the
    draft, 404 for the others (anonymous visitors too: a draft's existence is not told)."""
    def outcome(user, w):
        practice = resolve(w, state)
        if practice.state in PUBLIC_STATES:
            return OK
        return "redirect" if can(user, "view_practice_draft", practice) else 404
    return outcome


def _thumbnail(state):
    def outcome(user, w):
        practice = resolve(w, state)
        return OK if practice.state in PUBLIC_STATES or can(user, "view_practice_draft", practice) else 404
    return outcome


def _appreciate(state):
    def outcome(user, w):
        if resolve(w, state).state not in PUBLIC_STATES:
            return 404
        return LOGIN if user is None else OK
    return outcome


def _submit(state):
    """F-PASS-4: the author of a practice already submitted is sent to its versions; else ``submit_practice``."""
    def outcome(user, w):
        practice = resolve(w, state)
        if user is None:
            return LOGIN
        if not can(user, "view_practice", practice):
            return 404
        if practice.author_id == user.pk and practice.state not in (S.DRAFT, S.REVISION):
            return "redirect"
        return OK if can(user, "submit_practice", practice) else 403
    return outcome


def _material(w, state):
    return w(state).materials.order_by("pk").first()


def _member(w, state):
    return w(state).team.exclude(user=w(state).author).order_by("pk").first()


def _practice_rows(state):
    p = pk(state)
    see = _seen(state)
    section = SECTIONS[0][0]
    return [
        E("practices:edit", p, get=rules(see=see, may=("edit_passport", state), ok=(302,)), variant=state),
        E("practices:edit_section", lambda w: {"pk": w(state).pk, "section": section},
          get=rules(see=see, may=("edit_passport", state)), post=rules(see=see, may=("edit_passport", state)),
          data=lambda w: {"title": "Изменённое название"}, variant=state),
        E("practices:autosave_section", lambda w: {"pk": w(state).pk, "section": section},
          get=rules(ok=(405,)), post=rules(see=see, may=("edit_passport", state)),
          data=lambda w: {"title": "Автосохранение"}, variant=state),
        E("practices:preview", p, get=rules(see=see, may=("view_practice_draft", state)), variant=state),
        E("practices:materials", p, get=rules(see=see, may=("view_practice_materials", state)),
          post=rules(see=see, may=[("view_practice_materials", state), ("change_practice_materials", state)]),
          variant=state),
        E("practices:material_delete", lambda w: {"pk": w(state).pk, "material_pk": _material(w, state).pk},
          get=POST_ONLY, post=rules(see=see, may=("change_practice_materials", state)), variant=state),
        E("practices:team", p, get=rules(see=see, may=("view_practice_team", state)), variant=state),
        E("practices:team_add", p, get=POST_ONLY, post=rules(see=see, may=("change_practice_team", state)),
          data=lambda w: {"user": w("outsider").pk}, variant=state),
        E("practices:team_invite", p, get=POST_ONLY, post=rules(see=see, may=("change_practice_team", state)),
          data=lambda w: {"email": "new-member@example.ru"}, variant=state),
        E("practices:team_mentor", lambda w: {"pk": w(state).pk, "member_pk": _member(w, state).pk}, get=POST_ONLY,
          post=rules(see=see, may=("change_practice_team", state)), variant=state),
        E("practices:team_remove", lambda w: {"pk": w(state).pk, "member_pk": _member(w, state).pk}, get=POST_ONLY,
          post=rules(see=see, may=("change_practice_team", state)), variant=state),
        E("practices:submit", p, get=custom(_submit(state), ok=(200, 302)), post=custom(_submit(state)),
          variant=state),
        E("practices:versions", p, get=rules(see=see, may=("view_practice_versions", state)), variant=state),
        E("practices:detail", p, get=custom(_detail(state)), variant=state),
        E("practices:thumbnail", p, get=custom(_thumbnail(state)), variant=state),
        E("practices:appreciate", p, get=POST_ONLY_OPEN, post=custom(_appreciate(state)), variant=state),
    ]


ENTRIES = [
    E("practices:reference", get=public()),
    E("practices:create", get=rules(may=("create_practice", None)), post=rules(may=("create_practice", None))),
    E("practices:my", get=logged_in()),
    E("practices:catalogue", get=public()),
    E("practices:search_suggestions", get=public()),  # search as you type (issue 16 item 6)
    E("practices:knowledge_base", get=public()),
    E("practices:digest", get=public()),
    E("practices:digest_subscription", get=POST_ONLY_OPEN),  # its POST: the public subscription form
    *[row for state in STATES for row in _practice_rows(state)],
]
