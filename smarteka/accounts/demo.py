"""Demo users: one per role, in the demo region (Амурская область) and another region."""

import io

from django.apps import apps
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from smarteka.accounts.models import User
from smarteka.demo import DEMO_PASSWORD, DEMO_REGION_CODE, OTHER_REGION_CODE
from smarteka.roles.models import RoleGrant

# (e-mail, role label for README/console, role code or None, scope: "region" | "other_region" | "category" | None,
#  last name, first name, position, is_head)
DEMO_USERS = [
    ("asi@demo.smarteka.ru", "Модератор АСИ (и администратор)", "asi_moderator", None,
     "Орлова", "Анна", "Руководитель направления АСИ", False),
    ("coordinator@demo.smarteka.ru", "Региональный координатор (Амурская обл.)", "coordinator", "region",
     "Петров", "Сергей", "Заместитель председателя Правительства", True),
    ("author@demo.smarteka.ru", "Автор практики (Амурская обл.)", "author", "region",
     "Смирнова", "Елена", "Начальник отдела проектной деятельности", False),
    ("team1@demo.smarteka.ru", "Участник команды (Амурская обл.)", None, "region",
     "Кузнецов", "Дмитрий", "Консультант отдела", False),
    ("team2@demo.smarteka.ru", "Участник команды (Амурская обл.)", None, "region",
     "Волкова", "Мария", "Главный специалист", False),
    ("expert-moderator@demo.smarteka.ru", "Эксперт-модератор (все категории)", "expert_moderator", "category",
     "Соколов", "Андрей", "Эксперт-модератор АСИ", False),
    ("expert1@demo.smarteka.ru", "Эксперт 1", "expert", "category", "Лебедев", "Павел", "Эксперт", False),
    ("expert2@demo.smarteka.ru", "Эксперт 2", "expert", "category", "Новикова", "Ольга", "Эксперт", False),
    ("expert3@demo.smarteka.ru", "Эксперт 3", "expert", "category", "Морозов", "Игорь", "Эксперт", False),
    ("impl-moderator@demo.smarteka.ru", "Модератор внедрения", "implementation_moderator", None,
     "Фёдорова", "Татьяна", "Модератор внедрения АСИ", False),
    ("rating@demo.smarteka.ru", "Рейтинговый комитет", "rating_committee", None,
     "Григорьев", "Алексей", "Аналитик Центра национальных рейтингов", False),
    ("recipient@demo.smarteka.ru", "Реципиент (Республика Татарстан)", "recipient", "other_region",
     "Хасанов", "Ринат", "Министр экономики", True),
    ("curator@demo.smarteka.ru", "Куратор ФО (Приволжский ФО)", "fd_curator", "district",
     "Белова", "Ирина", "Куратор федерального округа", False),
    ("partner@demo.smarteka.ru", "Партнёр (комиссия Госсовета)", "partner", None,
     "Зайцев", "Николай", "Секретарь комиссии Государственного Совета", False),
    ("user@demo.smarteka.ru", "Пользователь (без ролей)", None, "other_region",
     "Егорова", "Наталья", "Специалист", False),
]


def _region(code, name):
    Region = apps.get_model("regions", "Region")
    region = Region.objects.filter(code=code).first()
    if region is None:
        region = Region.objects.create(code=code, name=name, slug=f"region-{code}")
    return region


def _avatar(seed):
    buffer = io.BytesIO()
    shade = 60 + (sum(map(ord, seed)) % 150)
    Image.new("RGB", (240, 240), (shade, 110, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def load(ctx):
    Category = apps.get_model("practices", "Category")
    OrganisationType = apps.get_model("practices", "OrganisationType")

    demo_region = _region(DEMO_REGION_CODE, "Амурская область")
    other_region = _region(OTHER_REGION_CODE, "Республика Татарстан")
    ctx["demo_region"], ctx["other_region"] = demo_region, other_region
    org_type = OrganisationType.objects.filter(may_author=True).order_by("order").first()
    if org_type is None:
        org_type = OrganisationType.objects.create(name="Исполнительный орган субъекта РФ", may_author=True)
    categories = list(Category.objects.filter(category_set__is_current=True, is_unknown=False))
    users = ctx.setdefault("users", {})
    for email, _label, role, scope, last, first, position, is_head in DEMO_USERS:
        # the experts live outside the demo practices' region: an expert of the author's region is never
        # invited (F-PLUS-7)
        region = other_region if scope in ("other_region", "district") or role == "expert" else demo_region
        user, created = User.objects.get_or_create(
            email=email,
            defaults=dict(
                last_name=last, first_name=first, middle_name="", region=region, position=position,
                is_head=is_head, organisation_type=org_type,
                organisation_name=("АСИ" if region is None else f"Правительство: {region.name}"),
                work_phone="+7 (495) 690-91-29", mobile_phone="+7 (900) 000-00-00",
                email_verified_at=timezone.now(), is_staff=(role == "asi_moderator"),
                is_superuser=(role == "asi_moderator"),
            ),
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.photo.save(f"demo-{user.pk}.png", ContentFile(_avatar(last)), save=False)
            user.save()
        users[email.split("@")[0]] = user
        if not role:
            continue
        scopes = [{}]
        if scope in ("region", "other_region"):
            scopes = [{"region": region}]
        elif scope == "category":
            scopes = [{"category": c} for c in categories] or [{}]
        elif scope == "district" and region.federal_district_id:
            scopes = [{"federal_district": region.federal_district}]
        for s in scopes:
            if not RoleGrant.objects.active().filter(user=user, role=role, **s).exists():
                RoleGrant.objects.create(user=user, role=role, comment="Демонстрационные данные", **s)
