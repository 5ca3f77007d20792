"""The URL matrix (issue 15 item 1), the rows of expert integrity (F-PLUS-7): tests/smarteka/test_url_matrix.py
says what is asserted and holds the resolver check."""

from tests.smarteka.url_matrix import entries_integrity
from tests.smarteka.url_matrix.runner import matrix_test, world_fixture

url_world = world_fixture(entries_integrity.ENTRIES)
test_url_answers_as_the_rules_say = matrix_test(entries_integrity.ENTRIES)
