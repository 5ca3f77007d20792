"""The practice's fixed vocabularies: states, tracks, material kinds, levels, rating kinds.

Pure enums with no project imports, so that every module of the app (models, permissions,
submission, completeness) can import them at the top; ``practices.models`` re-exports them.
"""

from django.db import models

# --- practice levels (F-REF-5): fixed by the regulation, 2.1.6, so code rather than data


class Level(models.IntegerChoices):
    FIRST = 1, "1 уровень"
    SECOND = 2, "2 уровень"
    THIRD = 3, "3 уровень"


LEVELS_INTRO = (
    "Практики «Смартеки» делятся на три уровня реализации в соответствии с масштабом внедрения описываемой "
    "практики от комплексной управленческой модели по работе в конкретном направлении социально-экономического "
    "развития региона к системным практикам достижений конкретных целей в рамках актуальной для регионов "
    "повестки и инструментам, способствующим решению конкретных задач. Уровень практики определяется "
    "экспертом-модератором в процессе описания практики."
)

LEVEL_DESCRIPTIONS = {
    Level.FIRST: (
        "управленческие модели регионов-лидеров по работе в конкретном направлении социально-экономического "
        "развития (здравоохранение, образование, народосбережение, поддержка семьи, рождаемости, многодетности, "
        "инвестиционная привлекательность и т. д.)."
    ),
    Level.SECOND: (
        "системные практики регионов-лидеров, входящие в управленческие модели. Описывают работу региона по "
        "достижению конкретных целей в рамках одного из направлений социально-экономического развития."
    ),
    Level.THIRD: (
        "управленческие инструменты, являющиеся элементами системных практик и способствующие "
        "совершенствованию, ускорению, оптимизации процессов, в рамках реализации практики (цифровизация "
        "процессов, введение новых регламентов, протоколов, механизмов взаимодействия с населением и т. д.)."
    ),
}


# --- ratings (F-REF-3, 4.1.4–4.1.5): ``Rating.Kind``


class RatingKind(models.TextChoices):
    INVESTMENT = "investment", "Рейтинг инвестиционной привлекательности"
    QUALITY_OF_LIFE = "quality_of_life", "Рейтинг качества жизни"
    OTHER = "other", "Другой рейтинг Агентства"

# ratings whose practices are accepted only in the windows of 4.3.1 (F-REF-6)
WINDOW_RATING_KINDS = (RatingKind.INVESTMENT, RatingKind.QUALITY_OF_LIFE)


# --- the practice's states and submission tracks (SPEC §5, §6)


class PracticeState(models.TextChoices):
    DRAFT = "draft", "Черновик"
    REGIONAL_REVIEW = "regional_review", "Подтверждение регионом"
    PACKAGING = "packaging", "Упаковка"
    EXPERT_REVIEW = "expert_review", "Экспертная оценка"
    RATING_COMMITTEE = "rating_committee", "Верификация рейтинговым комитетом"
    READY_TO_PUBLISH = "ready_to_publish", "Готова к публикации"
    PUBLISHED = "published", "Опубликована"
    ARCHIVED = "archived", "В базе знаний"
    REVISION = "revision", "На доработке"
    REJECTED = "rejected", "Отклонена"
    DELETED = "deleted", "Удалена"
    # the author's edit of a published practice (4.5.4–4.5.6, F-ACT-1): a copy of the practice that the
    # catalogue never shows; accepted, it is copied back onto the published practice
    ACTUALIZATION = "actualization", "Актуализация"
    ACTUALIZATION_REVIEW = "actualization_review", "Актуализация на проверке"
    ACTUALIZATION_ACCEPTED = "actualization_accepted", "Актуализация принята"


# the stages that may return a practice for revision, hence where a resubmission may go (SPEC §6)
REVISION_RETURN_STATES = [
    PracticeState.REGIONAL_REVIEW, PracticeState.PACKAGING, PracticeState.EXPERT_REVIEW,
    PracticeState.RATING_COMMITTEE, PracticeState.READY_TO_PUBLISH,
]

# the author and the team edit the passport, its materials and team only in these states (F-PASS-3)
EDITABLE_STATES = (PracticeState.DRAFT, PracticeState.REVISION, PracticeState.ACTUALIZATION)

# the copies of a published practice under actualization (F-ACT-1): never in the catalogue, counts, queues
# of new practices or region pages
ACTUALIZATION_STATES = (PracticeState.ACTUALIZATION, PracticeState.ACTUALIZATION_REVIEW,
                        PracticeState.ACTUALIZATION_ACCEPTED)

# the catalogue shows these; their cover and public materials are open to everyone (F-CAT-3)
PUBLIC_STATES = (PracticeState.PUBLISHED, PracticeState.ARCHIVED)


class Track(models.TextChoices):
    """Submission tracks (SPEC §5)."""

    REGIONAL_INITIATIVE = "regional_initiative", "Инициатива региона"
    STATE_COUNCIL = "state_council", "Рекомендация комиссии Госсовета или профильного ФОИВ"
    AGENCY_REQUEST = "agency_request", "Запрос Агентства"
    SELECTION = "selection", "Отбор"


# --- materials of the passport (F-PASS-2)


class MaterialKind(models.TextChoices):
    """Materials of 2.1.5 p.4 (F-PASS-2) plus the personal-data consents of 4.1.6."""

    NORMATIVE_ACT = "normative_act", "Нормативные правовые акты"
    SAMPLE_DOCUMENT = "sample_document", "Примеры сопутствующих документов"
    ROADMAP = "roadmap", "Планы и «дорожные карты» по реализации практики"
    PRESENTATION = "presentation", "Презентационные, справочные, информационные, аналитические материалы"
    FEDERAL_RECOGNITION = "federal_recognition", "Документы, подтверждающие оценку на федеральном уровне"
    DEPUTY_GOVERNOR_LETTER = "deputy_governor_letter", "Письмо заместителя высшего должностного лица субъекта РФ"
    VIDEO = "video", "Видеоматериалы"
    PD_CONSENT = "pd_consent", "Согласия на обработку персональных данных незарегистрированных лиц"
    STATE_COUNCIL_LETTER = "state_council_letter", "Письмо и протокол комиссии Госсовета / профильного ФОИВ"
    AGENCY_LETTER = "agency_letter", "Письмо-запрос Агентства"
    COMMISSION_PROTOCOL = "commission_protocol", "Протокол решения региональной межведомственной комиссии"

# Kinds that carry personal data of people not registered on the platform (4.1.6, 152-ФЗ): never public,
# whatever «Показывать в каталоге» says — the service stores them private and a constraint of
# ``Material`` forbids a public row of these kinds.
PERSONAL_DATA_KINDS = (MaterialKind.PD_CONSENT,)
