from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from regions import services
from regions.forms import CoordinatorAppointmentForm, LeaderEntryForm, RegionHeadForm, TeamFormSet
from regions.map import region_map
from regions.models import (
    CoordinatorAppointment,
    FederalDistrict,
    LeaderReason,
    LeaderRegistryEntry,
    ManagementTeamMember,
    Region,
)
from smarteka.forms import add_service_errors, post_data, posted
from smarteka.pagecache import public_page
from smarteka.permissions import can, permission_required


def adopted_from(region):
    """F-PLUS-2: the region's public practices other regions implemented, ``[{pk, title, regions}]`` by
    title, each with the adopting regions by name (one query over the practice–region links)."""
    links = (Region.implemented_practices.through.objects
             .filter(practice__region=region, practice__state__in=PUBLIC_PRACTICE_STATES)
             .order_by("practice__title", "practice_id", "region__name")
             .values("practice_id", "practice__title", "region__code", "region__name", "region__slug"))
    rows = []
    for pk, group in groupby(links, key=lambda link: link["practice_id"]):
        group = list(group)
        rows.append({"pk": pk, "title": group[0]["practice__title"],
                     "regions": [{"code": g["region__code"], "name": g["region__name"],
                                  "url": reverse("regions:detail", args=[g["region__slug"]])} for g in group]})
    return rows


def exchange_map(region, adopted, adopted_from_it):
    """F-PLUS-2: the region page's map — the regions it adopted practices from and those that adopted its
    practices (one query: the regions' names)."""
    sources = {p.region.code for p in adopted}
    adopters = {r["code"] for row in adopted_from_it for r in row["regions"]}
    marks = {}
    for code in sources | adopters:
        if code in sources and code in adopters:
            marks[code] = ("map-both", f"обмен практиками с регионом «{region.name}» в обе стороны")
        elif code in sources:
            marks[code] = ("map-source", f"автор практик, внедрённых в регионе «{region.name}»")
        else:
            marks[code] = ("map-adopter", f"здесь внедрены практики региона «{region.name}»")
    marks[region.code] = ("map-self", "этот регион")
    return region_map(marks, label=f"Карта обмена практиками: регион «{region.name}»", legend=[
        ("map-self", "этот регион"), ("map-source", "авторы практик, внедрённых регионом"),
        ("map-adopter", "внедрили практики региона"), ("map-both", "в обе стороны"), ("map-none", "нет обмена")])


def _region(request, slug):
    return get_object_or_404(Region, slug=slug)


@public_page
def region_list(request):
    """F-REF-1: the regions grouped by federal district; the four admitted in 2022 apart."""
    year = timezone.localdate().year
    leader_ids = set(LeaderRegistryEntry.objects.filter(year=year).values_list("region_id", flat=True))
    districts = FederalDistrict.objects.prefetch_related(
        Prefetch("regions", queryset=Region.objects.order_by("name"))
    )
    regions_2022 = Region.objects.filter(federal_district__isnull=True).order_by("name")
    return render(request, "regions/list.html", {
        "districts": districts, "regions_2022": regions_2022, "leader_ids": leader_ids, "year": year,
        "total": Region.objects.count(),
    })


@public_page
def region_detail(request, slug):
    """F-REF-1, F-ACC-6: head, coordinator, management team, leader status, practices."""
    region = get_object_or_404(Region.objects.select_related("federal_district"), slug=slug)
    appointments = list(CoordinatorAppointment.objects.filter(region=region).select_related("user"))
    current = next((a for a in appointments if a.ended_at is None), None)
    team_year = (ManagementTeamMember.objects.filter(region=region)
                 .order_by("-year").values_list("year", flat=True).first())
    team = list(ManagementTeamMember.objects.filter(region=region, year=team_year)) if team_year else []
    entries = LeaderRegistryEntry.objects.filter(region=region).order_by("-year", "reason", "direction")
    leader_years = [(year, list(rows)) for year, rows in groupby(entries, key=lambda e: e.year)]
    practices = _region_practices(request.user, region, state=request.GET.get("state", ""))
    practices["adopted_from_it"] = adopted_from(region)
    practices["exchange_map"] = exchange_map(region, practices["adopted_practices"], practices["adopted_from_it"])
    # issue 17: the lists beside the map show REGION_LIST each and say how many there are (the map shows all
    # their regions); at 100,000 practices a region exchanged about 170 each way and the page took 120 ms
    practices["adopted_shown"] = practices["adopted_practices"][:REGION_LIST]
    practices["adopted_from_it_shown"] = practices["adopted_from_it"][:REGION_LIST]
    return render(request, "regions/detail.html", {
        **practices,
        "region": region, "coordinator": current,
        "history": [a for a in appointments if a.ended_at is not None],
        "show_history": can(request.user, "view_coordinator_history", region),
        "show_contacts": request.user.is_authenticated,
        "team": team, "team_year": team_year, "leader_years": leader_years,
        "this_year": timezone.localdate().year,
    })


# practice states by value: regions never imports practices (the reverse relations are enough)
PUBLIC_PRACTICE_STATES = ("published", "archived")
# the edit copies of a published practice under actualization (F-ACT-1) are not practices of their own
NOT_IN_WORK_STATES = ("draft", "published", "archived", "rejected", "deleted", "actualization",
                      "actualization_review", "actualization_accepted")


# issue 17 item 2: a region page lists the newest REGION_LIST published (and archived) practices with the
# total and a link to the catalogue filtered by the region — at 100,000 practices a region has a thousand.
REGION_LIST = 30


def _newest(queryset):
    rows = list(queryset[:REGION_LIST])
    return rows, (len(rows) if len(rows) < REGION_LIST else queryset.count())


# the states the «В работе» list may be filtered by (``?state=``: the dashboard's counts link there, F-REPORT-1)
IN_WORK_FILTER_STATES = ("regional_review", "packaging", "expert_review", "rating_committee", "ready_to_publish",
                         "revision", "rejected")


def _region_practices(user, region, state=""):
    """F-REF-1: the region's published and archived practices (the newest REGION_LIST of each and their
    totals), those in work (coordinator of the region and the Agency only; ``state`` one of
    IN_WORK_FILTER_STATES lists those in that state only — rejected ones too), and the practices the region
    adopted."""
    own = region.practices.select_related("category").defer("search_vector").order_by("-published_at", "title")
    show_in_work = can(user, "view_region_practices_in_work", region)
    state = state if state in IN_WORK_FILTER_STATES else ""
    in_work = own.filter(state=state) if state else own.exclude(state__in=NOT_IN_WORK_STATES)
    published, published_total = _newest(own.filter(state="published"))
    archived, archived_total = _newest(own.filter(state="archived"))
    return {
        "published_practices": published, "published_total": published_total,
        "archived_practices": archived, "archived_total": archived_total, "list_limit": REGION_LIST,
        "show_in_work": show_in_work,
        "in_work_practices": list(in_work.order_by("-updated_at")) if show_in_work else [],
        "in_work_state": (dict(region.practices.model._meta.get_field("state").choices).get(state, "")
                          if show_in_work else ""),
        # all of them for the count and the map, so only what a line shows (issue 17: every passport column
        # of ~170 practices was a third of the page)
        "adopted_practices": list(region.implemented_practices.filter(state__in=PUBLIC_PRACTICE_STATES)
                                  .select_related("region")
                                  .only("title", "state", "region__code", "region__name", "region__slug")
                                  .order_by("title")),
    }


@permission_required("appoint_coordinator", get_object=_region,
                     message="Назначать координатора региона может только модератор АСИ.")
def coordinator_appoint(request, slug):
    """F-ACC-6: the ASI moderator records a new coordinator (2.2.3.1)."""
    region = _region(request, slug)
    form = CoordinatorAppointmentForm(*posted(request), region=region)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        appointment = services.appoint_coordinator(
            region, by=request.user, user=data["user"], full_name=data["full_name"], position=data["position"],
            phone=data["phone"], email=data["email"], appointed_at=data["appointed_at"], basis=data["basis"],
            basis_document=data.get("basis_document"),
        )
        messages.success(request, f"Назначение регионального координатора сохранено: {appointment.full_name}.")
        return redirect(region)
    return render(request, "regions/coordinator_form.html", {
        "region": region, "form": form, "current": region.current_coordinator,
    })


def _team_initial(region, year):
    members = ManagementTeamMember.objects.filter(region=region, year=year)
    copied_from = None
    if not members.exists():
        copied_from = (ManagementTeamMember.objects.filter(region=region, year__lt=year)
                       .order_by("-year").values_list("year", flat=True).first())
        members = ManagementTeamMember.objects.filter(region=region, year=copied_from) if copied_from else []
    return [{"full_name": m.full_name, "position": m.position, "order": m.order} for m in members], copied_from


@permission_required("edit_region_team", get_object=_region,
                     message="Менять команду региона могут модератор АСИ и координатор этого региона.")
def team_edit(request, slug):
    """2.2.1: the head of the region and the management team for a year (coordinator of the region or ASI)."""
    region = _region(request, slug)
    this_year = timezone.localdate().year
    try:
        year = int(request.POST.get("year") or request.GET.get("year") or this_year)
    except ValueError:
        year = this_year
    year = min(max(year, 2020), this_year + 1)
    if request.method == "POST":
        head_form = RegionHeadForm(request.POST, instance=region)
        formset = TeamFormSet(request.POST, prefix="team")
        copied_from = None
        if head_form.is_valid() and formset.is_valid():
            members = [f.cleaned_data for f in formset.forms
                       if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            members.sort(key=lambda m: (m.get("order") is None, m.get("order") or 0))
            services.save_region_page(region, by=request.user, head_name=head_form.cleaned_data["head_name"],
                                      head_position=head_form.cleaned_data["head_position"], year=year,
                                      members=members)
            messages.success(request, f"Страница региона обновлена: команда на {year} год сохранена.")
            return redirect(region)
    else:
        head_form = RegionHeadForm(instance=region)
        initial, copied_from = _team_initial(region, year)
        formset = TeamFormSet(initial=initial, prefix="team")
    return render(request, "regions/team_form.html", {
        "region": region, "head_form": head_form, "formset": formset, "year": year,
        "years": list(range(this_year + 1, 2019, -1)), "copied_from": copied_from,
    })


def leader_registry(request):
    """F-REF-4: the leader registry per year (3.1.1)."""
    years = list(LeaderRegistryEntry.objects.order_by("-year").values_list("year", flat=True).distinct())
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or (years[0] if years else this_year))
    except ValueError:
        year = years[0] if years else this_year
    entries = (LeaderRegistryEntry.objects.filter(year=year).select_related("region", "entered_by")
               .order_by("reason", "direction", "region__name"))
    order = [value for value, _label in LeaderReason.choices]
    by_reason = {value: [] for value in order}
    for entry in entries:
        by_reason[entry.reason].append(entry)
    groups = [(label, by_reason[value]) for value, label in LeaderReason.choices]
    region_count = entries.values("region").aggregate(n=Count("region", distinct=True))["n"]
    return render(request, "regions/leaders.html", {
        "year": year, "years": years if year in years else sorted({*years, year}, reverse=True),
        "groups": groups, "region_count": region_count,
        "may_edit": can(request.user, "edit_leader_registry"),
    })


@permission_required("edit_leader_registry",
                     message="Реестр лидеров ведут Национальный центр рейтингов и модератор АСИ.")
def leader_add(request):
    """F-REF-4: the National Ratings Center (rating committee) or the ASI moderator enters the registry."""
    initial = {"year": request.GET.get("year") or timezone.localdate().year}
    form = LeaderEntryForm(post_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.enter_leader_entry(data["region"], by=request.user, year=data["year"],
                                                reason=data["reason"], direction=data["direction"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"В реестр регионов-лидеров {entry.year} года внесено: {entry.region}.")
            if "add_another" in request.POST:
                return redirect(f"{request.path}?year={entry.year}")
            return redirect(f"{_leaders_url()}?year={entry.year}")
    return render(request, "regions/leader_form.html", {"form": form})


@require_POST
@permission_required("edit_leader_registry",
                     message="Реестр лидеров ведут Национальный центр рейтингов и модератор АСИ.")
def leader_delete(request, pk):
    entry = get_object_or_404(LeaderRegistryEntry, pk=pk)
    year, region = entry.year, entry.region
    services.remove_leader_entry(entry, by=request.user)
    messages.success(request, f"Запись реестра удалена: {region}, {year}.")
    return redirect(f"{_leaders_url()}?year={year}")


def _leaders_url():
    return reverse("regions:leaders")
