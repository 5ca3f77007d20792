"""The URL matrix (issue 15 item 1), its workflow rows: validation, selections, archiving, stewardship,
actualization, expert pools and review, replication — tests/smarteka/test_url_matrix.py says what is asserted
and holds the resolver check; a module of its own so that ``make test``'s two workers share the requests."""

from tests.smarteka.url_matrix import entries_workflow
from tests.smarteka.url_matrix.runner import matrix_test, world_fixture

url_world = world_fixture(entries_workflow.ENTRIES)
test_url_answers_as_the_rules_say = matrix_test(entries_workflow.ENTRIES)
