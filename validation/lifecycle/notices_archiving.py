"""Who is told what about archiving (F-ARCH-1, F-DL-9, F-NOTE-1): in-app notices, e-mailed after commit.
Called inside the service's transaction."""

from practices.services import region_coordinators
from smarteka.notifications.services import notify
from smarteka.roles.models import Role
from smarteka.roles.services import holders
from validation.notices import author_and_team


def expert_moderators_of(practice):
    """Who decides on a proposal awaiting the expert-moderator: the expert-moderator the practice was routed to
    while they still hold its category; otherwise every expert-moderator of the category; without any, the ASI
    moderators (so a proposal never waits unseen)."""
    people = holders(Role.EXPERT_MODERATOR, category=practice.category_id) if practice.category_id else []
    routed = [u for u in people if u.pk == practice.expert_moderator_id]
    return routed or people or holders(Role.ASI_MODERATOR)


def proposal_awaiting(proposal):
    """F-DL-9 / F-DL-2: the daily check (or an overdue actualization request) proposed archiving; the
    expert-moderator confirms it with a ground and justification, or dismisses it."""
    practice = proposal.practice
    notify(expert_moderators_of(practice), kind="archive_proposal_awaiting", obj=proposal, requires_action=True,
           url=proposal.get_absolute_url(),
           title=f"Предложение об архивировании практики «{practice}» ждёт вашего решения",
           body=(f"{proposal.finding}\n\nОснование (п. 4.6.1 Регламента): «{proposal.ground}»\n\n"
                 "Подтвердите предложение с обоснованием — оно уйдёт модератору АСИ (п. 4.2.1.4–4.2.1.5), — "
                 "или отклоните его, если практика остаётся актуальной."))


def proposal_sent(proposal):
    """4.2.1.5: the expert-moderator «направляет письмо с обоснованием необходимости архивации практики» to
    the ASI moderator — this notice (in-app and e-mail) is that letter."""
    practice = proposal.practice
    notify(holders(Role.ASI_MODERATOR), kind="archive_proposed", obj=proposal, requires_action=True,
           url=proposal.get_absolute_url(),
           title=f"Обоснование необходимости архивации практики «{practice}»",
           body=(f"Эксперт-модератор {proposal.proposed_by} предлагает перевести практику «{practice}» "
                 f"({practice.region}) в Базу знаний.\n\nОснование (п. 4.6.1 Регламента): «{proposal.ground}»\n\n"
                 f"Обоснование:\n{proposal.justification}"))


def proposal_declined(proposal):
    """The ASI moderator declined: the expert-moderator who proposed is told why."""
    practice = proposal.practice
    people = [proposal.proposed_by] if proposal.proposed_by_id else expert_moderators_of(practice)
    notify(people, kind="archive_proposal_declined", obj=proposal, url=proposal.get_absolute_url(),
           title=f"Модератор АСИ отклонил предложение об архивировании практики «{practice}»",
           body=f"Практика остаётся в каталоге.\n\nПричина: {proposal.decision_reason}")


def practice_archived(proposal):
    """F-ARCH-1: the author, the team and the region's coordinator learn that the practice left the catalogue
    for the knowledge base, on which ground and when; the expert-moderator who proposed it too."""
    practice = proposal.practice
    people = [*author_and_team(practice), *region_coordinators(practice.region)]
    if proposal.proposed_by_id:
        people.append(proposal.proposed_by)
    notify(people, kind="practice_archived", obj=practice, url=practice.get_absolute_url(),
           title=f"Практика «{practice}» переведена в Базу знаний",
           body=(f"{practice.archived_at:%d.%m.%Y} модератор АСИ перевёл практику из основного каталога в публичный "
                 f"архив — Базу знаний (п. 4.6.1 Регламента). Её опыт доступен для изучения, новые заявки на "
                 f"внедрение не принимаются.\n\nОснование: «{practice.archive_ground}»"))


def practice_restored(practice, *, reason):
    """Issue 21 item 4: back in the catalogue."""
    people = [*author_and_team(practice), *region_coordinators(practice.region)]
    notify(people, kind="practice_restored", obj=practice, url=practice.get_absolute_url(),
           title=f"Практика «{practice}» возвращена в каталог",
           body=f"Модератор АСИ вернул практику из Базы знаний в основной каталог.\n\nПричина: {reason}")
