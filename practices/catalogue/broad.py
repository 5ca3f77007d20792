"""Broad one-word queries (issue 17 item 2)."""


def broad_match(base, query, full, exact, sort, number):
    return None
