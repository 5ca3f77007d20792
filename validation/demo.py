"""Demo practices of the demo author in every validation state (SPEC §6), driven through the services so
that each has its history, notices and deadlines. Idempotent: a practice whose title exists is skipped."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone
from PIL import Image, ImageDraw

from experts import services as expert_services
from experts.criteria import CRITERION_CODES, Decision
from practices.materials.services import set_cover
from practices.models import (
    Category,
    CostRange,
    ImplementationMethod,
    Material,
    MaterialKind,
    OrganisationType,
    Practice,
    PracticeResult,
    PracticeState,
    RatingIndicator,
    TeamMember,
)
from practices.services import SubmissionRefused, submit_practice
from practices.submission import versions
from smarteka.files.services import store_upload
from smarteka.history import services as history
from validation import services
from validation.expert_review.services import invite_expert
from validation.lifecycle import demo_actualization, demo_archiving, demo_stewardship
from validation.selections import demo as selections_demo

S_DRAFT, S_REGIONAL, S_PACKAGING, S_EXPERT = "draft", "regional_review", "packaging", "expert_review"
S_RATING, S_READY, S_PUBLISHED = "rating_committee", "ready_to_publish", "published"
S_REVISION, S_REJECTED = "revision", "rejected"

# title, category slug, state, track, goal, tasks, essence, audience, results
PRACTICES = [
    ("Бережливая поликлиника: запись к врачу без очередей", "zdravookhranenie", S_PUBLISHED, "state_council",
     "Сократить время ожидания приёма врача в поликлиниках региона",
     ["Разделить потоки здоровых и больных пациентов", "Перевести запись к врачу в электронный вид",
      "Обучить персонал принципам бережливого производства"],
     "Поликлиники перестраивают навигацию, регистратуру и запись по принципам бережливого производства: "
     "открытая регистратура, электронная очередь, выделенные кабинеты для профилактических осмотров.",
     "Пациенты взрослых и детских поликлиник", "Время ожидания в регистратуре сократилось с 40 до 10 минут"),
    ("Единый центр поддержки семей участников СВО", "sotsialnaya-podderzhka", S_PUBLISHED, "state_council",
     "Обеспечить семьям участников специальной военной операции помощь по принципу одного окна",
     ["Создать единый телефон и офис приёма", "Закрепить за каждой семьёй социального координатора"],
     "За каждой семьёй закреплён координатор, который сопровождает обращения во все ведомства: пособия, "
     "путёвки, трудоустройство, психологическая помощь.",
     "Семьи участников СВО", "Срок решения обращения сократился до 5 рабочих дней"),
    ("Платформа обратной связи «Решаем вместе»", "regionalnoe-i-munitsipalnoe-upravlenie", S_PUBLISHED,
     "state_council",
     "Отвечать на обращения жителей быстро и по существу",
     ["Собрать обращения из соцсетей и порталов в одну систему", "Установить сроки ответа для ведомств"],
     "Центр управления регионом собирает сообщения жителей из социальных сетей и Госуслуг, распределяет их "
     "по ответственным ведомствам и контролирует срок и качество ответа.",
     "Жители региона", "Доля обращений с ответом в срок выросла с 62 до 97 %"),
    ("Школьные технопарки в сельских районах", "obrazovanie", S_PUBLISHED, "state_council",
     "Дать сельским школьникам доступ к современному технологическому образованию",
     ["Оснастить технопарки в опорных школах", "Подготовить педагогов дополнительного образования"],
     "В опорных школах районов открыты технопарки с лабораториями робототехники и биотехнологий; ученики "
     "соседних сёл приезжают на занятия по расписанию школьных автобусов.",
     "Школьники 5–11 классов сельских районов", "Охват дополнительным образованием вырос на 18 %"),
    ("Агротуристический маршрут «Амурская кругосветка»", "turizm", S_READY, "state_council",
     "Развить сельский туризм на основе фермерских хозяйств", ["Собрать маршрут из 12 хозяйств"],
     "Маршрут объединяет фермерские хозяйства, гостевые дома и музеи в единый продукт с онлайн-бронированием.",
     "Туристы, семьи с детьми", "Турпоток в районы маршрута вырос вдвое"),
    ("Инвестиционный портал и сопровождение проектов «одним окном»", "razvitie-predprinimatelstva", S_RATING,
     "regional_initiative",
     "Сократить сроки прохождения разрешительных процедур для инвесторов",
     ["Создать инвестиционный портал", "Закрепить за проектом персонального менеджера"],
     "Инвестор подаёт одну заявку на портале, а персональный менеджер корпорации развития сопровождает "
     "проект во всех ведомствах до ввода объекта.",
     "Инвесторы и предприниматели", "Срок получения разрешения на строительство сократился до 30 дней"),
    ("Экологический патруль школьников", "ekologiya", S_EXPERT, "regional_initiative",
     "Вовлечь школьников в охрану природы родного края", ["Создать отряды в каждом районе"],
     "Школьные отряды проводят мониторинг берегов рек и отчитываются через мобильное приложение.",
     "Школьники и педагоги", "Очищено 120 км береговой линии"),
    ("Кадровый резерв «Амурские управленцы»", "kadrovyy-potentsial", S_PACKAGING, "regional_initiative",
     "Подготовить управленцев для органов власти региона", ["Провести конкурсный отбор", "Обучить резерв"],
     "Ежегодный конкурс, модульная программа обучения и стажировки в органах власти.",
     "Специалисты органов власти и подведомственных учреждений", "40 % резервистов назначены на должности"),
    ("Мобильные бригады соцзащиты для отдалённых сёл", "sotsialnaya-podderzhka", S_REGIONAL,
     "regional_initiative",
     "Сделать социальные услуги доступными в отдалённых сёлах", ["Сформировать мобильные бригады"],
     "Бригады специалистов соцзащиты по графику выезжают в сёла и оформляют меры поддержки на месте.",
     "Пожилые люди и семьи в отдалённых сёлах", "Охвачено 86 сёл"),
    ("Благоустройство дворов по заявкам жителей", "komfortnaya-sreda", S_REVISION, "regional_initiative",
     "Благоустраивать дворы по приоритетам самих жителей", ["Принимать заявки онлайн"],
     "Жители подают заявку и голосуют за проект двора; работы выполняются с участием жителей.",
     "Жители многоквартирных домов", "Благоустроено 240 дворов"),
    ("Креативный кластер в здании бывшей фабрики", "kreativnaya-ekonomika", S_REJECTED, "regional_initiative",
     "Создать площадку для креативных индустрий", ["Отремонтировать здание"],
     "Бывшая швейная фабрика отдана под мастерские, коворкинг и выставочные залы.",
     "Представители креативных индустрий", "Резидентами стали 35 компаний"),
    ("Онлайн-школа для родителей дошкольников", "obrazovanie", S_DRAFT, "regional_initiative",
     "Помочь родителям в развитии детей дошкольного возраста", ["Записать курс лекций"],
     "Педагоги и психологи ведут вебинары и отвечают на вопросы родителей.",
     "Родители детей 3–7 лет", ""),
]


def _pdf(name, text):
    body = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% " + text.encode("utf-8")
            + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def _cover(seed):
    """A 1200×900 demo cover: a diagonal gradient in a colour of its own and a few soft circles."""
    hue = sum(map(ord, seed))
    top = (30 + hue % 90, 90 + hue % 110, 150 + hue % 90)
    bottom = (min(top[0] + 90, 255), min(top[1] + 70, 255), min(top[2] + 40, 255))
    image = Image.new("RGB", (1200, 900), top)
    draw = ImageDraw.Draw(image)
    for y in range(900):
        t = y / 899
        draw.line([(0, y), (1199, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    for i in range(4):
        r = 120 + (hue * (i + 3)) % 180
        x, y = (hue * (i + 7)) % 1200, (hue * (i + 11)) % 900
        draw.ellipse([x - r, y - r, x + r, y + r], outline=(255, 255, 255), width=6)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=88)
    return SimpleUploadedFile("cover.jpg", buffer.getvalue(), content_type="image/jpeg")


def _passport(row, author, team, org_type, region):
    title, slug, state, track, goal, tasks, essence, audience, results = row
    category = Category.objects.filter(category_set__is_current=True, slug=slug).first()
    practice = Practice.objects.create(
        author=author, region=region, title=title, goal=goal, tasks=tasks, essence=essence,
        audience_main=audience, results_main=results, category=category, organisation_type=org_type,
        organisation_name=f"Правительство: {region.name}", implementation_year=timezone.localdate().year - 1,
        cost_range=CostRange.objects.order_by("order").first(), months_to_launch=6,
        roadmap_steps=["Подготовка нормативной базы", "Пилотный запуск", "Масштабирование на весь регион"],
        normative_acts="Постановление Правительства области о реализации практики",
        specifics="Нужна поддержка глав муниципальных образований.",
        support_offered="Стажировки на площадке, методические материалы", confirms_criteria=True,
        confirms_accuracy=True, confirms_consulting=True)
    method = ImplementationMethod.objects.filter(is_other=False).order_by("order").first()
    if method:
        practice.implementation_methods.add(method)
    indicator = RatingIndicator.objects.filter(rating__kind="quality_of_life").order_by("order").first()
    if indicator:
        practice.rating_indicators.add(indicator)

    PracticeResult.objects.create(practice=practice, indicator="Ключевой показатель практики", unit="%",
                                  value_before=50, value_after=80, date_before=datetime.date(2023, 1, 1),
                                  date_after=datetime.date(2024, 12, 31))
    now = timezone.now()
    for user in [author, *team]:
        TeamMember.objects.get_or_create(practice=practice, user=user,
                                         defaults={"joined_at": now, "invited_by": author})
    kinds = [MaterialKind.NORMATIVE_ACT, MaterialKind.SAMPLE_DOCUMENT, MaterialKind.ROADMAP,
             MaterialKind.PRESENTATION]
    if track == "state_council":
        kinds.append(MaterialKind.STATE_COUNCIL_LETTER)
    for kind in kinds:
        stored = store_upload(_pdf(f"{kind}.pdf", title), by=author, owner=practice, kind="practice_material")
        Material.objects.create(practice=practice, kind=kind, title=MaterialKind(kind).label, file=stored,
                                added_by=author)
    set_cover(practice, by=author, upload=_cover(title))  # the cover and its card thumbnail
    return practice


def _submit(practice, author, track):
    """Through the service; outside the submission windows of 4.3.1 (the demo may be loaded any day) the
    demo records the submission itself, with a note in the history."""
    try:
        return submit_practice(practice, by=author, track=track)
    except SubmissionRefused:
        Practice.objects.filter(pk=practice.pk).update(state=PracticeState.REGIONAL_REVIEW, track=track,
                                                       submitted_at=timezone.now(), stage_started_at=timezone.now())
        practice = Practice.objects.get(pk=practice.pk)
        version = versions.create_version(practice, by=author)
        history.record(practice, by=author, old=PracticeState.DRAFT, action="submit",
                       comment=f"Демонстрационные данные: подана в окно приёма. Версия паспорта {version.number}.")
        return practice


def _vote_in_progress(practice, em, users):
    """An online vote under way (F-VAL-3): three demo experts invited, one has evaluated."""
    experts = [users[name] for name in ("expert1", "expert2", "expert3") if name in users]
    invitations = [invite_expert(practice, expert, by=em) for expert in experts]
    if invitations:
        # F-PLUS-7: the first expert declared no competing interests, then evaluated; the others have not yet
        expert_services.declare_interests(invitations[0], by=experts[0], conflict=False)
        expert_services.submit_evaluation(
            invitations[0], by=experts[0], decision=Decision.APPROVE,
            answers={code: {"met": True, "note": ""} for code in CRITERION_CODES},
            comment="Практика соответствует всем критериям; рекомендую к публикации.")


def load(ctx):
    users = ctx.get("users", {})
    author, coordinator, asi = users.get("author"), users.get("coordinator"), users.get("asi")
    em, rating = users.get("expert-moderator"), users.get("rating")
    region = ctx.get("demo_region")
    if None in (author, coordinator, asi, em, rating, region):
        return
    team = [u for u in (users.get("team1"), users.get("team2")) if u is not None]
    org_type = OrganisationType.objects.filter(may_author=True).order_by("order").first()
    for row in PRACTICES:
        title, state, track = row[0], row[2], row[3]
        if Practice.objects.filter(Q(author=author) | Q(author_replacements__old_author=author), title=title).exists():
            continue  # loaded before (its author may have been replaced since: demo_stewardship)
        practice = _passport(row, author, team, org_type, region)
        if state == S_DRAFT:
            continue
        practice = _submit(practice, author, track)
        if state == S_RATING:
            practice.rating_indicators.add(*RatingIndicator.objects.filter(rating__kind="investment")
                                           .order_by("order")[:2])
        if state == S_REGIONAL:
            continue
        if state == S_REVISION:
            services.return_for_revision(practice, by=coordinator,
                                         comment="Дополните количественные результаты: сколько дворов "
                                                 "благоустроено по заявкам жителей и за какой период.")
            continue
        if state == S_REJECTED:
            services.reject(practice, by=coordinator, grounds=[services.COORDINATOR_REJECTION_GROUNDS[1]],
                            comment="Комиссия не подтвердила данные о резидентах кластера.")
            continue
        services.confirm_regionally(practice, by=coordinator, document=_pdf("protocol.pdf", "Протокол комиссии"),
                                    comment="Реализация подтверждена региональной межведомственной комиссией.")
        services.route_to_expert_moderator(practice, by=asi, expert_moderator=em)
        if state == S_PACKAGING:
            services.comment_to_author(practice, by=em, comment="Добавьте в паспорт программу обучения резерва.")
            continue
        services.set_level(practice, by=em, level=2 if state != S_PUBLISHED else 1)
        services.mark_packaged(practice, by=em)
        if track == "state_council":
            practice = services.skip_expert_review(practice, by=asi)
        else:
            practice = services.start_expert_review(practice, by=asi)
            if state == S_EXPERT:
                _vote_in_progress(practice, em, users)
                continue
            # the offline pool meeting's outcome (F-VAL-4, Прил.3)
            practice = services.move(practice, "experts_approve", by=em, action="close_expert_review",
                                     comment="Заседание экспертного пула: большинство экспертов одобрили практику.")
        if state in (S_RATING, S_READY):
            continue
        services.publish(practice, by=asi, comment="Практика рекомендована к тиражированию.")

    # selections and КСИ sessions (F-TRACK-4, F-TRACK-5)
    selections_demo.load(ctx)
    # an open archiving proposal and a practice in the knowledge base (issue 21, F-ARCH-1)
    demo_archiving.load(ctx)
    # actualization: a practice due for it, a request waiting for the grant, an edit under review (F-ACT-1)
    demo_actualization.load(ctx)
    # issue 21: a replaced author, an open contact update request
    demo_stewardship.load(ctx)
