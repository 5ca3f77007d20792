"""What a passport must satisfy before it is submitted (F-PASS-4, 2.1.5, 4.1.6–4.1.7, 4.3.1, SPEC §5).

``submission_problems(practice)`` returns every unmet condition at once, as Russian sentences, so the
refusal lists them all in one message. The section, materials and team checks of the passport parts
are imported when present (``practices.completeness*``); the small fallbacks below keep this module
working on its own.
"""

from django.utils import timezone

from practices.models import MaterialKind, Rating, SubmissionWindow, TeamMember, Track

# F-PASS-1 fields a submitted passport must have: (attribute, Russian label)
REQUIRED_FIELDS = [
    ("title", "название практики"),
    ("goal", "цель практики"),
    ("tasks", "задачи практики"),
    ("essence", "суть практики"),
    ("audience_main", "главные целевые аудитории"),
    ("results_main", "главные результаты"),
    ("category", "категория"),
    ("organisation_name", "название организации"),
    ("organisation_type", "тип организации"),
    ("region", "регион-автор"),
    ("implementation_year", "год реализации практики"),
    ("cost_range", "стоимость реализации"),
    ("roadmap_steps", "основные шаги плана реализации"),
    ("months_to_launch", "срок запуска практики в месяцах"),
    ("specifics", "особенности, которые нужно учесть при внедрении"),
    ("support_offered", "поддержка, кроме консультационной, при внедрении"),
]

REQUIRED_MATERIALS = [
    MaterialKind.NORMATIVE_ACT, MaterialKind.SAMPLE_DOCUMENT, MaterialKind.ROADMAP, MaterialKind.PRESENTATION,
]

CONFIRMATIONS = [
    ("confirms_criteria", "о соответствии практики критериям п. 2.1.5 Регламента"),
    ("confirms_accuracy", "о достоверности сведений (п. 4.1.6)"),
    ("confirms_consulting", "о готовности оказывать консультационную помощь (п. 4.1.7)"),
]

# ratings whose practices are accepted only in the windows of 4.3.1 (F-REF-6)
WINDOW_RATING_KINDS = (Rating.Kind.INVESTMENT, Rating.Kind.QUALITY_OF_LIFE)

MIN_TEAM = 3

AGENCY_LETTER_NOTE = ("Письмо-запрос Агентства ещё не загружено: письмо-запрос Агентства загружает "
                      "региональный координатор.")


def person_name(user):
    full = " ".join(p for p in (user.last_name, user.first_name, user.middle_name) if p)
    return full or user.email


def _empty(value):
    if value is None or value == "":
        return True
    if isinstance(value, (list, tuple)):
        return not [v for v in value if str(v).strip()]
    if isinstance(value, str):
        return not value.strip()
    return False


def _join(items):
    return ", ".join(str(i) for i in items)


def joined_team_users(practice):
    """Users of the joined team (invitations not yet accepted do not count), the author first."""
    users = [practice.author]
    members = (TeamMember.objects.filter(practice=practice, user__isnull=False, joined_at__isnull=False)
               .select_related("user").order_by("pk"))
    for member in members:
        if member.user_id != practice.author_id:
            users.append(member.user)
    return users


# --- the parts


def _fields_problems(practice):
    missing = [label for name, label in REQUIRED_FIELDS if _empty(getattr(practice, name))]
    if practice.pk:
        methods = list(practice.implementation_methods.all())
        if not methods:
            missing.append("способы внедрения практики в другом регионе")
        elif any(m.is_other for m in methods) and not practice.implementation_method_other.strip():
            missing.append("свой вариант способа внедрения («Другое»)")
        if not practice.results.exists():
            missing.append("количественные результаты (значения до и после)")
    return [f"Не заполнены обязательные поля паспорта: {_join(missing)}."] if missing else []


def _materials_problems(practice):
    kinds = set(practice.materials.values_list("kind", flat=True)) if practice.pk else set()
    required = list(REQUIRED_MATERIALS)
    if practice.is_leader_project:
        required.append(MaterialKind.DEPUTY_GOVERNOR_LETTER)
    missing = [f"«{kind.label}»" for kind in required if kind not in kinds]
    if not practice.cover_id:
        missing.append("обложка карточки практики")
    return [f"Не загружены обязательные материалы: {_join(missing)}."] if missing else []


def _profile_problem(user, who):
    missing = user.profile_missing()
    if not missing:
        return None
    return f"Профиль {who} {person_name(user)} заполнен не полностью: не указаны {_join(missing)}."


def _team_problems(practice):
    problems = []
    users = joined_team_users(practice)
    if len(users) < MIN_TEAM:
        problems.append(f"В команде практики {len(users)} чел. вместе с автором, нужно не менее {MIN_TEAM} "
                        "(участники, ещё не принявшие приглашение, не учитываются).")
    for user in users[1:]:
        problem = _profile_problem(user, "участника команды")
        if problem:
            problems.append(problem)
    return problems


def window_ratings(practice):
    """The investment and quality-of-life ratings the practice's indicators belong to (4.3.1)."""
    if not practice.pk:
        return []
    return list(Rating.objects.filter(indicators__practices=practice, kind__in=WINDOW_RATING_KINDS)
                .distinct().order_by("order", "name"))


def _window_problems(practice, today):
    problems = []
    for rating in window_ratings(practice):
        if SubmissionWindow.open_for(rating, today) is not None:
            continue
        upcoming = (SubmissionWindow.objects.filter(rating=rating, opens__gt=today).order_by("opens").first())
        sentence = (f"Практики, влияющие на показатели рейтинга «{rating.name}», принимаются только в течение "
                    f"трёх месяцев после официальной публикации его итогов (п. 4.3.1): на "
                    f"{today:%d.%m.%Y} окно приёма закрыто")
        if upcoming:
            sentence += f"; ближайшее окно — с {upcoming.opens:%d.%m.%Y} по {upcoming.closes:%d.%m.%Y}"
        problems.append(sentence + ".")
    return problems


def _track_problems(practice):
    if practice.track == Track.STATE_COUNCIL:
        if not practice.pk or not practice.materials.filter(kind=MaterialKind.STATE_COUNCIL_LETTER).exists():
            return [f"Для подачи по рекомендации комиссии Госсовета или профильного ФОИВ загрузите материал "
                    f"«{MaterialKind.STATE_COUNCIL_LETTER.label}» (п. 3.2)."]
    return []


def submission_problems(practice, *, today=None, window=True):
    """Every unmet condition of F-PASS-4, as Russian sentences; an empty list means «may be submitted».

    ``window=False`` skips the submission-window rule (a resubmission after revision, choice)."""
    today = today or timezone.localdate()
    problems = []

    problem = _profile_problem(practice.author, "автора")
    if problem:
        problems.append(problem)
    problems += _team_problems(practice)
    problems += _fields_problems(practice)
    problems += _materials_problems(practice)

    if not practice.pk or not practice.rating_indicators.exists():
        problems.append("Не выбран ни один показатель рейтингов Агентства, на который практика оказывает "
                        "прямое влияние (п. 4.1.4–4.1.5).")
    if practice.organisation_type_id and not practice.organisation_type.may_author:
        problems.append(f"Организация типа «{practice.organisation_type.name}» не может быть автором практики: "
                        "автором может быть только исполнительный орган субъекта Российской Федерации "
                        "или подведомственная ему организация (п. 2.1.5, подп. 3).")
    earliest = today.year - 3
    if practice.implementation_year and practice.implementation_year < earliest:
        problems.append(f"Практика реализована в {practice.implementation_year} году, а принимаются практики, "
                        f"реализованные не ранее {earliest} года — не ранее трёх лет до года публикации "
                        "(п. 2.1.5, подп. 1).")
    if window:
        problems += _window_problems(practice, today)
    missing = [label for name, label in CONFIRMATIONS if not getattr(practice, name)]
    if missing:
        problems.append(f"Не даны подтверждения: {_join(missing)}.")
    problems += _track_problems(practice)
    return problems


def submission_notes(practice, *, today=None):
    """What does not block the submission but the author should know (F-TRACK-1, F-TRACK-3)."""
    today = today or timezone.localdate()
    notes = []
    if practice.track == Track.REGIONAL_INITIATIVE and not practice.region.is_leader(today.year):
        notes.append(f"Регион «{practice.region.name}» не входит в реестр регионов-лидеров {today.year} года: "
                     "Агентство вправе отказать в рассмотрении заявки (п. 3.1.2).")
    if practice.track == Track.AGENCY_REQUEST and not (
            practice.pk and practice.materials.filter(kind=MaterialKind.AGENCY_LETTER).exists()):
        notes.append(AGENCY_LETTER_NOTE)
    return notes
