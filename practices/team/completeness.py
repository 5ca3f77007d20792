"""What the practice team still lacks (F-ACC-4, 2.1.5 p.5, 1.9) — the one place that decides it.

The team page shows ``team_missing()`` and the submission (F-PASS-4) lists the same sentences.

Where the organisation rule of 1.9 is checked (issue 13 item 15, choice): «Команда практики –
пользователи «Смартеки», являющиеся сотрудниками исполнительного органа субъекта Российской Федерации
по сфере ведения или подведомственной ему организации» (the author likewise, 1.9 and 2.1.5 p.3). The
regulation states what the team *is* when the practice is put forward, and the submission is where the
author confirms the practice meets 2.1.5 (4.1.6) — so it is checked here, at submission (and on
resubmission), as a problem naming the person and their organisation type, and shown on the team page
from the moment the member joins. It is not a refusal when adding a member: an invited person has no
profile yet (Прил.2 item 19 lets the author invite by e-mail), and a member may still correct their
profile before the submission. The type is the person's profile field ``organisation_type``; the types
of a regional executive body or its subordinate organisation are those with ``may_author``
(``OrganisationType``, seeded in migration 0003). A member whose type is not filled in is named by the
profile sentence instead."""

from smarteka.text import missing_list, plural

MIN_TEAM = 3


def prefetched(instance, name):
    """True when ``instance.<name>.all()`` is already in memory (prefetch_related)."""
    return name in getattr(instance, "_prefetched_objects_cache", {})


def _joined(practice):
    # a member with a user has joined (added directly, or registered through the invitation); an
    # invitation not yet accepted has no user
    return practice.team.filter(user__isnull=False).select_related("user__organisation_type")


def _prefetched_team(practice):
    """Every TeamMember of the practice when prefetched (with users, by pk), else None."""
    return list(practice.team.all()) if prefetched(practice, "team") else None


def team_people(practice):
    """The author first, then every joined member (invitations not yet accepted are not people yet)."""
    people = [practice.author]
    seen = {practice.author_id}
    if practice.pk is None:
        return people
    members = _prefetched_team(practice)
    members = ([m for m in members if m.user_id] if members is not None
               else _joined(practice).order_by("pk"))
    for member in members:
        if member.user_id not in seen:
            seen.add(member.user_id)
            people.append(member.user)
    return people


def profile_sentence(person, practice):
    """«Профиль автора / участника команды «ФИО» заполнен не полностью: …», or None when complete."""
    lacks = person.profile_missing()
    if not lacks:
        return None
    who = "автора" if person.pk == practice.author_id else "участника команды"
    return (f"Профиль {who} «{person.full_name or person.email}» заполнен не полностью: "
            f"не указано — {missing_list(lacks)}.")


def organisation_sentence(person, practice):
    """«Участник команды «ФИО» — сотрудник организации типа «…»: …» when the person's organisation is
    not a regional executive body or its subordinate organisation (1.9), else None."""
    kind = person.organisation_type if person.organisation_type_id else None
    if kind is None or kind.may_author:
        return None
    who = "Автор практики" if person.pk == practice.author_id else "Участник команды"
    return (f"{who} «{person.full_name or person.email}» — сотрудник организации типа «{kind.name}»: "
            "в команду практики входят только сотрудники исполнительного органа субъекта Российской "
            "Федерации или подведомственной ему организации (п. 1.9 Регламента). Замените участника "
            "или попросите его исправить тип организации в профиле.")


def team_size_sentence(practice, people=None):
    """The team-under-three sentence, or None when the team is big enough."""
    people = people if people is not None else team_people(practice)
    if len(people) >= MIN_TEAM:
        return None
    text = (f"В команде {plural(len(people), 'человек', 'человека', 'человек')} вместе с автором, а нужно не менее "
            f"{MIN_TEAM} зарегистрированных участников (п. 2.1.5 Регламента)")
    members = _prefetched_team(practice) if practice.pk else []
    pending = (sum(1 for m in members if m.user_id is None) if members is not None
               else practice.team.filter(user__isnull=True).count())
    if pending:
        text += f"; приглашений, ещё не принятых: {pending}"
    return text + "."


def team_missing(practice):
    """Russian sentences: the author's incomplete profile or organisation, a team under three people,
    and each member whose profile is incomplete or whose organisation is not a regional executive body
    or its subordinate organisation (1.9) — in that order."""
    people = team_people(practice)
    sentences = [profile_sentence(people[0], practice), organisation_sentence(people[0], practice),
                 team_size_sentence(practice, people)]
    for person in people[1:]:
        sentences += [profile_sentence(person, practice), organisation_sentence(person, practice)]
    return [s for s in sentences if s]
