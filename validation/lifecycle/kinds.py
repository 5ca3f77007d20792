"""Deadline kinds of a practice's life after publication (issue 21, SPEC §10), registered in
``ValidationConfig.ready()``. Their overdue actions are set there by the module that acts on them."""

from smarteka.deadlines.registry import register_kind

ACTUALIZATION_REQUESTED = "actualization_requested"  # F-DL-2 (4.5.4): 5 working days, on the practice
ACTUALIZATION_YEARLY = "actualization_yearly"  # F-DL-8 (4.5.1): a year after publication / last actualization
NO_REPLICATION_YEAR = "no_replication_year"  # F-DL-9 (4.6.1): a year without a replication request
CONTACT_UPDATE = "contact_update"  # F-DL-5, F-DL-10 (4.1.12): 14 working days / end of January, on the request
AUTHOR_SILENT = "author_silent"  # F-DL-6 (4.1.12): 14 working days of the author's silence

KINDS = (
    # code, label, remind_days_before
    (ACTUALIZATION_REQUESTED, "Актуализировать паспорт практики по запросу (5 рабочих дней, п. 4.5.4)", 2),
    (ACTUALIZATION_YEARLY, "Ежегодная актуализация практики (п. 4.5.1)", 10),
    (NO_REPLICATION_YEAR, "Год без заявок на внедрение (п. 4.6.1)", 0),
    (CONTACT_UPDATE, "Актуализировать контактные данные авторов и команд (п. 4.1.12)", 3),
    (AUTHOR_SILENT, "Автор не отвечает на обращение (14 рабочих дней, п. 4.1.12)", 0),
)


def register_kinds():
    for code, label, before in KINDS:
        register_kind(code, label, remind_days_before=before, reminded="назначенные исполнители")
