"""Who is told what when a practice moves through validation (F-NOTE-1): the default notices of each
transition (``DEFAULT_NOTICES``, sent by ``validation.services.move``), their texts, and who is concerned.

Each notice is ``f(practice, *, old, by, comment, transition)``, called inside the action's transaction
(in-app now, e-mail after commit)."""

from django.urls import reverse

from practices.models import PracticeState
from practices.services import REVISION_DEADLINE_KIND, region_coordinators, revision_sender
from smarteka.deadlines.services import open_deadlines_for
from smarteka.notifications.services import notify as send_notice
from smarteka.roles.models import Role
from smarteka.roles.services import holders
from smarteka.workcalendar.services import due_text

PUBLISHED_TITLE = "Практика опубликована для тиражирования"  # Прил.1


# --- who is concerned


def author_and_team(practice):
    team = [m.user for m in practice.team.filter(user__isnull=False).select_related("user")]
    return [practice.author, *team]


def review_url(practice):
    return reverse("validation:review", args=[practice.pk])


def author_url(practice):
    return reverse("practices:versions", args=[practice.pk])


def revision_deadline(practice):
    """The practice's open F-DL-1 revision deadline (the latest), or None."""
    return open_deadlines_for(practice, REVISION_DEADLINE_KIND).order_by("-due_on").first()


def revision_overdue(deadline):
    """F-DL-1 overdue action (4.1.9): the author did not return the revised practice within 5 working days.
    The reviewer who returned it and the ASI moderators get an action notice; the link opens the review
    page with the refusal on the ground «непредставления дополнительных материалов…» already picked."""
    practice = deadline.content_object
    if practice is None or practice.state != PracticeState.REVISION:
        return
    sender = revision_sender(practice)
    people = holders(Role.ASI_MODERATOR)
    if sender is not None and sender not in people:
        people.append(sender)
    send_notice(people, kind="practice_revision_overdue", obj=practice, requires_action=True,
                url=reverse("validation:review", args=[practice.pk]) + "?action=reject#action-reject",
                title=f"Срок доработки истёк: «{practice}»",
                body=(f"Автор не вернул доработанную практику «{practice}» в срок — до "
                      f"{deadline.due_on:%d.%m.%Y} (5 рабочих дней, п. 4.1.9 Регламента). Модератор АСИ может "
                      "отказать в размещении практики по основанию «непредставления дополнительных материалов "
                      "в соответствии с запросом эксперта-модератора или модератора АСИ»."))


def category_set(practice, *, old, by, comment, transition):
    send_notice(author_and_team(practice), kind="practice_category_set", obj=practice, url=author_url(practice),
                title=f"Модератор АСИ выбрал категорию практики «{practice}»",
                body=_with_comment(f"Вы не выбрали категорию («Я не знаю, что выбрать»); модератор АСИ отнёс "
                                   f"практику к категории «{practice.category}».", comment))


def state_council_letter_attached(practice, *, old, by, comment, transition):
    send_notice(author_and_team(practice), kind="practice_state_council_letter", obj=practice, url=author_url(practice),
                title=f"К практике «{practice}» прикреплено письмо комиссии Госсовета / ФОИВ",
                body=_with_comment("Модератор АСИ прикрепил письмо и протокол, которыми комиссия Государственного "
                                   "Совета или профильный ФОИВ рекомендовали практику к публикации (п. 3.2, 4.3.2 "
                                   "Регламента).", comment))


# --- default notices per transition (F-NOTE-1)


def _with_comment(text, comment):
    return text + (f"\n\nКомментарий: {comment}" if comment else "")


def _notice_confirmed(practice, *, old, by, comment, transition):
    send_notice(author_and_team(practice), kind="practice_confirmed", obj=practice, url=author_url(practice),
                title=f"Практика «{practice}» подтверждена регионом",
                body=_with_comment("Региональный координатор подтвердил практику; она передана на упаковку "
                                   "эксперту-модератору.", comment))
    send_notice(holders(Role.ASI_MODERATOR), kind="practice_to_route", obj=practice, url=review_url(practice),
                requires_action=True, title=f"Практика «{practice}» ждёт направления эксперту-модератору",
                body=f"Практика региона «{practice.region}» подтверждена. Направьте её эксперту-модератору "
                     f"категории «{practice.category or 'не выбрана'}».")


def _notice_revision(practice, *, old, by, comment, transition):
    deadline = revision_deadline(practice)
    due = f" до {due_text(deadline.due_on)}" if deadline else ""  # F-DL-12: marked when provisional
    send_notice(practice.author, kind="practice_revision", obj=practice, requires_action=True,
                url=reverse("practices:submit", args=[practice.pk]),
                title=f"Практика «{practice}» возвращена на доработку",
                body=_with_comment(
                    f"Практика возвращена на доработку с этапа «{transition.from_label}». Доработайте паспорт и "
                    f"отправьте его повторно{due} — срок доработки 5 рабочих дней с момента получения этого "
                    "уведомления (п. 4.1.9 Регламента).", comment))
    team = [u for u in author_and_team(practice) if u.pk != practice.author_id]
    send_notice(team, kind="practice_revision_team", obj=practice, url=author_url(practice),
                title=f"Практика «{practice}» возвращена на доработку", body=_with_comment("", comment).strip())


def _notice_rejected(practice, *, old, by, comment, transition):
    grounds = "\n".join(f"— {g}" for g in practice.rejection_grounds)
    body = f"Практика отклонена на этапе «{transition.from_label}»."
    if grounds:
        body += f"\n\nОснования:\n{grounds}"
    send_notice(author_and_team(practice), kind="practice_rejected", obj=practice, url=author_url(practice),
                title=f"Практика «{practice}» отклонена", body=_with_comment(body, comment))
    if old != PracticeState.REGIONAL_REVIEW:
        send_notice(region_coordinators(practice.region), kind="practice_rejected_region", obj=practice,
                    url=review_url(practice), title=f"Практика «{practice}» отклонена",
                    body=_with_comment(body, comment))


def _notice_routed(practice, *, old, by, comment, transition):
    if practice.expert_moderator_id:
        send_notice(practice.expert_moderator, kind="practice_to_package", obj=practice, url=review_url(practice),
                    requires_action=True, title=f"Практика «{practice}» направлена вам на упаковку",
                    body=_with_comment("Помогите автору дополнить описание, установите уровень практики и "
                                       "отметьте её упакованной.", comment))


def notice_author_comment(practice, *, old, by, comment, transition):
    send_notice(practice.author, kind="practice_packaging_comment", obj=practice, url=author_url(practice),
                title=f"Комментарий эксперта-модератора к практике «{practice}»", body=comment)


def notice_packaged(practice, *, old, by, comment, transition):
    next_step = ("Переведите её на экспертную оценку или, по рекомендации комиссии Госсовета / ФОИВ, к "
                 "публикации." if practice.is_fast_track() else "Переведите её на экспертную оценку.")
    send_notice(holders(Role.ASI_MODERATOR), kind="practice_packaged", obj=practice, url=review_url(practice),
                requires_action=True, title=f"Практика «{practice}» упакована",
                body=_with_comment(f"Эксперт-модератор упаковал практику. {next_step}", comment))


def _notice_expert_review(practice, *, old, by, comment, transition):
    moderators = ([practice.expert_moderator] if practice.expert_moderator_id
                  else holders(Role.EXPERT_MODERATOR, category=practice.category_id))
    send_notice(moderators, kind="practice_expert_review", obj=practice, url=review_url(practice),
                requires_action=True, title=f"Практика «{practice}» направлена на экспертную оценку",
                body=_with_comment("Организуйте экспертную оценку практики экспертами пула категории.", comment))
    send_notice(practice.author, kind="practice_expert_review_author", obj=practice, url=author_url(practice),
                title=f"Практика «{practice}» на экспертной оценке",
                body="Практика передана на экспертную оценку (п. 4.4 Регламента).")


def _notice_next_stage(practice, *, old, by, comment, transition):
    """After the experts / rating committee / fast track: whoever acts next, and the author."""
    if practice.state == PracticeState.RATING_COMMITTEE:
        send_notice(holders(Role.RATING_COMMITTEE), kind="practice_rating_committee", obj=practice,
                    url=review_url(practice), requires_action=True,
                    title=f"Практика «{practice}» ждёт верификации рейтинговым комитетом",
                    body="Практика заявляет влияние на показатели Рейтинга инвестиционной привлекательности "
                         "(Прил.3).")
    elif practice.state == PracticeState.READY_TO_PUBLISH:
        send_notice(holders(Role.ASI_MODERATOR), kind="practice_ready", obj=practice, url=review_url(practice),
                    requires_action=True, title=f"Практика «{practice}» готова к публикации",
                    body=_with_comment(f"Предыдущий этап: «{transition.from_label}».", comment))
    send_notice(practice.author, kind="practice_stage", obj=practice, url=author_url(practice),
                title=f"Практика «{practice}»: {practice.get_state_display().lower()}",
                body=_with_comment(f"Этап «{transition.from_label}» пройден.", comment))


def _notice_published(practice, *, old, by, comment, transition):
    send_notice(author_and_team(practice), kind="practice_published", obj=practice, url=author_url(practice),
                title=PUBLISHED_TITLE,
                body=_with_comment(f"Практика «{practice}» опубликована на платформе «Смартека» для "
                                   "тиражирования.", comment))
    others = region_coordinators(practice.region)
    if practice.expert_moderator_id:
        others.append(practice.expert_moderator)
    send_notice(others, kind="practice_published_info", obj=practice, url=review_url(practice),
                title=f"Практика «{practice}» опубликована", body=PUBLISHED_TITLE + ".")


def _notice_deleted(practice, *, old, by, comment, transition):
    if old == PracticeState.REVISION:
        sender = revision_sender(practice)
        if sender is not None:
            send_notice(sender, kind="practice_deleted", obj=practice, url="",
                        title=f"Автор удалил практику «{practice}»", body=comment)


DEFAULT_NOTICES = {
    "confirm_regionally": _notice_confirmed,
    "return_for_revision": _notice_revision,
    "experts_approve_with_additions": _notice_revision,
    "reject": _notice_rejected,
    "experts_reject": _notice_rejected,
    "route_to_expert_moderator": _notice_routed,
    "comment_to_author": notice_author_comment,
    "mark_packaged": notice_packaged,
    "start_expert_review": _notice_expert_review,
    "skip_expert_review": _notice_next_stage,
    "experts_approve": _notice_next_stage,
    "rating_confirm": _notice_next_stage,
    "publish": _notice_published,
    "soft_delete": _notice_deleted,
}
