"""Matrix rows of point-by-point revision (F-PLUS-8, issue 20 item 2): the team's revision page (answers,
sending the revised practice) and the reviewer's page of points (resolve or reopen)."""

from practices.models import Practice, PracticeState, RevisionPoint
from practices.services import resubmit_practice
from tests.factories import answer_revision_points
from tests.smarteka.url_matrix.expect import E, pk, rules
from tests.smarteka.url_matrix.world import _practice, builder
from validation import services


@builder("points_back")
def _points_back(w):
    """A practice the coordinator returned with a point, answered by the author and resubmitted: back in
    regional review, its point awaiting the coordinator's decision."""
    practice = _practice(PracticeState.REGIONAL_REVIEW)(w)  # its own practice: the world's stay as they are
    practice = services.return_for_revision(practice, by=w("coordinator"), comment="Уточните цель")
    answer_revision_points(practice)
    return resubmit_practice(Practice.objects.get(pk=practice.pk), by=w("author"))


def _point(w, name):
    return RevisionPoint.objects.filter(practice=w(name)).order_by("-number").first()


SEE = ("view_practice", "revision")
ENTRIES = [
    E("practices:revision", pk("revision"), get=rules(see=SEE, may=("view_practice_versions", "revision")),
      post=rules(see=SEE, may=[("view_practice_versions", "revision"), ("answer_revision_points", "revision")]),
      data=lambda w: {f"answer-{_point(w, 'revision').pk}": "Исправлено в паспорте", "save": "1"}),
    E("validation:revision_points", pk("points_back"),
      get=rules(see=("view_practice", "points_back"), may=("review_practice", "points_back")),
      post=rules(see=("view_practice", "points_back"),
                 may=[("review_practice", "points_back"), ("resolve_revision_points", "points_back")]),
      data=lambda w: {f"decision-{_point(w, 'points_back').pk}": "resolved"}),
]
