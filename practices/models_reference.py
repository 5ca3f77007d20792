"""Reference data of the practices app (F-REF-2 … F-REF-6): category sets and categories, organisation
types, responsible bodies, the agency's ratings and their indicators, submission windows and the
passport's drop-down lists. Re-exported from ``practices.models``."""

from django.db import models

from practices.enums import RatingKind

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


class CategoryResponsibleBody(models.Model):
    """A region's executive body responsible for a category on the platform (F-REF-2; seed 000, Прил.1)."""

    category = models.ForeignKey(Category, verbose_name="Категория", on_delete=models.CASCADE,
                                 related_name="responsible_bodies")
    region = models.ForeignKey("regions.Region", verbose_name="Регион", on_delete=models.CASCADE,
                               related_name="category_bodies")
    name = models.CharField("Исполнительный орган", max_length=300)
    order = models.PositiveSmallIntegerField("Порядок", default=0)

    class Meta:
        ordering = ["region", "category", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["category", "region", "name"],
                                               name="category_body_unique")]
        verbose_name = "ответственный исполнительный орган"
        verbose_name_plural = "ответственные исполнительные органы"

    def __str__(self):
        return f"{self.category} — {self.name}"


# --- ratings and their indicators (F-REF-3, 4.1.4–4.1.5)


class Rating(models.Model):
    Kind = RatingKind

    name = models.CharField("Название", max_length=200, unique=True)
    full_name = models.CharField("Полное название", max_length=400, blank=True)
    slug = models.SlugField("Код", max_length=60, unique=True)
    kind = models.CharField("Вид", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    order = models.PositiveSmallIntegerField("Порядок", default=0)
    is_active = models.BooleanField("Действует", default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "рейтинг Агентства"
        verbose_name_plural = "рейтинги Агентства"

    def __str__(self):
        return self.name

    def open_window(self, day):
        """This rating's submission window open on ``day`` (4.3.1), or None."""
        return self.submission_windows.open_on(day).order_by("closes").first()

    def next_window(self, day):
        """This rating's first submission window opening after ``day``, or None."""
        return self.submission_windows.filter(opens__gt=day).order_by("opens").first()


class RatingIndicator(models.Model):
    """An indicator a practice may be tagged with only if it directly improves it (4.1.5)."""

    rating = models.ForeignKey(Rating, verbose_name="Рейтинг", on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField("Код", max_length=20)
    name = models.CharField("Показатель", max_length=300)
    group = models.CharField("Направление / группа показателей", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("Порядок", default=0)
    is_active = models.BooleanField("Действует", default=True)

    class Meta:
        ordering = ["rating__order", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["rating", "code"], name="rating_indicator_unique_code")]
        verbose_name = "показатель рейтинга"
        verbose_name_plural = "показатели рейтингов"

    def __str__(self):
        return f"{self.code}. {self.name}"

    @property
    def affects_investment_rating(self):
        return self.rating.kind == Rating.Kind.INVESTMENT


# --- submission windows (F-REF-6, 4.3.1)


class SubmissionWindowQuerySet(models.QuerySet):
    def open_on(self, day):
        return self.filter(opens__lte=day, closes__gte=day)


class SubmissionWindow(models.Model):
    """Practices affecting the ratings are accepted during the three months after the official
    publication of a rating's results (4.3.1); both dates are inclusive."""

    rating = models.ForeignKey(Rating, verbose_name="Рейтинг", on_delete=models.CASCADE,
                               related_name="submission_windows")
    title = models.CharField("Название", max_length=200)
    results_published = models.DateField("Дата официальной публикации итогов рейтинга", null=True, blank=True)
    opens = models.DateField("Приём открыт с")
    closes = models.DateField("Приём открыт по")

    objects = SubmissionWindowQuerySet.as_manager()

    class Meta:
        ordering = ["opens", "rating__order"]
        constraints = [models.CheckConstraint(condition=models.Q(closes__gte=models.F("opens")),
                                              name="submission_window_closes_after_opens")]
        verbose_name = "окно приёма практик"
        verbose_name_plural = "окна приёма практик"

    def __str__(self):
        return self.title

    def is_open(self, day):
        return self.opens <= day <= self.closes

    @classmethod
    def open_for(cls, rating, day):
        """The window of this rating (any rating if None) open on this day, or None."""
        windows = cls.objects.open_on(day)
        if rating is not None:
            windows = windows.filter(rating=rating)
        return windows.order_by("closes").first()


# --- passport drop-down lists (F-REF-5): not in the regulation, so editable lists (choice)


class CostRange(models.Model):
    name = models.CharField("Название", max_length=100, unique=True)
    min_rub = models.PositiveBigIntegerField("От, ₽", null=True, blank=True)
    max_rub = models.PositiveBigIntegerField("До, ₽", null=True, blank=True)
    order = models.PositiveSmallIntegerField("Порядок", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "диапазон стоимости"
        verbose_name_plural = "диапазоны стоимости"

    def __str__(self):
        return self.name


class ImplementationMethod(models.Model):
    name = models.CharField("Название", max_length=200, unique=True)
    is_other = models.BooleanField("«Другое» (автор пишет свой вариант)", default=False)
    order = models.PositiveSmallIntegerField("Порядок", default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "способ внедрения"
        verbose_name_plural = "способы внедрения"

    def __str__(self):
        return self.name


class EventFormat(models.Model):
    """Event formats recommended by 5.2.3–5.2.5 (F-REF-5)."""

    name = models.CharField("Название", max_length=300, unique=True)
    clause = models.CharField("Пункт Регламента", max_length=10)
    group = models.CharField("Назначение", max_length=400)
    description = models.TextField("Описание")
    order = models.PositiveSmallIntegerField("Порядок", default=0)

    class Meta:
        ordering = ["clause", "order"]
        verbose_name = "формат мероприятия"
        verbose_name_plural = "форматы мероприятий"

    def __str__(self):
        return self.name
