"""What the practice team still lacks (F-ACC-4, 2.1.5 p.5) — the one place that decides it.

The team page shows ``team_missing()`` and the submission (F-PASS-4) lists the same sentences."""

MIN_TEAM = 3


def prefetched(instance, name):
    """True when ``instance.<name>.all()`` is already in memory (prefetch_related)."""
    return name in getattr(instance, "_prefetched_objects_cache", {})


def _joined(practice):
    # a member with a user has joined (added directly, or registered through the invitation); an
    # invitation not yet accepted has no user
    return practice.team.filter(user__isnull=False)


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
               else _joined(practice).select_related("user").order_by("pk"))
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
            f"не указано — {', '.join(lacks)}.")


def team_size_sentence(practice, people=None):
    """The team-under-three sentence, or None when the team is big enough."""
    people = people if people is not None else team_people(practice)
    if len(people) >= MIN_TEAM:
        return None
    text = (f"В команде {len(people)} чел. вместе с автором, а нужно не менее {MIN_TEAM} "
            f"зарегистрированных участников (п. 2.1.5 Регламента)")
    members = _prefetched_team(practice) if practice.pk else []
    pending = (sum(1 for m in members if m.user_id is None) if members is not None
               else practice.team.filter(user__isnull=True).count())
    if pending:
        text += f"; приглашений, ещё не принятых: {pending}"
    return text + "."


def team_missing(practice):
    """Russian sentences: the author's incomplete profile, a team under three people, and each
    member whose profile is incomplete — in that order."""
    people = team_people(practice)
    sentences = [profile_sentence(people[0], practice), team_size_sentence(practice, people)]
    sentences += [profile_sentence(person, practice) for person in people[1:]]
    return [s for s in sentences if s]
