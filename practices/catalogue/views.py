"""Public pages: catalogue, knowledge base, practice page, «Полезно», digest, home (F-CAT-1…4, F-REPORT-4)."""

import datetime

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from practices.catalogue import digest as digests
from practices.catalogue import services
from practices.catalogue.facets import catalogue_counts
from practices.catalogue.forms import DigestSubscriptionForm, SearchForm
from practices.catalogue.query import SORTS, CatalogueQuery, with_counts
from practices.catalogue.record import home_maps, record_map, replication_record
from practices.catalogue.search import search
from practices.catalogue.similar import similar_practices
from practices.catalogue.typeahead import suggestions
from practices.enums import PUBLIC_STATES
from practices.models import (
    PRACTICE_TEXT,
    Appreciation,
    Category,
    DigestSubscription,
    Material,
    MaterialKind,
    Practice,
    PracticeResult,
    PracticeState,
    TeamMember,
    Track,
)
from smarteka import pagecache
from smarteka.files.responses import attachment_response
from smarteka.history.services import history_for
from smarteka.pagecache import public_page
from smarteka.permissions import can


def _listing(request, *, archived):
    query = CatalogueQuery.from_get(request.GET, archived=archived)
    result = search(query)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "result": result, "query": query, "archived": archived,
        "form": SearchForm(initial={"q": query.q, "sort": result.sort}),
        "sorts": SORTS, "querystring": params.urlencode(),
        "page_range": result.page.paginator.get_elided_page_range(result.page.number, on_each_side=2, on_ends=1),
        "action_url": reverse("practices:knowledge_base" if archived else "practices:catalogue"),
    }
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "catalogue-results":
        return render(request, "practices/catalogue/_results.html", context)
    return render(request, "practices/catalogue/list.html", context)


@public_page
def catalogue(request):
    """F-CAT-1: published practices, search, filters with counts, sort, pages."""
    return _listing(request, archived=False)


@public_page
def knowledge_base(request):
    """F-CAT-2: archived practices, searchable the same way, marked «В базе знаний»."""
    return _listing(request, archived=True)


def search_suggestions(request):
    """Issue 16 item 6 (F-CAT-1): the options of the search box's list while typing (htmx). The answer
    is empty — no whitespace — when nothing fits, so the list hides itself (``:empty``)."""
    archived = request.GET.get("archived") == "1"
    action_url = reverse("practices:knowledge_base" if archived else "practices:catalogue")
    html = render_to_string("practices/catalogue/_suggestions.html", {
        "suggestions": suggestions(request.GET.get("q", "")[:200], archived=archived), "action_url": action_url,
    }, request=request)
    response = HttpResponse(html.strip())
    response["Cache-Control"] = "private, max-age=60"
    return response


def thumbnail(request, pk):
    """The 400×300 card thumbnail of a cover (F-PASS-2, F-CAT-1): to everyone once the practice is
    published or archived; before that only to those who may see the draft (media is never served as is)."""
    practice = get_object_or_404(Practice.objects.only("pk", "state", "author_id", "region_id", "category_id",
                                                       "cover_thumbnail"), pk=pk)
    public = practice.state in PUBLIC_STATES
    if not practice.cover_thumbnail or not (public or can(request.user, "view_practice_draft", practice)):
        raise Http404("Обложки нет")
    # issue 15 item 4: attachment + nosniff like every file response (an <img> shows it all the same)
    response = attachment_response(practice.cover_thumbnail.open("rb"), name=f"practice-{practice.pk}.jpg",
                                   content_type="image/jpeg")
    # the URL carries the thumbnail's name (?v=…), so a new cover gets a new URL
    response["Cache-Control"] = "public, max-age=86400" if public else "private, max-age=300"
    return response


def material_groups(materials):
    """``[(kind label, [materials])]`` in the order of the kinds' choices: the kind is said once, as the
    group's heading, and each material by its own name, format and size (issue 14, item 10)."""
    order = {value: i for i, value in enumerate(MaterialKind.values)}
    groups = {}
    for material in sorted(materials, key=lambda m: (order.get(m.kind, len(order)), m.pk)):
        groups.setdefault(material.get_kind_display(), []).append(material)
    return list(groups.items())


def impact_results():
    """F-PLUS-1: the practice's result rows with the rows the regions that implemented it recorded
    (``adopted``: completed replications only). Practices never imports replication: its model is found
    by name, and without it the rows come alone."""
    rows = PracticeResult.objects.select_related("rating_indicator")
    try:
        adopted = apps.get_model("replication", "ReplicationResult")
    except LookupError:
        return rows
    return rows.prefetch_related(Prefetch(
        "adopter_results", to_attr="adopted",
        queryset=adopted.objects.filter(request__state="done").select_related("request__recipient_region")
        .order_by("request__recipient_region__name", "pk")))


def page_practice(queryset, user=None):
    """The practice page's queryset: the practice and its relations in one query (issue 17 item 2); with a
    logged-in ``user``, their «Полезно» in the same query."""
    if user is not None and user.is_authenticated:
        queryset = queryset.annotate(
            appreciated=Exists(Appreciation.objects.filter(user=user, practice=OuterRef("pk"))))
    return (with_counts(queryset, replications=True)
            .select_related("category", "region__federal_district", "cost_range", "organisation_type", "cover")
            .prefetch_related(
                Prefetch("results", queryset=impact_results()),
                "rating_indicators__rating", "implementation_methods", "third_parties",
                "implemented_regions",
                Prefetch("materials", queryset=Material.objects.filter(is_public=True).select_related("file"),
                         to_attr="public_materials"),
                Prefetch("team", queryset=TeamMember.objects.filter(user__isnull=False)
                         .select_related("user", "user__organisation_type"), to_attr="members"),
            ).defer("search_vector"))


def shared_context(practice):
    """What the practice page shows every viewer alike: similar practices, the replication record and its
    map, the public materials (``viewer_context`` adds what depends on who looks)."""
    letters = [m for m in practice.public_materials if m.kind == MaterialKind.STATE_COUNCIL_LETTER]
    record = replication_record(practice)
    similar = similar_practices(practice, with_counts(Practice.objects.all())
                                .select_related("category", "region").defer(*PRACTICE_TEXT))
    context = {
        "practice": practice, "show_badges": True, "similar": similar,
        "material_groups": material_groups(
            m for m in practice.public_materials if m.kind != MaterialKind.STATE_COUNCIL_LETTER),
        "state_council_letters": letters if practice.track == Track.STATE_COUNCIL else [],
        "members": practice.members,
        "is_archived": practice.state == PracticeState.ARCHIVED,
        "replication_record": record,
        "record_map": record_map(practice, record) if record or practice.implemented_regions.all() else None,
    }
    # issue 17: the parts every viewer sees alike are drawn here, once — for a public practice they are kept
    # in the cache with the rest of this context (the map of 89 regions was a third of the page's time)
    context["fragments"] = {name: render_to_string(template, context) for name, template in SHARED_FRAGMENTS}
    return context


SHARED_FRAGMENTS = (
    ("page", "practices/_page.html"),  # the passport
    ("map", "practices/catalogue/_record_map.html"),  # F-PLUS-2
    ("record", "practices/catalogue/_replication_record.html"),  # F-PLUS-2
    ("similar", "practices/catalogue/_similar.html"),  # F-PLUS-4
)


def viewer_context(practice, viewer):
    """What depends on who looks: the team's contacts, the history, «Запросить актуализацию». Every
    permission is asked of ``viewer`` (the preview's stand-in, F-PLUS-10), never of ``request.user`` (the
    header and the menu stay the real user's)."""
    show_history = can(viewer, "view_history", practice)
    return {
        "viewer": viewer,
        "show_contacts": can(viewer, "view_team_contacts", practice),
        "show_history": show_history, "transitions": history_for(practice) if show_history else [],
        "may_request_actualization": can(viewer, "request_actualization", practice),
    }


def page_context(practice, viewer):
    """The practice page's context for ``viewer``."""
    return {**shared_context(practice), **viewer_context(practice, viewer)}


def _page_key(pk):
    return f"practice-page:v2:{pagecache.version()}:{pk}"  # v2: with the drawn fragments (issue 17)


def shared_page(pk, user):
    """``(practice, shared_context, kept)`` of the practice page; ``(None, None, False)`` when there is no
    such practice, ``(practice, None, False)`` when it is not public.

    Issue 17: a public practice's are kept in the cache under the public pages' version, so they are
    dropped exactly when the anonymous page is (publication, actualization, archiving, a replication
    request — smarteka.pagecache); a logged-in visitor's page then costs only what depends on them.
    ``kept`` says they came from the cache: the «Полезно» figures are then asked afresh for a logged-in
    visitor (``fresh_marks``) — who just marked the practice sees the count with their mark; read now,
    the practice carries the user's mark (``appreciated``). An unpublished practice is never kept."""
    key = _page_key(pk)
    try:
        kept = cache.get(key) if pagecache.seconds() else None
    except Exception:  # noqa: BLE001  a stale or unreadable entry (a deploy changed the models): read afresh
        kept = None
    if kept is not None:
        return (*kept, True)
    practice = page_practice(Practice.objects.filter(pk=pk), user).first()
    if practice is None or practice.state not in PUBLIC_STATES:
        return practice, None, False
    shared = shared_context(practice)
    if pagecache.seconds():
        cache.set(key, (practice, shared), pagecache.seconds())
    return practice, shared, False


def fresh_marks(practice, user):
    """«Полезно» of the practice now: ``(count, marked by user)`` in one query."""
    marks = Appreciation.objects.filter(practice=practice).aggregate(
        n=Count("pk"), mine=Count("pk", filter=Q(user=user)))
    return marks["n"], bool(marks["mine"])


@public_page
def detail(request, pk):
    """F-CAT-3: the public page of a published or archived practice."""
    user = request.user
    practice, shared, kept = shared_page(pk, user)
    if practice is None:
        raise Http404("Практика не найдена")
    if shared is None:
        if can(user, "view_practice_draft", practice):
            return redirect("practices:preview", pk=practice.pk)
        raise Http404("Практика не опубликована")
    appreciated = False  # a kept practice carries the mark of whoever read it first: never shown to another
    if kept and user.is_authenticated:
        practice.useful_count, appreciated = fresh_marks(practice, user)
    elif user.is_authenticated:
        appreciated = practice.appreciated
    return render(request, "practices/catalogue/detail.html", {
        **shared, **viewer_context(practice, user),
        "appreciated": appreciated,
        "may_preview": can(user, "preview_practice_as", practice),  # F-PLUS-10
    })


@require_POST
def appreciate(request, pk):
    """F-CAT-4: the htmx toggle of «Полезно» (anonymous visitors are sent to log in)."""
    practice = get_object_or_404(Practice.objects.defer("search_vector"), pk=pk,
                                 state__in=PUBLIC_STATES)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("practices:detail", args=[pk]))
    marked, count = services.toggle_appreciation(practice, by=request.user)
    context = {"practice": practice, "appreciated": marked, "useful_count": count}
    if request.headers.get("HX-Request"):
        return render(request, "practices/catalogue/_useful.html", context)
    messages.success(request, "Отметка «Полезно» поставлена." if marked else "Отметка «Полезно» снята.")
    return redirect("practices:detail", pk=pk)


def _month(value, today):
    try:
        return datetime.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return digests.last_active_month(today)


@public_page
def digest(request):
    """F-CAT-4: the monthly digest (the last month with activity by default, ?month=YYYY-MM)."""
    today = timezone.localdate()
    month = _month(request.GET.get("month"), today)
    data = digests.digest(month)
    months = []
    cursor = today.replace(day=1)
    for _ in range(12):
        months.append(cursor)
        cursor = (cursor - datetime.timedelta(days=1)).replace(day=1)
    if month not in months:  # an older month (or the default's) stays selectable
        months.append(month)
    months = [(m, digests.month_name(m)) for m in sorted(months, reverse=True)]
    subscribed = request.user.is_authenticated and DigestSubscription.objects.filter(user=request.user).exists()
    return render(request, "practices/catalogue/digest.html", {
        **data, "months": months, "month_label": digests.month_name(month),
        "subscribed": subscribed, "form": DigestSubscriptionForm(initial={"subscribed": subscribed}),
    })


@require_POST
def digest_subscription(request):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("practices:digest"))
    form = DigestSubscriptionForm(request.POST)
    subscribed = form.is_valid() and form.cleaned_data["subscribed"]
    services.set_digest_subscription(request.user, subscribed=subscribed)
    messages.success(request, "Вы подписаны на ежемесячный дайджест." if subscribed
                     else "Подписка на дайджест отключена.")
    return redirect(request.POST.get("next") or reverse("practices:digest"))


@public_page
def home(request):
    """F-REPORT-4: the platform's figures, newest practices, categories with counts.

    Issue 17 item 2: the figures and the category counts are read from the summary table of the
    catalogue's counts (one query of about a hundred rows) instead of counted over every published
    practice; the newest six come from the (state, published_at) index."""
    counts = catalogue_counts(PracticeState.PUBLISHED)
    newest = (with_counts(Practice.objects.filter(state=PracticeState.PUBLISHED))
              .select_related("category", "region").defer("search_vector").order_by("-published_at", "-pk")[:6])
    categories = list(Category.objects.filter(category_set__is_current=True).order_by("order", "name"))
    for category in categories:
        category.n = counts[1]["category"].get(category.pk, 0)
    return render(request, "practices/catalogue/home.html", {
        "figures": digests.platform_figures(counts), "newest": newest, "categories": categories,
        **home_maps(counts[1]["region"]),
    })
