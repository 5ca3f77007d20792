"""Factories shared by the whole suite (STYLE 9)."""

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from practices.models import Category, CategorySet, OrganisationType
from regions.models import FederalDistrict, Region
from smarteka.accounts.models import User
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
    email_verified_at = factory.Faker("date_time", tzinfo=__import__("datetime").timezone.utc)

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
