"""Every registered rule is covered by a permission-matrix test (F-ROLE-1, STYLE 8; issue 13, «Must show»).

Each matrix module exposes ``COVERED_ACTIONS``, the rules its cases put to every named user; a rule
registered with ``@rule`` (``smarteka.permissions.registered_actions()``) that no matrix covers fails
here, listed by name. Cover it by adding a case to the matrix of its app, not by allow-listing it."""

import pytest

from smarteka.permissions import registered_actions
from tests.experts import test_permission_matrix as experts_matrix
from tests.practices import test_permission_matrix as practices_matrix
from tests.regions import test_permission_matrix as regions_matrix
from tests.regions import test_quarterly_matrix as quarterly_matrix
from tests.replication import test_permissions as replication_matrix
from tests.replication import test_rule_matrix as replication_rules
from tests.replication import test_summary_rule_matrix as summary_matrix
from tests.smarteka import test_accounts_permission_matrix as accounts_matrix
from tests.smarteka import test_roles as roles_matrix
from tests.validation import test_actualization_matrix as actualization_matrix
from tests.validation import test_archiving_matrix as archiving_matrix
from tests.validation import test_permission_matrix as validation_matrix
from tests.validation import test_revision_points_matrix as revision_points_matrix
from tests.validation import test_rule_matrix as validation_rules
from tests.validation import test_stewardship_matrix as stewardship_rules

pytestmark = pytest.mark.django_db  # reads no rows; the session's reference-data fixture needs the test database

MATRICES = [validation_matrix, validation_rules, replication_matrix, replication_rules, practices_matrix,
            experts_matrix, roles_matrix, regions_matrix, accounts_matrix, archiving_matrix,
            actualization_matrix, stewardship_rules, quarterly_matrix, summary_matrix, revision_points_matrix]

# Rules that are not a «may user U do A to object O» question of their own: none so far. An entry needs a
# comment saying why; keep the list as short as possible.
NOT_A_PERMISSION_QUESTION = set()


def _covered():
    return set().union(*(module.COVERED_ACTIONS for module in MATRICES))


def test_f_role_1_every_registered_rule_is_covered_by_a_permission_matrix():
    uncovered = set(registered_actions()) - _covered() - NOT_A_PERMISSION_QUESTION
    assert uncovered == set(), (
        f"{len(uncovered)} rule(s) no permission-matrix test covers — add a case to the matrix of the rule's app "
        "(tests/<app>/test_permission_matrix.py) and its action to that module's COVERED_ACTIONS:\n  "
        + "\n  ".join(sorted(uncovered)))


def test_f_role_1_matrices_name_only_registered_rules():
    """A renamed or removed rule must not stay «covered» by a stale name."""
    unknown = (_covered() | NOT_A_PERMISSION_QUESTION) - set(registered_actions())
    assert unknown == set(), "COVERED_ACTIONS name rules nobody registers: " + ", ".join(sorted(unknown))
