from django.db import models

# --- reference data (F-REF-2, F-REF-5); the practice itself comes with the passport issue


class CategorySet(models.Model):
    """Categories are data: the regulation's 10 (4.1.4) and the Amur decree's older 12 are two sets."""

    name = models.CharField("Название", max_length=200, unique=True)
    source = models.CharField("Источник", max_length=300, blank=True)
    is_current = models.BooleanField("Действующий набор", default=False)

    class Meta:
        verbose_name = "набор категорий"
        verbose_name_plural = "наборы категорий"

    def __str__(self):
        return self.name


class Category(models.Model):
    category_set = models.ForeignKey(CategorySet, verbose_name="Набор", on_delete=models.CASCADE,
                                     related_name="categories")
    name = models.CharField("Название", max_length=200)
    slug = models.SlugField("Код", max_length=80)
    definition = models.TextField("Определение", blank=True)
    order = models.PositiveSmallIntegerField("Порядок", default=0)
    is_unknown = models.BooleanField("«Я не знаю, что выбрать»", default=False)

    class Meta:
        ordering = ["category_set", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["category_set", "slug"], name="category_unique_slug")]
        verbose_name = "категория"
        verbose_name_plural = "категории"

    def __str__(self):
        return self.name


class OrganisationType(models.Model):
    """Only a regional executive body or its subordinate organisation may author a practice
    (2.1.5 p.3, Прил.2 «ВАЖНО»)."""

    name = models.CharField("Название", max_length=200, unique=True)
    may_author = models.BooleanField("Может быть автором практики", default=False)
    order = models.PositiveSmallIntegerField("Порядок", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "тип организации"
        verbose_name_plural = "типы организаций"

    def __str__(self):
        return self.name
