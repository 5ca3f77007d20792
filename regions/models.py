from django.db import models
from django.urls import reverse


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
