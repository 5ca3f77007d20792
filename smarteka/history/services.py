"""The transition log (F-VAL-8): services write it inside their transaction, pages read it.

    old = practice.state
    practice.submit(); practice.save()
    history.record(practice, by=by, old=old, action="submit", comment=comment, files=[protocol])

Showing it is the caller's permission question: render ``history/_history.html`` only when
``can(user, "view_history", obj)`` — each domain app registers the ``view_history`` rule for its
own models (one rule per action, so it dispatches on the object's type).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F

from smarteka.history.models import Transition


def state_labels(obj, field="state"):
    """``{code: Russian name}`` from the model's ``choices`` of its state field, or ``{}``."""
    try:
        choices = obj._meta.get_field(field).choices
    except Exception:  # no such field
        return {}
    labels = {}
    for value, label in choices or ():
        if isinstance(label, (list, tuple)):  # grouped choices
            labels.update({str(v): str(lbl) for v, lbl in label})
        else:
            labels[str(value)] = str(label)
    return labels


def record(obj, *, by, old, new=None, action="", comment="", files=(), labels=None, state_field="state"):
    """Write one transition of ``obj`` from ``old`` to ``new`` (default: ``obj.<state_field>`` now).

    ``by`` is the acting user (None for the system: deadlines, periodic tasks); ``files`` are
    ``StoredFile`` rows (``None`` entries are skipped); ``labels`` maps state codes to Russian names
    and defaults to the choices of the model's state field. Call it inside the service's
    ``transaction.atomic()``.
    """
    if new is None:
        new = getattr(obj, state_field)
    if labels is None:
        labels = state_labels(obj, state_field)
    old = "" if old is None else str(old)
    new = str(new)
    transition = Transition.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        by=by if by is not None and by.is_authenticated else None,
        from_state=old,
        to_state=new,
        from_label=str(labels.get(old, old)) if old else "",
        to_label=str(labels.get(new, new)),
        action=action or "",
        comment=comment or "",
    )
    attachments = [f for f in files or () if f is not None]
    if attachments:
        transition.files.add(*attachments)
    return transition


def history_for(obj):
    """All transitions of ``obj``, oldest first, with who and attachments loaded (two queries)."""
    return (
        Transition.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
        .select_related("by")
        .prefetch_related("files")
        .order_by("at", "pk")
    )


def last_transition(obj, to_state=None, *, exclude_from=()):
    """The latest transition of ``obj`` — into ``to_state`` when given, skipping those that came
    from a state in ``exclude_from`` — with who made it loaded; None when there is none.
    ``last_transition(practice, PracticeState.REVISION).by`` is who returned it for revision. A record
    inside the state (``from_state == to_state``: a comment, the team's answers to revision points) is
    not a transition into it."""
    rows = Transition.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
    if to_state is not None:
        rows = rows.filter(to_state=to_state).exclude(from_state=to_state)
    if exclude_from:
        rows = rows.exclude(from_state__in=list(exclude_from))
    return rows.select_related("by").order_by("-at", "-pk").first()


def last_transitions(objs, to_states):
    """``{(obj.pk, to_state): the latest transition into it}`` for objects of one model, in one query
    (a list page showing who decided, issue 14 item 7)."""
    objs = list(objs)
    if not objs:
        return {}
    rows = (Transition.objects.filter(content_type=ContentType.objects.get_for_model(objs[0]),
                                      object_id__in=[o.pk for o in objs], to_state__in=list(to_states))
            .exclude(from_state=F("to_state")).select_related("by").order_by("at", "pk"))
    return {(row.object_id, row.to_state): row for row in rows}  # later rows overwrite earlier ones
