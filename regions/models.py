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
