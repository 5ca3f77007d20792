"""Point-by-point revision (F-PLUS-8): the points a reviewer returns a practice with, the team's answers,
the reviewer's decisions. Services in ``services.py``, the team's revision page in ``views.py``."""
