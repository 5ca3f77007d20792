"""The registry of deadline kinds (F-DL-1 … F-DL-10 register theirs from their own apps' ready())."""

from collections.abc import Callable
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class DeadlineKind:
    code: str
    label: str
    remind_days_before: int = 2
    # who is reminded: a callable(deadline) -> users, or a text describing the role (then the
    # deadline's assignees are reminded); the overdue notice also goes to escalate_to
    reminded: Callable | str | None = None
    # called once, inside the scan's transaction, when the deadline becomes overdue: f(deadline)
    overdue_action: Callable | None = None

    def recipients(self, deadline):
        if callable(self.reminded):
            return list(self.reminded(deadline))
        return list(deadline.assignees.all())


_kinds: dict[str, DeadlineKind] = {}


def register_kind(code, label, *, remind_days_before=2, reminded=None, overdue_action=None):
    """Register (or re-register, e.g. in tests) a kind of deadline; returns it."""
    if remind_days_before < 0:
        raise ValueError("remind_days_before must be ≥ 0")
    kind = DeadlineKind(code, label, remind_days_before, reminded, overdue_action)
    _kinds[code] = kind
    return kind


def set_overdue_action(code, action):
    """Give a registered kind its overdue action from the app that runs the stage the clock belongs to
    (a higher app than the kind's owner: the practice's revision clock is acted on by validation)."""
    kind = get_kind(code)
    if kind.overdue_action not in (None, action):
        raise RuntimeError(f"deadline kind {code!r} already has an overdue action")
    _kinds[code] = replace(kind, overdue_action=action)


def get_kind(code):
    try:
        return _kinds[code]
    except KeyError:
        raise LookupError(f"Unknown deadline kind {code!r}; register it with register_kind()")


def all_kinds():
    return dict(_kinds)


# A demo kind for tests and the demo data.
register_kind("generic", "Срок исполнения", remind_days_before=2, reminded="назначенные исполнители")
