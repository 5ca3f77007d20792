"""What the practice team still lacks (F-ACC-4, 2.1.5 p.5) — the one place that decides it."""

MIN_TEAM = 3


def team_people(practice):
    """The author first, then every joined member (invitations not yet accepted are not people yet)."""
    people = [practice.author]
    seen = {practice.author_id}
    for member in practice.team.select_related("user").filter(user__isnull=False).order_by("pk"):
        if member.user_id not in seen:
            seen.add(member.user_id)
            people.append(member.user)
    return people


def team_missing(practice):
    """Russian sentences: team under three people, and each person whose profile is incomplete."""
    problems = []
    people = team_people(practice)
    if len(people) < MIN_TEAM:
        pending = practice.team.filter(user__isnull=True).count()
        text = (f"В команде {len(people)} чел. вместе с автором, а нужно не менее {MIN_TEAM} "
                f"зарегистрированных участников (п. 2.1.5 Регламента)")
        if pending:
            text += f"; приглашений, ещё не принятых: {pending}"
        problems.append(text + ".")
    for person in people:
        lacks = person.profile_missing()
        if lacks:
            name = person.full_name or person.email
            problems.append(f"Профиль участника «{name}» заполнен не полностью: не указано — {', '.join(lacks)}.")
    return problems
