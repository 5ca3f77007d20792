"""Demo replication data (issue 8): two events of the plan-schedule, a curator's record of interest and
a request «Внедряется» from the other demo region. Uses the published demo practices if there are any
(validation/demo.py makes them); without them it does nothing. Idempotent."""

import datetime

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from replication import services
from replication.events import services as event_services
from replication.models import Event, Interest, RegionInterest, ReplicationRequest
from smarteka.accounts.models import User
from smarteka.demo import OTHER_REGION_CODE

PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
       b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% Smarteka demo roadmap\n"
       b"trailer << /Root 1 0 R >>\n%%EOF\n")


def _user(ctx, key):
    return ctx.get("users", {}).get(key) or User.objects.filter(email=f"{key}@demo.smarteka.ru").first()


def load(ctx):
    Practice = apps.get_model("practices", "Practice")
    EventFormat = apps.get_model("practices", "EventFormat")
    Region = apps.get_model("regions", "Region")

    recipient, moderator = _user(ctx, "recipient"), _user(ctx, "impl-moderator")
    curator, asi = _user(ctx, "curator"), _user(ctx, "asi")
    other_region = Region.objects.filter(code=OTHER_REGION_CODE).first()
    practices = [p for p in Practice.objects.filter(state="published").order_by("pk")[:3]
                 if other_region is None or p.region_id != other_region.pk]
    if not practices or None in (recipient, moderator, asi, other_region) or not EventFormat.objects.exists():
        return

    today = timezone.localdate()
    demo_day = EventFormat.objects.filter(name__icontains="демо").first() or EventFormat.objects.first()
    session = EventFormat.objects.filter(name__icontains="сесси").first() or demo_day
    invited = list(Region.objects.filter(federal_district_id=other_region.federal_district_id)[:6]) or [other_region]

    held = Event.objects.filter(title="Демо-день эффективных практик регионов-лидеров").first()
    if held is None:
        held = event_services.save_event(None, by=asi, fields={
            "title": "Демо-день эффективных практик регионов-лидеров", "format": demo_day,
            "date": today - datetime.timedelta(days=30), "place": "Казань, IT-парк",
            "organiser": "Дивизион «Развитие регионов и инвестиции»",
            "programme": "10:00 Открытие\n10:30 Презентации практик регионов-лидеров\n13:00 Посещение объектов",
            "speakers": "Руководитель направления АСИ; министры регионов-авторов",
        }, practices=practices, invited_regions=invited)
    if not Event.objects.filter(title="Окружная сессия Приволжского федерального округа").exists():
        event_services.save_event(None, by=asi, fields={
            "title": "Окружная сессия Приволжского федерального округа", "format": session,
            "date": today + datetime.timedelta(days=45), "place": "Нижний Новгород",
            "organiser": "Дивизион «Развитие регионов и инвестиции»",
            "programme": "Сессия по презентации практик регионов-лидеров", "speakers": "Эксперты АСИ",
        }, practices=practices[:1], invited_regions=invited)

    if curator is not None and not RegionInterest.objects.filter(event=held).exists():
        event_services.record_interest(held, by=curator, region=other_region, practice=practices[0],
                                 interest=Interest.INTERESTED, comment="Министерство готово приступить в этом году")

    practice = practices[0]
    if ReplicationRequest.objects.filter(practice=practice, recipient_region=other_region).exists():
        return
    if services.request_problems(practice, recipient):
        return
    req = services.request_replication(
        practice, by=recipient, event=held, confirms_studied=True, confirms_ready=True, confirms_cooperation=True,
        undertakes_documents=True, comment="Готовы начать внедрение во втором квартале.")
    services.assign_moderator(req, by=asi, moderator=moderator)
    services.record_contact(req, by=moderator, comment="Созвонились, договорились об установочной встрече.")
    services.hold_kickoff(req, by=moderator, comment="Встреча с автором практики проведена по видеосвязи.")
    services.confirm_readiness(req, by=recipient)
    services.upload_document(req, by=recipient, kind="roadmap",
                             upload=SimpleUploadedFile("Дорожная карта внедрения.pdf", PDF, "application/pdf"))
    services.start_implementation(req, by=asi, comment="Дорожная карта проверена.")
    services.post_message(req, by=recipient, body="Направляем проект регламента на согласование автору практики.")
    ctx["replication_request"] = req
