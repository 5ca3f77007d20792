"""Demo data of archiving (F-ARCH-1, issue 21 «demo data»): a published practice under an open archiving proposal
waiting for the ASI moderator, and a practice in the knowledge base with its ground and date. Both are driven
through the services (history, notices); called at the end of ``validation.demo.load``. Idempotent: a practice
whose title exists is skipped."""

import datetime

from django.utils import timezone

from practices.models import OrganisationType, Practice
from validation import demo, services
from validation.grounds import ARCHIVING_GROUNDS
from validation.lifecycle import archiving

# title, category slug, state, track, goal, tasks, essence, audience, results (as validation.demo.PRACTICES)
PROPOSED = ("Муниципальные проектные офисы в районах", "regionalnoe-i-munitsipalnoe-upravlenie", "published",
            "state_council", "Научить районные администрации управлять проектами",
            ["Создать проектные офисы в каждом районе", "Обучить муниципальных служащих"],
            "В каждом районе работает проектный офис, который ведёт портфель муниципальных проектов по единому "
            "стандарту и отчитывается региональному офису.",
            "Муниципальные служащие", "Доля проектов, завершённых в срок, выросла с 48 до 81 %")
ARCHIVED = ("Электронная очередь в детские сады", "obrazovanie", "published", "state_council",
            "Сделать очередь в детские сады прозрачной для родителей",
            ["Перевести учёт очереди в электронный вид", "Открыть родителям личный кабинет"],
            "Родители видели место ребёнка в очереди и получали направление в детский сад через портал.",
            "Родители детей дошкольного возраста", "Жалобы на очередь сократились в пять раз")


def _published(row, users, region, org_type, *, months_ago):
    author, coordinator, asi, em = (users.get(k) for k in ("author", "coordinator", "asi", "expert-moderator"))
    team = [u for u in (users.get("team1"), users.get("team2")) if u is not None]
    practice = demo._passport(row, author, team, org_type, region)
    practice = demo._submit(practice, author, row[3])
    services.confirm_regionally(practice, by=coordinator, document=demo._pdf("protocol.pdf", "Протокол комиссии"))
    services.route_to_expert_moderator(practice, by=asi, expert_moderator=em)
    services.set_level(practice, by=em, level=2)
    services.mark_packaged(practice, by=em)
    services.skip_expert_review(practice, by=asi)
    practice = services.publish(practice, by=asi, comment="Практика рекомендована к тиражированию.")
    # published long ago, as its proposal says (the demo may be loaded any day)
    Practice.objects.filter(pk=practice.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=30 * months_ago))
    return Practice.objects.get(pk=practice.pk)


def load(ctx):
    org_type = OrganisationType.objects.filter(may_author=True).order_by("order").first()
    users = ctx.get("users", {})
    region = ctx.get("demo_region")
    em, asi = users.get("expert-moderator"), users.get("asi")
    if None in (users.get("author"), users.get("coordinator"), em, asi, region):
        return
    if not Practice.objects.filter(title=PROPOSED[0]).exists():
        practice = _published(PROPOSED, users, region, org_type, months_ago=14)
        archiving.propose_archiving(
            practice, by=em, ground=ARCHIVING_GROUNDS[3],
            justification="За 14 месяцев после публикации ни один регион не подал заявку на внедрение; на "
                          "окружных мероприятиях интереса к практике не было.")
    if not Practice.objects.filter(title=ARCHIVED[0]).exists():
        practice = _published(ARCHIVED, users, region, org_type, months_ago=20)
        proposal = archiving.propose_archiving(
            practice, by=em, ground=ARCHIVING_GROUNDS[2],
            justification="Регион перешёл на федеральную систему учёта очереди; региональный сервис закрыт.")
        archiving.archive(proposal, by=asi, comment="Практика остаётся в Базе знаний как пример.")
