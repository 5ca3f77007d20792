"""Matrix rows of the workflow apps: validation (review, actions, selections, КСИ, archiving, stewardship,
actualization), expert pools and the expert review, replication (issue 15 item 1).

The actions of a page's ``ActionSpec`` table (validation.views.ACTIONS, the meeting's, the proposal's and the
replication request's) are read from the table itself: each gets a row whose POST must answer what its own
``spec.rule`` says — an action added to a table is in the matrix without an edit here."""

from experts.models import PoolMembership
from replication.views import ACTIONS as REPLICATION_ACTIONS
from smarteka.permissions import can, role_regions
from smarteka.roles.models import Role
from tests.smarteka.url_matrix.expect import (
    LOGIN,
    OK,
    POST_ONLY,
    E,
    custom,
    logged_in,
    pk,
    post_only,
    public,
    resolve,
    rules,
)
from validation.expert_review.views import MEETING_ACTIONS
from validation.lifecycle.views_archiving import PROPOSAL_ACTIONS, RESTORE
from validation.views import ACTIONS as VALIDATION_ACTIONS

# the practice each validation action is posted on: a state where someone may take it
ACTION_STATE = {
    "confirm": "regional_review", "return": "regional_review", "reject": "regional_review",
    "attach-letter": "packaging", "category": "packaging", "route": "packaging", "comment": "packaging",
    "level": "packaging", "request-materials": "packaging", "packaged": "packaging",
    "start-expert-review": "packaging", "skip-expert-review": "packaging",
    "rating-confirm": "expert_review", "publish": "expert_review",
    "accept-actualization": "actualization", "return-actualization": "actualization",
    "restore": "deleted", "author-silent": "published", "author-answered": "published", "delete": "draft",
}


def _act_rows():
    rows = []
    for name in [*VALIDATION_ACTIONS, "delete"]:
        state = ACTION_STATE[name]
        rule = "delete_practice" if name == "delete" else VALIDATION_ACTIONS[name].rule
        rows.append(E("validation:act", lambda w, s=state, n=name: {"pk": w(s).pk, "action": n},
                      get=post_only(see=("view_practice", state)) if name == "confirm" else None,
                      post=rules(see=("view_practice", state), may=(rule, state)), variant=name))
    return rows


def _selection(w):
    return {"slug": w("selection").slug}


def _application(w):
    return {"slug": w("selection").slug, "pk": w("application").pk}


def _membership(w):
    return PoolMembership.objects.get(user=w("expert"))


def _practice_replication(user, w):
    """Replication of a published practice is public; of a draft, only to whoever may see the draft."""
    practice = resolve(w, "published")
    return OK if practice.state in ("published", "archived") or can(user, "view_practice_draft", practice) else 404


def _coordinator_section(user, w):
    """A section of the review queue (issue 17): only a coordinator has «Ждут подтверждения региона»."""
    if user is None:
        return LOGIN
    if not can(user, "view_review_queue"):
        return 403
    return OK if role_regions(user, Role.COORDINATOR) else 404


def _open_review_protocol(user, w):
    """The protocol of a review still open is not found by anyone who may see the practice (F-VAL-4)."""
    if user is None:
        return LOGIN
    return 404


SEL = ("view_selection", "selection")
APP = [SEL, ("view_selection_application", "application")]

ENTRIES = [
    # --- validation queues and the review page (F-VAL-1, F-VAL-2)
    E("validation:queue", get=rules(may=("view_review_queue", None))),
    E("validation:queue_section", lambda w: {"key": "coordinator-waiting"}, get=custom(_coordinator_section)),
    E("validation:recommendations", get=rules(may=("view_partner_recommendations", None))),
    *[E("validation:review", pk(state), get=rules(see=("view_practice", state), may=("review_practice", state)),
        variant=state) for state in ("draft", "regional_review", "packaging", "expert_review", "published")],
    *_act_rows(),

    # --- stewardship (4.1.11–4.1.13)
    E("validation:replace_author", pk("published"),
      get=rules(see=("view_practice", "published"), may=("request_author_replacement", "published")),
      post=rules(see=("view_practice", "published"), may=("request_author_replacement", "published"))),
    E("validation:replacements", get=rules(may=("view_author_replacements", None))),
    E("validation:replacement", pk("replacement"), get=rules(see=("view_author_replacement", "replacement")),
      post=rules(see=("view_author_replacement", "replacement"), may=("decide_author_replacement", "replacement")),
      data=lambda w: {"decision": "decline", "comment": "Нет оснований"}),
    E("validation:deleted", get=rules(may=("view_deleted_practices", None))),
    E("validation:contacts", get=rules(may=("view_contact_campaign", None)),
      post=rules(may=[("view_contact_campaign", None), ("request_contact_update", None)])),
    E("validation:my_contact_requests", get=rules(may=("view_contact_requests", None))),
    E("validation:contact_request", pk("contact_request"), get=rules(see=("view_contact_request", "contact_request")),
      post=rules(see=("view_contact_request", "contact_request"), may=("confirm_contact_update", "contact_request"))),

    # --- actualization (4.5.4–4.5.6, F-ACT-1)
    E("validation:actualization", pk("published"),
      get=rules(see=("view_practice", "published"), may=("view_actualization", "published")),
      post=rules(see=("view_practice", "published"),
                 may=[("view_actualization", "published"), ("request_actualization", "published")]),
      data=lambda w: {"reason": "Обновите результаты"}),
    E("validation:actualization_grant", pk("actualization_requested"), get=POST_ONLY,
      post=rules(see=("view_practice", "actualization_requested"),
                 may=("grant_actualization", lambda w: w("actualization_requested").actualization_requests.get(
                     state="requested")))),
    E("validation:actualization_submit", pk("actualization"), get=POST_ONLY,
      post=rules(see=("view_practice", "actualization"), may=("submit_actualization", "actualization"))),

    # --- selections and КСИ (F-TRACK-4, F-TRACK-5)
    E("selections:list", get=public()),
    E("selections:create", get=rules(may=("manage_selections", None)), post=rules(may=("manage_selections", None))),
    E("selections:detail", _selection, get=rules(see=SEL, login=False)),
    E("selections:edit", _selection, get=rules(see=SEL, may=("manage_selections", "selection")),
      post=rules(see=SEL, may=("manage_selections", "selection"))),
    E("selections:announce", _selection, get=POST_ONLY, post=rules(see=SEL, may=("manage_selections", "selection"))),
    E("selections:advance", lambda w: {**_selection(w), "action": "close_intake"}, get=POST_ONLY,
      post=rules(see=SEL, may=("manage_selections", "selection"))),
    E("selections:apply", _selection, get=rules(see=SEL, may=("apply_to_selection", "selection")),
      post=rules(see=SEL, may=("apply_to_selection", "selection"))),
    E("selections:applications", _selection,
      get=rules(see=SEL, may=("view_selection_applications", "selection"))),
    E("selections:application", _application, get=rules(see=APP, may=("view_selection_applications", "selection")),
      post=rules(see=APP, may=[("view_selection_applications", "selection"), ("moderate_selection", "selection")]),
      data=lambda w: {"decision": "refuse", "reason": "Не соответствует критериям"}),
    E("selections:application_withdraw", _application, get=POST_ONLY,
      post=rules(see=APP, may=("withdraw_selection_application", "application"))),
    E("selections:ksi_list", get=rules(may=("view_ksi", None))),
    E("selections:ksi_create", get=rules(may=("manage_ksi", None)), post=rules(may=("manage_ksi", None))),
    E("selections:ksi_detail", pk("ksi"), get=rules(see=("view_ksi", "ksi")),
      post=rules(see=("view_ksi", "ksi"), may=("manage_ksi", "ksi"))),
    E("selections:ksi_edit", pk("ksi"), get=rules(see=("view_ksi", "ksi"), may=("manage_ksi", "ksi")),
      post=rules(see=("view_ksi", "ksi"), may=("manage_ksi", "ksi"))),

    # --- the yearly audit and archiving (F-ACT-2, F-ARCH-1)
    E("archiving:audit", get=rules(may=("view_audit_worklist", None))),
    E("archiving:audit_practice", pk("published"),
      get=rules(see=("view_practice", "published"), may=("audit_practice", "published"), ok=(302,)),
      post=rules(see=("view_practice", "published"), may=("audit_practice", "published"))),
    E("archiving:proposals", get=rules(may=("view_archive_proposals", None))),
    E("archiving:proposal", pk("proposal"), get=rules(see=("view_archive_proposal", "proposal"))),
    *[E("archiving:act", lambda w, n=name: {"pk": w("proposal").pk, "action": n},
        get=post_only(see=("view_archive_proposal", "proposal")) if name == "confirm" else None,
        post=rules(see=("view_archive_proposal", "proposal"), may=(spec.rule, "proposal")), variant=name)
      for name, spec in PROPOSAL_ACTIONS.items()],
    E("archiving:propose", pk("published"),
      get=rules(see=("view_practice", "published"), may=("propose_archiving", "published")),
      post=rules(see=("view_practice", "published"), may=("propose_archiving", "published"))),
    E("archiving:restore", pk("archived"), get=rules(see=("view_practice", "archived"), ok=(302,)),
      post=rules(see=("view_practice", "archived"), may=(RESTORE.rule, "archived"))),

    # --- expert pools (F-VAL-9) and the expert's queue (F-VAL-3)
    E("experts:pools", get=rules(may=("view_expert_pools", None))),
    E("experts:pool", pk("pool"), get=rules(see=("view_expert_pool", "pool"))),
    E("experts:member_add", pk("pool"), get=POST_ONLY,
      post=rules(see=("view_expert_pool", "pool"), may=("manage_expert_pool", "pool"))),
    E("experts:pool_confirm", pk("pool"), get=POST_ONLY,
      post=rules(see=("view_expert_pool", "pool"), may=("confirm_pool_members", "pool"))),
    E("experts:member_renew", lambda w: {"pk": _membership(w).pk}, get=POST_ONLY,
      post=rules(see=("view_expert_pool", "pool"), may=("manage_expert_pool", "pool"))),
    E("experts:member_end", lambda w: {"pk": _membership(w).pk}, get=POST_ONLY,
      post=rules(see=("view_expert_pool", "pool"), may=("manage_expert_pool", "pool"))),
    E("experts:my_queue", get=rules(may=("view_my_evaluations", None))),
    E("experts:evaluate", pk("invitation"), get=rules(see=("view_evaluation", "invitation")),
      post=rules(see=("view_evaluation", "invitation"), may=("evaluate_practice", "invitation"))),
    E("experts:decline", pk("invitation"), get=POST_ONLY,
      post=rules(see=("view_evaluation", "invitation"), may=("decline_invitation", "invitation")),
      data=lambda w: {"reason": "Конфликт интересов"}),

    # --- the expert review round (F-VAL-3, F-VAL-4)
    E("expert_review:review", pk("expert_review"),
      get=rules(see=("view_practice", "expert_review"), may=("view_expert_review", "expert_review"))),
    E("expert_review:invite", pk("expert_review"), get=POST_ONLY,
      post=rules(see=("view_practice", "expert_review"), may=("invite_experts", "expert_review"))),
    E("expert_review:close", pk("expert_review"), get=POST_ONLY,
      post=rules(see=("view_practice", "expert_review"), may=("close_expert_review", "expert_review"))),
    E("expert_review:protocol", pk("review"), get=custom(_open_review_protocol)),
    E("expert_review:meeting_create", pk("pool"), get=POST_ONLY,
      post=rules(see=("view_expert_pool", "pool"), may=("manage_expert_pool", "pool"))),
    E("expert_review:meeting", pk("meeting"), get=rules(see=("view_pool_meeting", "meeting"))),
    *[E(f"expert_review:meeting_{name}", pk("meeting"), get=POST_ONLY,
        post=rules(see=("view_pool_meeting", "meeting"), may=(spec.rule, "meeting")))
      for name, spec in MEETING_ACTIONS.items()],
    E("expert_review:meeting_outcome", pk("meeting_item"), get=POST_ONLY,
      post=rules(see=("view_pool_meeting", "meeting"), may=("manage_pool_meeting", "meeting"))),
    E("expert_review:apply_meeting", pk("meeting_item"), get=POST_ONLY,
      post=rules(see=("view_pool_meeting", "meeting"), may=("apply_meeting_outcome", "meeting_item"))),

    # --- replication (issue 8)
    E("replication:practice", pk("published"), get=custom(_practice_replication)),
    E("replication:request_create", pk("published"),
      get=rules(see=("view_practice", "published"), may=("request_replication", "published")),
      post=rules(see=("view_practice", "published"), may=("request_replication", "published"))),
    E("replication:request_detail", pk("replication_request"),
      get=rules(see=("view_replication_request", "replication_request"))),
    E("replication:report", pk("replication_request"),
      get=rules(see=("view_replication_request", "replication_request"),
                may=("submit_replication_report", "replication_request")),
      post=rules(see=("view_replication_request", "replication_request"),
                 may=("submit_replication_report", "replication_request"))),
    *[E("replication:request_action", lambda w, n=name: {"pk": w("replication_request").pk, "action": n},
        get=POST_ONLY if name == "assign" else None,
        post=rules(see=("view_replication_request", "replication_request"), may=(spec.rule, "replication_request")),
        variant=name) for name, spec in REPLICATION_ACTIONS.items()],
    E("replication:my", get=logged_in()),
    E("replication:moderator_queue", get=rules(may=("view_implementation_queue", None))),
    E("replication:asi_queue", get=rules(may=("view_replication_asi_queue", None))),
    E("replication:event_list", get=rules(may=("view_events", None))),
    E("replication:event_create", get=rules(may=("manage_events", None)), post=rules(may=("manage_events", None))),
    E("replication:event_detail", pk("event"), get=rules(may=("view_events", None))),
    E("replication:event_edit", pk("event"), get=rules(may=("manage_events", "event")),
      post=rules(may=("manage_events", "event"))),
    E("replication:interest_record", pk("event"), get=POST_ONLY, post=rules(may=("record_region_interest", "event"))),
    E("replication:interest_summary", pk("event"), get=POST_ONLY, post=rules(may=("send_interest_summary", "event"))),
    E("replication:interest_offer", lambda w: {"pk": w("event").pk, "interest_pk": w("interest").pk}, get=POST_ONLY,
      post=rules(may=("offer_replication", "interest"))),
]
