"""Replication deadlines (SPEC §10 F-DL-3, F-DL-4, F-DL-7), run by the platform's daily deadline scan
(``smarteka.deadlines.tasks``): the kinds and their overdue actions are registered here, from
``ReplicationConfig.ready``."""

from smarteka.deadlines.registry import register_kind

CONTACT = "replication_contact"   # F-DL-3: the implementation moderator contacts the recipient (5.3.1.4)
REVIEW = "replication_review"     # F-DL-4: every request is reviewed within 10 working days (5.3.2)
SILENCE = "replication_silence"   # F-DL-7: the recipient silent to the moderator for a month (5.3.3)


def _silence_overdue(deadline):
    from replication import services

    if deadline.content_object is not None:
        services.propose_refusal(deadline.content_object)


def register():
    register_kind(CONTACT, "Связаться с реципиентом (5 рабочих дней, п. 5.3.1.4)", remind_days_before=2)
    # F-DL-4 overdue is «flagged»: the deadline turns overdue (queues show it), the scan notifies the assignees
    register_kind(REVIEW, "Рассмотреть заявку на тиражирование (10 рабочих дней, п. 5.3.2)", remind_days_before=3)
    register_kind(SILENCE, "Ответить модератору внедрения (1 месяц, п. 5.3.3)", remind_days_before=5,
                  overdue_action=_silence_overdue)


register()
