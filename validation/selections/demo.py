"""Demo data of selections (F-TRACK-4) and КСИ sessions (F-TRACK-5): one announced selection with
intake open and one КСИ session. Call ``load(ctx)`` from ``validation/demo.py`` (after the accounts
demo, which fills ``ctx["users"]``). Idempotent. No notices are sent: the rows are written directly."""

import datetime

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Case, When
from django.utils import timezone

from practices.models import Practice, PracticeState, Track
from smarteka.files.services import store_upload
from smarteka.history.services import record
from validation.models import (
    ApplicationStatus,
    KsiDecision,
    KsiOutcome,
    KsiSession,
    Selection,
    SelectionApplication,
    SelectionState,
)

DEMO_SELECTION_SLUG = "zdravookhranenie-2026"
DEMO_KSI_TITLE = "Предварительное рассмотрение предложений регионов по запросу Агентства"


def _pdf(name, text):
    body = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            b"% " + text.encode() + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _user(ctx, key):
    users = ctx.get("users", {})
    return users.get(key) or get_user_model().objects.filter(email=f"{key}@demo.smarteka.ru").first()


def _demo_practice(author, title, track, state):
    practice = Practice.objects.filter(author=author, title=title).first()
    if practice is None and author is not None and author.region_id:
        practice = Practice.objects.create(author=author, region=author.region, title=title, track=track, state=state,
                                           organisation_type=author.organisation_type,
                                           organisation_name=author.organisation_name,
                                           goal="Демонстрационная практика.")
    return practice


def load(ctx):
    asi, author = _user(ctx, "asi"), _user(ctx, "author")
    today = timezone.localdate()

    selection = Selection.objects.filter(slug=DEMO_SELECTION_SLUG).first()
    if selection is None:
        intake_from = today - datetime.timedelta(days=10)
        selection = Selection.objects.create(
            slug=DEMO_SELECTION_SLUG, state=SelectionState.INTAKE,
            title="Лучшие региональные практики в сфере здравоохранения — 2026",
            description=("Отбор практик, повышающих доступность первичной медико-санитарной помощи в малых "
                         "населённых пунктах. Победители будут рекомендованы к тиражированию."),
            initiator="Комиссия Государственного Совета Российской Федерации по направлению «Здравоохранение»",
            criteria=["Практика реализуется в регионе не менее одного года",
                      "Есть измеримые результаты: показатели до и после внедрения",
                      "Практику можно внедрить в другом регионе без изменения федерального законодательства"],
            launch_requested_on=intake_from - relativedelta(months=3), launch_requested_by=_user(ctx, "partner"),
            intake_from=intake_from, intake_to=today + datetime.timedelta(days=50),
            results_on=today + datetime.timedelta(days=80),
            awards="Победители награждаются дипломами комиссии Государственного Совета и приглашаются "
                   "представить практику на заседании комиссии.",
            created_by=asi, announced_by=asi, announced_at=timezone.now(),
        )
        selection.regulation = store_upload(_pdf("Положение об отборе.pdf", "Polozhenie"), by=asi, owner=selection,
                                            kind="selection_regulation", is_public=True)
        selection.save(update_fields=["regulation"])
        selection.experts.set([u for u in (_user(ctx, "expert1"), _user(ctx, "expert2")) if u])
        record(selection, by=asi, old="", new=SelectionState.INTAKE, action="demo",
               comment="Демонстрационный отбор: объявлен, приём заявок открыт.")
    practice = _demo_practice(author, "Мобильный фельдшерско-акушерский пункт", Track.SELECTION,
                              PracticeState.DRAFT)
    if practice is not None and not SelectionApplication.objects.filter(practice=practice).exists():
        application = SelectionApplication.objects.create(
            selection=selection, practice=practice, applied_by=author, status=ApplicationStatus.ACCEPTED,
            moderated_by=asi, moderated_at=timezone.now())
        record(application, by=author, old="", new=ApplicationStatus.ACCEPTED, action="demo", state_field="status")

    session = KsiSession.objects.filter(title=DEMO_KSI_TITLE).first()
    if session is None:
        session = KsiSession.objects.create(
            date=today - datetime.timedelta(days=14), title=DEMO_KSI_TITLE, created_by=asi,
            external_participants=("Представитель Республики Татарстан — региона-лидера Рейтинга инвестиционной "
                                   "привлекательности\nПредставитель профильного подразделения Агентства"),
            notes="Рассмотрены предложения, поступившие по запросу Агентства (п. 3.3, 4.4.9 Регламента).")
        session.participants.set([u for u in (asi, _user(ctx, "rating"), _user(ctx, "expert-moderator")) if u])
        session.protocol = store_upload(_pdf("Протокол заседания КСИ.pdf", "Protokol"), by=asi, owner=session,
                                        kind="ksi_protocol")
        session.save(update_fields=["protocol"])
    if not session.decisions.exists():
        # the validation demo's practices (agency-request ones first), so КСИ decisions sit on real passports
        candidates = list(Practice.objects.exclude(state__in=[PracticeState.DRAFT, PracticeState.DELETED])
                          .exclude(category=None)
                          .order_by(Case(When(track=Track.AGENCY_REQUEST, then=0), default=1), "pk")[:2])
        if not candidates:
            candidates = [p for p in (
                _demo_practice(author, "Единое окно для инвестора", Track.AGENCY_REQUEST,
                               PracticeState.REGIONAL_REVIEW),
                _demo_practice(author, "Электронная очередь на подключение к сетям", Track.AGENCY_REQUEST,
                               PracticeState.REGIONAL_REVIEW),
            ) if p is not None]
        outcomes = [(KsiOutcome.RECOMMENDED, "Эффект на показатели рейтинга подтверждён данными региона."),
                    (KsiOutcome.NOT_ADMITTED, "Нет данных о результатах до и после внедрения практики.")]
        for practice, (outcome, reason) in zip(candidates, outcomes, strict=False):
            KsiDecision.objects.create(session=session, practice=practice, outcome=outcome, reason=reason,
                                       decided_by=asi)
            record(practice, by=asi, old=practice.state, new=practice.state, action="ksi_decision",
                   comment=f"Заседание Клуба стратегических инициатив {session.date:%d.%m.%Y}: "
                           f"{KsiOutcome(outcome).label.lower()}. {reason}")
    ctx["demo_selection"], ctx["demo_ksi_session"] = selection, session
