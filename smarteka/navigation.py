"""The current section of the site (issue 14, item 4): which main-menu item is highlighted
(``aria-current="page"``) and the default breadcrumbs of a page that gives none of its own.

A section is found from the URL name of the request (``namespace:name``, or ``namespace:*`` for a whole
namespace); URL names are strings, so no app is imported. A new section: a row in ``SECTIONS`` and
``{% current "<key>" %}`` on its menu link.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavSection:
    key: str
    label: str
    url_name: str
    views: tuple  # "namespace:name" or "namespace:*"

    @property
    def url(self):
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return ""


SECTIONS = (
    NavSection("cabinet", "Мой кабинет", "cabinet", ("cabinet",)),
    NavSection("catalogue", "Каталог практик", "practices:catalogue",
               ("practices:catalogue", "practices:detail", "practices:digest")),
    NavSection("knowledge_base", "База знаний", "practices:knowledge_base", ("practices:knowledge_base",)),
    NavSection("my_practices", "Мои практики", "practices:my",
               ("practices:my", "practices:create", "practices:edit", "practices:edit_section",
                "practices:preview", "practices:materials", "practices:team", "practices:submit",
                "practices:versions")),
    NavSection("region_dashboard", "Сводка", "regions:dashboard",
               ("regions:dashboard", "regions:region_dashboard", "regions:country_dashboard")),  # F-REPORT-1
    NavSection("regions", "Регионы", "regions:list", ("regions:*",)),
    NavSection("selections", "Отборы", "selections:list", ("selections:*",)),
    NavSection("replication", "Тиражирование", "replication:event_list", ("replication:*",)),
    NavSection("recommendations", "Рекомендации", "validation:recommendations", ("validation:recommendations",)),
    NavSection("review", "Проверка практик", "validation:queue",
               ("validation:*", "expert_review:*")),
    NavSection("my_evaluations", "Ожидают моей оценки", "experts:my_queue",
               ("experts:my_queue", "experts:evaluate", "experts:decline")),
    NavSection("expert_pools", "Экспертные пулы", "experts:pools", ("experts:*",)),
    NavSection("access_queue", "Заявки на доступ", "accounts:access_queue",
               ("accounts:access_queue", "accounts:access_detail", "accounts:access_decide")),
    NavSection("profile", "Профиль", "accounts:profile", ("accounts:profile", "accounts:profile_edit",
                                                         "accounts:access")),
    NavSection("notifications", "Уведомления", "notifications:list", ("notifications:*",)),
    NavSection("roles", "Роли и назначения", "roles:list", ("roles:*",)),
    NavSection("reference", "Справочники", "practices:reference", ("practices:reference",)),
)


def section_for(view_name):
    """The section of a URL name; exact names win over a namespace's ``*``."""
    if not view_name:
        return None
    for section in SECTIONS:
        if view_name in section.views:
            return section
    namespace = view_name.rsplit(":", 1)[0] + ":*" if ":" in view_name else None
    for section in SECTIONS:
        if namespace in section.views:
            return section
    return None


def current_section(request):
    match = getattr(request, "resolver_match", None)
    return section_for(match.view_name if match else None)
