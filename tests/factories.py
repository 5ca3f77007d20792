"""Factories shared by the whole suite (STYLE 9)."""

import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from practices.enums import PERSONAL_DATA_KINDS
from practices.models import (
    Category,
    CategorySet,
    CostRange,
    ImplementationMethod,
    Material,
    MaterialKind,
    OrganisationType,
    Practice,
    PracticeResult,
    Rating,
    RatingIndicator,
    TeamMember,
    ThirdParty,
)
from regions.models import FederalDistrict, Region
from smarteka.accounts.models import User
from smarteka.files.services import store_upload
from smarteka.roles.models import RoleGrant


def image_bytes(width=200, height=200, fmt="JPEG", color=(30, 90, 200)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format=fmt)
    return buffer.getvalue()


def image_upload(name="photo.jpg", width=200, height=200, fmt="JPEG"):
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "BMP": "image/bmp"}[fmt]
    return SimpleUploadedFile(name, image_bytes(width, height, fmt), content_type=content_type)


def federal_district(name="Дальневосточный федеральный округ", short="ДФО"):
    return FederalDistrict.objects.get_or_create(short_name=short, defaults={"name": name})[0]


def region(code, name=None, district=None):
    """The seeded region with this code (reference data), or a new one in a bare test database."""
    found = Region.objects.filter(code=code).first()
    if found:
        return found
    return Region.objects.create(code=code, name=name or f"Регион {code}", slug=f"region-{code}",
                                 federal_district=district or federal_district())


def author_org_type():
    found = OrganisationType.objects.filter(may_author=True).order_by("order").first()
    return found or OrganisationType.objects.create(name="Исполнительный орган субъекта РФ", may_author=True)


def category(slug="zdravookhranenie"):
    found = Category.objects.filter(slug=slug, category_set__is_current=True).first()
    if found:
        return found
    current = CategorySet.objects.get_or_create(name="Категории Регламента 2025", defaults={"is_current": True})[0]
    return Category.objects.create(category_set=current, slug=slug, name=slug)


class UserFactory(factory.django.DjangoModelFactory):
    """A verified user with a complete profile (F-ACC-2) unless fields are overridden."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.ru")
    password = factory.PostGenerationMethodCall("set_password", "Smarteka-2026!")
    last_name = "Иванов"
    first_name = "Иван"
    middle_name = "Иванович"
    organisation_type = factory.LazyFunction(author_org_type)
    organisation_name = "Министерство экономического развития"
    region = factory.LazyFunction(lambda: region("28", "Амурская область"))
    position = "Начальник отдела"
    work_phone = "+7 (4162) 20-00-00"
    mobile_phone = "+7 (914) 000-00-00"
    photo = factory.LazyFunction(lambda: image_upload())
    email_verified_at = factory.Faker("date_time", tzinfo=datetime.UTC)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


def grant(user, role, **scope):
    return RoleGrant.objects.create(user=user, role=role, **scope)


class PracticeFactory(factory.django.DjangoModelFactory):
    """A draft practice of the author's region (F-PASS-1); passport fields stay blank unless given."""

    class Meta:
        model = "practices.Practice"

    author = factory.SubFactory(UserFactory)
    region = factory.LazyAttribute(lambda o: o.author.region)
    title = "Бережливая поликлиника"


# --- a fully submittable practice (F-PASS-4; added by the submission part of issue 5)


def pdf_upload(name="document.pdf", text="Smarteka"):
    body = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
            b"% " + text.encode() + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def other_rating_indicator():
    """An indicator of an Agency rating outside the submission windows of 4.3.1 (kind «other»)."""
    rating = Rating.objects.get_or_create(slug="test-other-rating", defaults={
        "name": "Тестовый рейтинг Агентства", "kind": Rating.Kind.OTHER, "order": 90})[0]
    return RatingIndicator.objects.get_or_create(rating=rating, code="T1",
                                                 defaults={"name": "Доля довольных жителей"})[0]


def add_material(practice, kind, *, by, name=None):
    stored = store_upload(pdf_upload(name or f"{kind}.pdf"), by=by, owner=practice, kind="practice_material")
    return Material.objects.create(practice=practice, kind=kind, title=f"Материал {kind}", file=stored, added_by=by,
                                   is_public=kind not in PERSONAL_DATA_KINDS)


def complete_practice(author, *team, indicator=None, year=None, **fields):
    """A draft that meets every condition of F-PASS-4: the author plus two (or the given) joined
    team members with complete profiles, every required field, an indicator, the required materials
    (PDFs through store_upload) and a 1200×900 cover made by Pillow."""
    year = year or timezone.localdate().year
    values = dict(
        author=author, region=author.region, title="Бережливая поликлиника",
        goal="Сократить время ожидания приёма врача", tasks=["Перестроить потоки пациентов", "Обучить персонал"],
        essence="Поликлиники перестраивают процессы по принципам бережливого производства.",
        audience_main="Пациенты поликлиник", results_main="Время ожидания сократилось вдвое",
        category=category("zdravookhranenie"), organisation_type=author_org_type(),
        organisation_name="Министерство здравоохранения Амурской области", implementation_year=year - 1,
        cost_range=CostRange.objects.order_by("order").first() or CostRange.objects.create(name="До 1 млн ₽"),
        roadmap_steps=["Диагностика", "Пилот в двух поликлиниках", "Тиражирование"], months_to_launch=6,
        specifics="Нужна поддержка главных врачей.", support_offered="Стажировки на площадке",
        normative_acts="Приказ министерства № 1", confirms_criteria=True, confirms_accuracy=True,
        confirms_consulting=True,
    )
    values.update(fields)
    practice = Practice.objects.create(**values)
    method = (ImplementationMethod.objects.filter(is_other=False).order_by("order").first()
              or ImplementationMethod.objects.create(name="Стажировка"))
    practice.implementation_methods.add(method)
    practice.rating_indicators.add(indicator or other_rating_indicator())
    PracticeResult.objects.create(practice=practice, indicator="Время ожидания приёма", unit="мин",
                                  value_before=60, date_before=datetime.date(year - 1, 1, 1),
                                  value_after=30, date_after=datetime.date(year - 1, 12, 1))
    ThirdParty.objects.create(practice=practice, name="ТФОМС", terms="Соглашение", responsibility="Оплата")
    members = list(team) or [UserFactory(region=author.region, last_name="Петров"),
                             UserFactory(region=author.region, last_name="Сидорова", first_name="Анна")]
    now = timezone.now()
    for user in [author, *members]:
        TeamMember.objects.create(practice=practice, user=user, joined_at=now, invited_by=author)
    for kind in (MaterialKind.NORMATIVE_ACT, MaterialKind.SAMPLE_DOCUMENT, MaterialKind.ROADMAP,
                 MaterialKind.PRESENTATION):
        add_material(practice, kind, by=author)
    practice.cover = store_upload(image_upload("cover.jpg", 1200, 900), by=author, owner=practice,
                                  kind="practice_cover")
    practice.save()
    return practice


# --- published practices for the catalogue (issue 7, F-CAT-1…4)


def published_practice(author=None, *, state="published", published_at=None, **fields):
    """A practice put straight into ``state`` (the FSM field is protected, so by a queryset update)
    with passport text given as keyword arguments; the search trigger fills its vector.

    A shortcut for catalogue data: many practices with chosen text, ``published_at`` and public or
    other states (archived…), at a few queries each. What the catalogue reads agrees with a practice
    published through the services (``practice_in(PracticeState.PUBLISHED)`` in tests/conftest.py):
    state, ``published_at``, region, author, track. It has no history, expert moderator or packaging,
    and only the passport fields given (``level`` among them) — a test that needs a practice as the
    workflow leaves it drives one with ``practice_in``."""
    author = author or UserFactory()
    fields.setdefault("region", author.region)
    fields.setdefault("goal", "")
    practice = Practice.objects.create(author=author, **fields)
    Practice.objects.filter(pk=practice.pk).update(state=state, published_at=published_at or timezone.now())
    practice.refresh_from_db()
    return practice


def answer_revision_points(practice, *, by=None, text="Исправлено в паспорте"):
    """F-PLUS-8: the team answers every point of the practice's return, so that it may be resubmitted."""
    from practices.models import RevisionPoint
    from practices.revision.services import save_answers

    points = RevisionPoint.objects.filter(practice=practice).exclude(status="resolved")
    save_answers(practice, {p.pk: p.answer or text for p in points}, by=by or practice.author)
    return practice
