"""Signals of the practice's life that higher apps hear (connected in their AppConfig.ready()).

``practice_left_catalogue`` — sent (after commit) by the services that archive or delete a published
practice: ``sender=Practice, practice=..., by=<user>, state="archived"|"deleted", reason=<Russian text>``.
Replication closes or keeps the practice's open requests (issue 21: finished requests stay, open ones are
not lost).
"""

from django.dispatch import Signal

practice_left_catalogue = Signal()
