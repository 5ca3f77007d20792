"""Matrix rows of expert integrity (F-PLUS-7, issue 20 item 1): the invited expert's declaration of competing
interests and the expert-moderator's one-click replacement of a declined or overdue expert from the pool."""

from experts import services as expert_services
from smarteka.roles.models import Role
from tests.conftest import _user
from tests.experts.conftest import CRITERIA_OK
from tests.smarteka.url_matrix.expect import POST_ONLY, E, pk, rules
from tests.smarteka.url_matrix.world import builder
from validation.expert_review.services import invite_expert


def _pool_expert(w, email, last_name):
    user = _user(email, None, Role.EXPERT, category=w("category_a"))
    user.last_name = last_name
    user.save(update_fields=["last_name"])
    expert_services.add_member(expert_services.pool_for(w("category_a")), user, by=w("asi"), criteria=CRITERIA_OK,
                               basis="Список структурного подразделения")
    return user


@builder("declined_invitation")
def _declined_invitation(w):
    """An expert of category A declined evaluating the practice under expert review; a third pool member is
    there to replace them (F-PLUS-7)."""
    w("invitation")
    declined = _pool_expert(w, "expert-declined@example.ru", "Отказов")
    _pool_expert(w, "expert-spare@example.ru", "Запасной")
    invitation = invite_expert(w("expert_review"), declined, by=w("expert_moderator"))
    return expert_services.decline_invitation(invitation, by=declined, reason="Болезнь")


ENTRIES = [
    E("experts:declare", pk("invitation"), get=POST_ONLY,
      post=rules(see=("view_evaluation", "invitation"), may=("declare_interests", "invitation")),
      data=lambda w: {"conflict": "no"}),
    E("expert_review:replace", pk("declined_invitation"), get=POST_ONLY,
      post=rules(see=("view_evaluation", "declined_invitation"), may=("replace_expert", "declined_invitation"))),
]
