"""Versions of a passport and what changed since a reviewer's last look (F-PASS-5).

A snapshot is an ordered JSON object ``{key: {"label": Russian label, "value": str | list[str]}}``;
values are plain text so that old versions read the same after reference data are renamed.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max

from practices.models import Practice, PracticeVersion, TeamMember, VersionSeen


def _text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    return str(value)


def _date(d):
    return f"{d:%d.%m.%Y}" if d else ""


def _number(n):
    return format(n.normalize(), "f") if n is not None else ""


def _result_line(r):
    unit = f" {r.unit}" if r.unit else ""
    before = f"{_number(r.value_before)}{unit}" + (f" ({_date(r.date_before)})" if r.date_before else "")
    after = f"{_number(r.value_after)}{unit}" + (f" ({_date(r.date_after)})" if r.date_after else "")
    line = f"{r.indicator}: до — {before}, после — {after}"
    return line + (f"; источник: {r.source}" if r.source else "")


def _material_line(m):
    where = m.file.original_name if m.file_id else m.url
    title = f"{m.title} — " if m.title else ""
    return f"{m.get_kind_display()}: {title}{where}"


def _member_line(member):
    if member.user_id:
        u = member.user
        name = " ".join(p for p in (u.last_name, u.first_name, u.middle_name) if p) or u.email
    else:
        name = f"{member.invited_email} (приглашение)"
    extras = [member.role_in_team] if member.role_in_team else []
    if member.is_mentor:
        extras.append("наставник")
    return name + (f" — {', '.join(extras)}" if extras else "")


def snapshot(practice):
    """Every passport field of ``practice`` in a JSON-able form with Russian labels."""
    p = practice
    f = Practice._meta.get_field

    def label(name):
        return str(f(name).verbose_name)

    data = {}

    def put(key, lbl, value):
        data[key] = {"label": lbl, "value": value}

    put("track", "Трек подачи", p.get_track_display())
    for name in ("title", "goal"):
        put(name, label(name), _text(getattr(p, name)))
    put("tasks", label("tasks"), [_text(t) for t in p.tasks])
    for name in ("essence", "audience_main", "audience_secondary", "results_main", "results_additional"):
        put(name, label(name), _text(getattr(p, name)))
    put("results", "Количественные результаты (до и после)", [_result_line(r) for r in p.results.all()])
    put("category", label("category"), _text(p.category))
    put("rating_indicators", label("rating_indicators"),
        [f"{i.rating.name}: {i}" for i in p.rating_indicators.select_related("rating")
         .order_by("rating__order", "order", "code")])
    put("organisation_type", label("organisation_type"), _text(p.organisation_type))
    put("organisation_name", label("organisation_name"), _text(p.organisation_name))
    put("cover", label("cover"), p.cover.original_name if p.cover_id else "")
    put("region", label("region"), _text(p.region))
    put("implemented_regions", label("implemented_regions"),
        [r.name for r in p.implemented_regions.order_by("name")])
    put("implementation_year", label("implementation_year"), _text(p.implementation_year))
    put("is_leader_project", label("is_leader_project"), _text(p.is_leader_project))
    put("cost_range", label("cost_range"), _text(p.cost_range))
    put("implementation_methods", label("implementation_methods"),
        [m.name for m in p.implementation_methods.order_by("order", "name")])
    put("implementation_method_other", label("implementation_method_other"), _text(p.implementation_method_other))
    put("roadmap_steps", label("roadmap_steps"), [_text(s) for s in p.roadmap_steps])
    put("normative_acts", label("normative_acts"), _text(p.normative_acts))
    put("third_parties", "Сторонние организации, условия взаимодействия и зоны ответственности",
        [f"{t.name}: условия — {t.terms}; зона ответственности — {t.responsibility}"
         for t in p.third_parties.all()])
    put("months_to_launch", label("months_to_launch"), _text(p.months_to_launch))
    put("specifics", label("specifics"), _text(p.specifics))
    put("support_offered", label("support_offered"), _text(p.support_offered))
    put("level", label("level"), p.get_level_display() if p.level else "")
    put("materials", "Материалы", [_material_line(m) for m in p.materials.select_related("file")])
    put("team", "Команда практики",
        [_member_line(m) for m in TeamMember.objects.filter(practice=p).select_related("user")])
    for name in ("confirms_criteria", "confirms_accuracy", "confirms_consulting"):
        put(name, label(name), _text(getattr(p, name)))
    return data


def diff(old, new):
    """``[(label, old value, new value)]`` for every field that differs, in the new snapshot's order
    (fields only in the old snapshot come last)."""
    old, new = old or {}, new or {}
    changes = []
    for key in list(new) + [k for k in old if k not in new]:
        o, n = old.get(key), new.get(key)
        o_value = o["value"] if o else ""
        n_value = n["value"] if n else ""
        if o_value != n_value:
            changes.append(((n or o)["label"], o_value, n_value))
    return changes


def create_version(practice, *, by):
    """Store the passport as it is now as the next version (call inside the submitting transaction)."""
    number = (PracticeVersion.objects.filter(practice=practice).aggregate(m=Max("number"))["m"] or 0) + 1
    return PracticeVersion.objects.create(practice=practice, number=number, data=snapshot(practice), created_by=by)


def latest_version(practice):
    return PracticeVersion.objects.filter(practice=practice).order_by("-number").first()


def mark_seen(practice, user, version=None):
    """Remember that ``user`` has seen ``version`` (the newest by default)."""
    version = version or latest_version(practice)
    if version is None or user is None or not user.is_authenticated:
        return None
    with transaction.atomic():
        seen, _ = VersionSeen.objects.update_or_create(practice=practice, user=user,
                                                       defaults={"version": version})
    return seen


@dataclass
class SinceLastSeen:
    latest: PracticeVersion | None
    seen: PracticeVersion | None  # the version the viewer last saw, None on a first look
    changes: list = field(default_factory=list)

    @property
    def is_first_look(self):
        return self.seen is None

    @property
    def is_up_to_date(self):
        return self.seen is not None and self.latest is not None and self.seen.pk == self.latest.pk


def diff_since_last_seen(practice, user):
    latest = latest_version(practice)
    seen = (VersionSeen.objects.filter(practice=practice, user=user).select_related("version").first()
            if user is not None and user.is_authenticated else None)
    seen_version = seen.version if seen else None
    changes = []
    if latest is not None and seen_version is not None and seen_version.pk != latest.pk:
        changes = diff(seen_version.data, latest.data)
    return SinceLastSeen(latest=latest, seen=seen_version, changes=changes)
