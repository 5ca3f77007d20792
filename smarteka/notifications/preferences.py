"""Notification settings (F-PLUS-9): which group a notice kind belongs to, how each user wants each group
delivered («сразу на почту» / «ежедневная сводка» / «только на платформе»), which e-mails cannot be switched
off, and the signed one-click unsubscribe link.

Groups (choice: the regulation is silent; the kinds are those the apps pass to ``notify``):

* ``review`` — «Рассмотрение практик»: validation transitions, packaging, expert evaluation, actualization,
  archiving, author replacement, contacts, selections, roles — every kind not named below;
* ``deadlines`` — «Сроки»: reminders and overdue notices of the deadline engine (``deadline_*``), the overdue
  revision (``practice_revision_overdue``), the production calendar reminder;
* ``replication`` — «Тиражирование»: ``replication_*``;
* ``digest`` — «Сводки и списки»: summaries passed on by people (the curator's interest summary, the experts'
  pool list);
* ``subscriptions`` — «Подписки и объявления»: announcements sent to everyone who may take part (a selection
  announced, 3.2.6) and kinds starting with ``subscription``.

Mandatory e-mails (``MANDATORY_KINDS``) always go out at once, whatever the setting:

* ``practice_revision`` — the return for revision: the author's 5 working days run «с момента поступления
  соответствующего уведомления на почту автору практики» (4.1.9), so the clock needs the e-mail
  (``validation.services.start_revision_clock_on_email``).

Choice: this is the only notice the regulation ties to an e-mail to the user. The other e-mails it names go
outside the notices: the e-mail verification at registration (4.1.1) and the team invitation to a person not
yet registered (Прил.2) are the accounts' own letters; the contacts request of 4.2.x and the archiving letter
of 4.2.1.5 are written by people, not by the platform."""

from django.core import signing

from smarteka.notifications.models import EmailMode, NotificationSetting

GROUPS = [
    ("review", "Рассмотрение практик",
     "Подача, проверка, упаковка, экспертная оценка, доработка, публикация, отборы, роли."),
    ("deadlines", "Сроки", "Напоминания о сроках и просроченные действия."),
    ("replication", "Тиражирование", "Заявки на внедрение, переписка, документы и отчёты."),
    ("digest", "Сводки и списки", "Сводки о заинтересованности регионов, списки экспертов."),
    ("subscriptions", "Подписки и объявления", "Объявления об отборах практик и другие рассылки."),
]
GROUP_LABELS = {key: label for key, label, _ in GROUPS}

MANDATORY_KINDS = frozenset({"practice_revision"})

_DEADLINE_KINDS = frozenset({"practice_revision_overdue", "calendar_unconfirmed"})
_DIGEST_KINDS = frozenset({"replication_interest_summary", "experts.pool_list"})
_SUBSCRIPTION_KINDS = frozenset({"selection_announced"})

UNSUBSCRIBE_SALT = "smarteka.notifications.unsubscribe"


def group_of(kind):
    """The settings group of a notice kind (see the module docstring)."""
    if kind in _DEADLINE_KINDS or kind.startswith("deadline_"):
        return "deadlines"
    if kind in _DIGEST_KINDS:
        return "digest"
    if kind in _SUBSCRIPTION_KINDS or kind.startswith("subscription"):
        return "subscriptions"
    if kind.startswith("replication_"):
        return "replication"
    return "review"


def is_mandatory(kind):
    return kind in MANDATORY_KINDS


def modes_of(user_ids):
    """{(user_id, group): mode} of the users' saved settings (one query); missing means IMMEDIATE."""
    if not user_ids:
        return {}
    return {(user_id, group): mode for user_id, group, mode in NotificationSetting.objects.filter(
        user_id__in=user_ids).values_list("user_id", "group", "mode")}


def user_modes(user):
    """{group: mode} for every group, defaults filled in."""
    saved = modes_of([user.pk])
    return {key: saved.get((user.pk, key), EmailMode.IMMEDIATE) for key, _, _ in GROUPS}


def set_modes(user, modes):
    """Save {group: mode} for the user (unknown groups ignored)."""
    for group, mode in modes.items():
        if group in GROUP_LABELS:
            NotificationSetting.objects.update_or_create(user=user, group=group, defaults={"mode": mode})


def unsubscribe_token(user, groups):
    """A signed token naming the user and the groups an e-mail came from (no expiry: choice — an
    unsubscribe link must keep working in an old letter)."""
    return signing.dumps({"u": user.pk, "g": sorted(set(groups))}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """(user_id, [groups]) of a token; signing.BadSignature when tampered with or malformed."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    try:
        user_id, groups = int(data["u"]), [g for g in data["g"] if g in GROUP_LABELS]
    except (KeyError, TypeError, ValueError) as exc:
        raise signing.BadSignature("malformed unsubscribe token") from exc
    if not groups:
        raise signing.BadSignature("no groups in the unsubscribe token")
    return user_id, groups
