"""What a passport still lacks for submission, section by section (F-PASS-3, used by F-PASS-4).

``missing_by_section(practice)`` is the ONE place that knows which passport fields submission
requires. It covers the sections of Прил.2 edited on the passport pages (items 1–8, 11–18 and the
author's confirmations of 4.1.6–4.1.7). Materials (9), cover (10) and team (19) are NOT here: their
packages have their own ``completeness`` (``practices.materials``, ``practices.team``). What these
checks read, for prefetching a list of practices, is ``practices.models.completeness_prefetch()``.

Imports nothing: ``practices.models`` asks ``practices.submission.completeness`` (which builds on
these modules) for its transition conditions."""

# (slug, title) in the order of Прил.2
SECTIONS = (
    ("about", "О практике"),
    ("audience", "Аудитория и результаты"),
    ("category", "Категория и показатели"),
    ("organisation", "Организация"),
    ("implementation", "Внедрение"),
    ("confirmations", "Подтверждения"),
)
SECTION_TITLES = dict(SECTIONS)

# these two have their own sentence in the F-PASS-4 refusal (practices/submission/completeness.py)
INDICATORS_MISSING = "показатели рейтингов (хотя бы один)"
CONFIRMATIONS_SECTION = "confirmations"


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _items(values):
    return [v for v in (values or []) if v and v.strip()]


def missing_by_section(practice):
    """``{section slug: [Russian names of what is missing]}`` for every section, in order.
    An empty list means the section is complete for submission."""
    p = practice
    has_pk = p.pk is not None
    missing = {slug: [] for slug, _ in SECTIONS}

    about = missing["about"]
    if _blank(p.title):
        about.append("название практики")
    if _blank(p.goal):
        about.append("цель практики")
    if not _items(p.tasks):
        about.append("задачи практики (хотя бы одна)")
    if _blank(p.essence):
        about.append("суть практики")

    audience = missing["audience"]
    if _blank(p.audience_main):
        audience.append("главные целевые аудитории")
    if _blank(p.results_main):
        audience.append("главные результаты")
    if not has_pk or not p.results.exists():
        audience.append("количественные результаты (хотя бы один, со значениями до и после)")

    category = missing["category"]
    if p.category_id is None:
        category.append("категория")
    if not has_pk or not p.rating_indicators.exists():
        category.append(INDICATORS_MISSING)

    organisation = missing["organisation"]
    if p.organisation_type_id is None:
        organisation.append("тип организации")
    if _blank(p.organisation_name):
        organisation.append("название организации")

    impl = missing["implementation"]
    if p.implementation_year is None:
        impl.append("год реализации практики")
    if p.cost_range_id is None:
        impl.append("стоимость реализации")
    methods = list(p.implementation_methods.all()) if has_pk else []
    if not methods:
        impl.append("способы внедрения в другом регионе")
    elif any(m.is_other for m in methods) and _blank(p.implementation_method_other):
        impl.append("свой вариант способа внедрения («Другое»)")
    if not _items(p.roadmap_steps):
        impl.append("шаги плана реализации (хотя бы один)")
    if _blank(p.normative_acts):
        impl.append("нормативные правовые акты и принятые меры")
    if p.months_to_launch is None:
        impl.append("сколько месяцев потребовалось для запуска")
    if _blank(p.specifics):
        impl.append("особенности, которые нужно учесть при внедрении")
    if _blank(p.support_offered):
        impl.append("поддержка, кроме консультационной")

    confirmations = missing[CONFIRMATIONS_SECTION]
    if not p.confirms_criteria:
        confirmations.append("подтверждение соответствия критериям п. 2.1.5")
    if not p.confirms_accuracy:
        confirmations.append("гарантия достоверности сведений")
    if not p.confirms_consulting:
        confirmations.append("согласие на консультационную помощь при тиражировании")
    return missing


def missing_count(practice):
    return sum(len(items) for items in missing_by_section(practice).values())
