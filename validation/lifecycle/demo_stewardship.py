"""Demo data of a practice's stewardship (issue 21): one replaced author (4.1.11) and one open contact update
request to the demo region's coordinator (4.1.12). Idempotent; called by ``validation/demo.py``."""

from practices.models import Practice
from validation.lifecycle import contacts, stewardship
from validation.models import AuthorReplacement, ContactReason, ContactUpdateRequest

REPLACED_TITLE = "Школьные технопарки в сельских районах"


def load(ctx):
    users = ctx.get("users", {})
    author, coordinator, asi, new_author = (users.get(name) for name in ("author", "coordinator", "asi", "team1"))
    region = ctx.get("demo_region")
    if None in (author, coordinator, asi, new_author, region):
        return
    practice = Practice.objects.filter(title=REPLACED_TITLE, region=region, state="published").first()
    if practice is not None and not AuthorReplacement.objects.filter(practice=practice).exists():
        replacement = stewardship.request_author_replacement(
            practice, by=coordinator, new_author=new_author, phone="+7 (914) 555-44-33",
            reason="Прежний автор перешёл на работу в другое ведомство и больше не сопровождает практику; "
                   "сопровождение передано участнику команды.")
        stewardship.carry_out_replacement(replacement, by=asi, comment="Запрос координатора проверен.")
    if not ContactUpdateRequest.objects.filter(region=region, requested_by=asi).exists():
        contacts.request_contact_update(region, by=asi, reason=ContactReason.LEFT_JOB,
                                        comment="Проверьте контакты команд практик по здравоохранению: часть "
                                                "телефонов не отвечает.")
