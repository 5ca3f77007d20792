from django.core.exceptions import ValidationError
from django.db import models

from smarteka.kepturls import reverse  # kept per process (issue 17)


class FederalDistrict(models.Model):
    name = models.CharField("Название", max_length=100, unique=True)
    short_name = models.CharField("Сокращение", max_length=10, unique=True)
    order = models.PositiveSmallIntegerField("Порядок", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "федеральный округ"
        verbose_name_plural = "федеральные округа"

    def __str__(self):
        return self.name


class Region(models.Model):
    """A federal subject of Russia (F-REF-1). The four subjects admitted in 2022 are in no
    federal district by the President's decree, so the district is nullable."""

    name = models.CharField("Название", max_length=150, unique=True)
    code = models.CharField("Код субъекта", max_length=3, unique=True)
    slug = models.SlugField("Адрес страницы", max_length=80, unique=True)
    federal_district = models.ForeignKey(
        FederalDistrict, verbose_name="Федеральный округ", null=True, blank=True,
        on_delete=models.PROTECT, related_name="regions",
    )
    admitted_2022 = models.BooleanField("Принят в 2022 году", default=False)
    head_name = models.CharField("Глава региона (ФИО)", max_length=200, blank=True)
    head_position = models.CharField("Должность главы", max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "регион"
        verbose_name_plural = "регионы"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regions:detail", args=[self.slug])

    @property
    def current_coordinator(self):
        """The open coordinator appointment (F-ACC-6), or None."""
        return self.coordinator_appointments.filter(ended_at__isnull=True).first()

    def is_leader(self, year):
        """True when the region is in the leader registry for ``year`` (F-REF-4, 3.1.1)."""
        return self.leader_entries.filter(year=year).exists()


class CoordinatorAppointment(models.Model):
    """One appointment of the regional coordinator (F-ACC-6, 2.2.3.1). A new appointment ends the
    previous one, which is kept as history; only one appointment per region is open at a time."""

    region = models.ForeignKey(Region, verbose_name="Регион", on_delete=models.CASCADE,
                               related_name="coordinator_appointments")
    user = models.ForeignKey("accounts.User", verbose_name="Профиль на платформе", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="coordinator_appointments")
    full_name = models.CharField("ФИО", max_length=300)
    position = models.CharField("Должность", max_length=300)
    phone = models.CharField("Телефон", max_length=40)
    email = models.EmailField("Электронная почта")
    appointed_at = models.DateField("Дата назначения")
    ended_at = models.DateField("Дата окончания полномочий", null=True, blank=True)
    appointed_by = models.ForeignKey("accounts.User", verbose_name="Кем внесено", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    basis = models.CharField("Основание (документ о назначении)", max_length=300, blank=True)
    basis_document = models.FileField("Файл документа о назначении", upload_to="regions/coordinators/",
                                      blank=True)
    recorded_at = models.DateTimeField("Когда внесено", auto_now_add=True)

    class Meta:
        ordering = ["-appointed_at", "-recorded_at"]
        verbose_name = "назначение регионального координатора"
        verbose_name_plural = "назначения региональных координаторов"
        constraints = [
            models.UniqueConstraint(fields=["region"], condition=models.Q(ended_at__isnull=True),
                                    name="coordinator_one_open_per_region"),
        ]

    def __str__(self):
        return f"{self.full_name} — {self.region}"

    @property
    def is_current(self):
        return self.ended_at is None


class ManagementTeamMember(models.Model):
    """A member of the regional management team for a year (2.2.1: the team is updated yearly)."""

    region = models.ForeignKey(Region, verbose_name="Регион", on_delete=models.CASCADE,
                               related_name="team_members")
    year = models.PositiveSmallIntegerField("Год")
    full_name = models.CharField("ФИО", max_length=300)
    position = models.CharField("Должность", max_length=300)
    order = models.PositiveSmallIntegerField("Порядок", default=0)

    class Meta:
        ordering = ["region", "-year", "order", "full_name"]
        verbose_name = "член региональной управленческой команды"
        verbose_name_plural = "региональные управленческие команды"
        indexes = [models.Index(fields=["region", "year"])]

    def __str__(self):
        return f"{self.full_name} ({self.region}, {self.year})"


class LeaderReason(models.TextChoices):
    """The six grounds of 3.1.1 on which a region is in the yearly leader registry (F-REF-4)."""

    INVEST_TOP5 = "invest_top5", "ТОП-5 лидеров по интегральному индексу Рейтинга инвестиционной привлекательности"
    INVEST_GROWTH_TOP3 = "invest_growth_top3", (
        "ТОП-3 лидеров роста по факторам Рейтинга инвестиционной привлекательности за последние три года"
    )
    QOL_TOP10 = "qol_top10", "ТОП-10 лидеров по соответствующему направлению Рейтинга качества жизни"
    QOL_GROWTH_TOP10 = "qol_growth_top10", (
        "ТОП-10 лидеров роста по соответствующим факторам Рейтинга качества жизни за последние три года"
    )
    ASI_LEADER_PROJECT = "asi_leader_project", "Поддержка и реализация лидерских проектов Агентства"
    FORUM_TOP100 = "forum_top100", "Поддержка и реализация идей из числа ТОП-100 Форума «Сильные идеи для нового времени»"


QOL_REASONS = (LeaderReason.QOL_TOP10, LeaderReason.QOL_GROWTH_TOP10)


class LeaderRegistryEntry(models.Model):
    """A region's place in the yearly leader registry (3.1.1), entered by the National Ratings Center."""

    region = models.ForeignKey(Region, verbose_name="Регион", on_delete=models.CASCADE, related_name="leader_entries")
    year = models.PositiveSmallIntegerField("Год")
    reason = models.CharField("Основание", max_length=40, choices=LeaderReason.choices)
    direction = models.CharField(
        "Направление Рейтинга качества жизни", max_length=200, blank=True,
        help_text="Для лидеров Рейтинга качества жизни: направление или фактор рейтинга",
    )
    entered_by = models.ForeignKey("accounts.User", verbose_name="Кем внесено", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField("Когда внесено", auto_now_add=True)

    class Meta:
        ordering = ["-year", "region__name"]
        verbose_name = "запись реестра регионов-лидеров"
        verbose_name_plural = "реестр регионов-лидеров"
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "reason", "direction"], name="leader_entry_unique"),
        ]

    def __str__(self):
        return f"{self.region} — {self.year}: {self.get_reason_display()}"

    def clean(self):
        if self.reason in QOL_REASONS and not self.direction.strip():
            raise ValidationError({"direction": QOL_DIRECTION_REQUIRED})
        if self.reason and self.reason not in QOL_REASONS and self.direction.strip():
            raise ValidationError({"direction": QOL_DIRECTION_ONLY})


QOL_DIRECTION_REQUIRED = "Для лидеров Рейтинга качества жизни укажите направление (фактор) рейтинга."
QOL_DIRECTION_ONLY = "Направление указывается только для оснований Рейтинга качества жизни."


class QuarterlyReport(models.Model):
    """A region's quarterly report for a quarter (F-REPORT-2; seed 000, п. 3: «ежеквартально в срок до 15 числа
    месяца, следующего за отчетным периодом»): when the region's coordinator first downloaded it and when they
    confirmed sending it. The report itself is built from the data on demand (regions/quarterly.py); this row
    carries the tracking the ASI moderator sees and the reminder deadline of the quarter."""

    region = models.ForeignKey(Region, verbose_name="Регион", on_delete=models.CASCADE,
                               related_name="quarterly_reports")
    year = models.PositiveSmallIntegerField("Год")
    quarter = models.PositiveSmallIntegerField("Квартал", choices=[(q, f"{q} квартал") for q in range(1, 5)])
    first_downloaded_at = models.DateTimeField("Впервые скачан", null=True, blank=True)
    first_downloaded_by = models.ForeignKey("accounts.User", verbose_name="Кем скачан", null=True, blank=True,
                                            on_delete=models.SET_NULL, related_name="+")
    confirmed_at = models.DateTimeField("Отправка подтверждена", null=True, blank=True)
    confirmed_by = models.ForeignKey("accounts.User", verbose_name="Кем подтверждена", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("Создан", auto_now_add=True)

    class Meta:
        ordering = ["-year", "-quarter", "region__name"]
        verbose_name = "квартальный отчёт региона"
        verbose_name_plural = "квартальные отчёты регионов"
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "quarter"], name="quarterly_report_once"),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="quarterly_report_quarter"),
        ]

    def __str__(self):
        return f"Квартальный отчёт: {self.region}, {QUARTER_NAMES[self.quarter]} квартал {self.year} г."

    def get_absolute_url(self):
        return f"{reverse('regions:quarterly', args=[self.region.slug])}?year={self.year}&quarter={self.quarter}"


QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}
