"""Replication deadline kinds (SPEC §10 F-DL-3, F-DL-4, F-DL-7), run by the platform's daily deadline scan
(``smarteka.deadlines.tasks``). The codes live here, free of imports, so that services and the app
config both use them; ``ReplicationConfig.ready`` registers the kinds with their overdue actions."""

CONTACT = "replication_contact"   # F-DL-3: the implementation moderator contacts the recipient (5.3.1.4)
REVIEW = "replication_review"     # F-DL-4: every request is reviewed within 10 working days (5.3.2)
SILENCE = "replication_silence"   # F-DL-7: the recipient silent to the moderator for a month (5.3.3)
