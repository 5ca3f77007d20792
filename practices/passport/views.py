"""Passport pages (F-PASS-1, F-PASS-3): «Новая практика», the section editor, the preview and
«Мои практики». Views stay thin: permissions from practices/permissions.py, writes in
practices/passport/services.py."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from practices.enums import PUBLIC_STATES
from practices.materials.completeness import materials_missing
from practices.models import (
    PASSPORT_PARTS,
    Practice,
    PracticeState,
    TeamMember,
    team_prefetch,
)
from practices.models_revision import PointStatus, RevisionPoint
from practices.passport import pdf, services
from practices.passport.completeness import SECTION_TITLES, SECTIONS, missing_by_section
from practices.passport.forms import (
    CONFIRMATION_LABELS,
    IMPORTANT_ABBREVIATIONS,
    PRIL2,
    SECTION_FORMS,
    TITLE_MAX,
    build_section,
    section_rows,
)
from practices.permissions import is_on_team
from practices.services import REVISION_DEADLINE_KIND
from practices.team.completeness import team_missing
from smarteka import pagecache
from smarteka.deadlines.services import days_left, open_deadlines_by_object, open_deadlines_for
from smarteka.files.responses import attachment_response
from smarteka.history.services import last_transition, last_transitions
from smarteka.permissions import can, get_object_for

EDIT_REFUSED = ("Редактировать паспорт практики могут только её автор и члены её команды, и только пока практика "
                "в черновике или на доработке.")
VIEW_REFUSED = "Черновик практики видят только автор, команда, региональный координатор и модераторы платформы."


def _forbidden(request, message, *, access_link=False):
    return render(request, "practices/passport/forbidden.html",
                  {"message": message, "access_link": access_link}, status=403)


def _is_htmx(request):
    return request.headers.get("HX-Request") == "true"


def _optional_url(name, *args):
    """Links to pages other parts of the passport provide (materials, team): None until they exist."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _practice(request, pk):
    """The practice, or 404 for a user who may not know it exists (a draft of another author); the
    pages then answer 403 with their own message to those who see it but may not edit or preview it."""
    return get_object_for(request.user, Practice.objects.select_related("region", "category", "author"), None,
                          view_action="view_practice", pk=pk)


# --- «Новая практика» (F-PASS-1)


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    if not can(request.user, "create_practice"):
        return _forbidden(request, services.CREATE_REFUSED, access_link=True)
    if request.method == "POST":
        practice = services.create_practice(by=request.user)
        messages.success(request, "Черновик практики создан. Заполняйте паспорт по разделам — каждый раздел "
                                  "сохраняется отдельно, вернуться можно в любой момент.")
        return redirect("practices:edit_section", practice.pk, SECTIONS[0][0])
    return render(request, "practices/passport/create.html", {
        "region": services.author_region(request.user),
    })


# --- the section editor (F-PASS-3)


def _nav(practice):
    fresh = Practice.objects.get(pk=practice.pk)  # what is saved, not what a refused form typed
    missing = missing_by_section(fresh)
    return [
        {"slug": slug, "title": title, "missing": missing[slug],
         "url": reverse("practices:edit_section", args=[practice.pk, slug])}
        for slug, title in SECTIONS
    ], missing, fresh


def _section_context(practice, section, form, formsets, *, saved=False, user=None):
    nav, missing, fresh = _nav(practice)
    return {
        "practice": practice,
        "section": section,
        "section_title": SECTION_TITLES[section],
        "nav": nav,
        "missing": missing[section],
        "missing_total": sum(len(m) for m in missing.values()),
        "form": form,
        "formsets": formsets,
        "has_errors": bool(form.errors) or any(fs.total_error_count() for fs in formsets.values()),
        "pril2": PRIL2,
        "important": IMPORTANT_ABBREVIATIONS,
        "confirmation_labels": CONFIRMATION_LABELS,
        "title_max": TITLE_MAX,
        "saved": saved,
        "saved_at": timezone.localtime() if saved else None,
        "section_url": reverse("practices:edit_section", args=[practice.pk, section]),
        "materials_url": _optional_url("practices:materials", practice.pk),
        "team_url": _optional_url("practices:team", practice.pk),
        "materials_missing": materials_missing(fresh),
        "team_missing": team_missing(fresh),
        "preview_url": reverse("practices:preview", args=[practice.pk]),
        "revision": _revision_notice(practice),
        "actualization": _actualization_notice(practice),
        # the way on to submission (F-PASS-4): only the author submits
        "submit_url": (reverse("practices:submit", args=[practice.pk])
                       if user is not None and can(user, "submit_practice", practice) else None),
    }


def _revision_notice(practice):
    """On revision: who returned the passport, when, from which stage, with which comment, and the
    5-working-day clock (F-VAL-5, F-DL-1) — shown where the author edits, not only in the e-mail."""
    if practice.state != PracticeState.REVISION:
        return None
    returned = last_transition(practice, PracticeState.REVISION)
    deadline = open_deadlines_for(practice, REVISION_DEADLINE_KIND).order_by("due_on").first()
    points = [p.awaits_answer for p in RevisionPoint.objects.filter(practice=practice).exclude(
        status=PointStatus.RESOLVED).only("answer", "status")]  # F-PLUS-8
    return {"returned": returned, "deadline": deadline,
            "days_left": days_left(deadline) if deadline else None,
            "back_to": PracticeState(practice.revision_return_state()).label,
            "points": len(points), "points_waiting": sum(points)}


DECIDED_STATES = (PracticeState.REJECTED, PracticeState.REVISION)


def _decision(practice, decided):
    return {
        "state": practice.state,
        "title": "Практика отклонена" if practice.state == PracticeState.REJECTED else "Практика возвращена на доработку",
        "at": decided.at if decided else None,
        "by": decided.by if decided else None,
        "stage": decided.from_label if decided else "",
        "comment": decided.comment if decided else "",
        "grounds": list(practice.rejection_grounds or []) if practice.state == PracticeState.REJECTED else [],
    }


def decision_notice(practice):
    """Why a practice is rejected or returned (issue 14 item 7): the reason, the grounds and who decided,
    from the history (the last transition into its state) — for «Мои практики» and the team's preview."""
    if practice.state not in DECIDED_STATES:
        return None
    return _decision(practice, last_transition(practice, practice.state))


def decision_notices(practices):
    """``{pk: decision_notice}`` for a list page, in one query."""
    decided = [p for p in practices if p.state in DECIDED_STATES]
    latest = last_transitions(practices, DECIDED_STATES)  # asked even when none is decided: constant queries
    return {p.pk: _decision(p, latest.get((p.pk, p.state))) for p in decided}
def _actualization_notice(practice):
    """On the edit copy of a published practice (F-ACT-1): the published practice, the reviewer's last
    return comment and the nearest clock of the published practice (5 working days of 4.5.4, F-DL-2)."""
    if practice.actualization_of_id is None:
        return None
    returned = last_transition(practice, PracticeState.ACTUALIZATION, exclude_from=("",))
    deadline = open_deadlines_for(practice.actualization_of).order_by("due_on").first()
    return {"original": practice.actualization_of, "returned": returned, "deadline": deadline,
            "days_left": days_left(deadline) if deadline else None}


@login_required
def edit(request, pk):
    practice = _practice(request, pk)
    if not can(request.user, "edit_passport", practice):
        return _forbidden(request, EDIT_REFUSED)
    return redirect("practices:edit_section", practice.pk, SECTIONS[0][0])


@login_required
@require_http_methods(["GET", "POST"])
def edit_section(request, pk, section):
    if section not in SECTION_FORMS:
        raise Http404
    practice = _practice(request, pk)
    if not can(request.user, "edit_passport", practice):
        return _forbidden(request, EDIT_REFUSED)
    htmx = _is_htmx(request)
    saved = False
    if request.method == "POST":
        form, formsets = build_section(section, practice, request.POST)
        valid = form.is_valid()
        valid = all([fs.is_valid() for fs in formsets.values()]) and valid
        if valid:
            practice = services.save_section(practice, form.cleaned_data, section_rows(formsets), by=request.user)
            if not htmx:
                messages.success(request, f"Черновик сохранён: раздел «{SECTION_TITLES[section]}».")
                return redirect("practices:edit_section", practice.pk, section)
            practice = _practice(request, pk)
            form, formsets = build_section(section, practice)
            saved = True
    else:
        form, formsets = build_section(section, practice)
    context = _section_context(practice, section, form, formsets, saved=saved, user=request.user)
    template = "practices/passport/_section_response.html" if htmx else "practices/passport/edit.html"
    return render(request, template, context)


@login_required
@require_http_methods(["POST"])
def autosave_section(request, pk, section):
    """The section's draft saved as the author types (issue 14 item 1, F-PASS-3): what is valid is kept
    even when the section is incomplete or another field is refused — a draft needs nothing to be
    complete (submission checks completeness, F-PASS-4). The answer is JSON for static/js/drafts.js:
    the time of the save, the errors by field name, the ids of the new list rows and the refreshed
    sidebar. The same checks as the editor: 404 for whom the draft is hidden, 403 for whom may see it
    but not edit (``edit_passport``: the author and the team, in a draft or on revision)."""
    if section not in SECTION_FORMS:
        raise Http404
    practice = _practice(request, pk)
    if not can(request.user, "edit_passport", practice):
        return JsonResponse({"error": EDIT_REFUSED}, status=403)
    form, formsets = build_section(section, practice, request.POST)
    form.is_valid()
    errors = {form.add_prefix(name): [str(e) for e in errs] for name, errs in form.errors.items()
              if name != "__all__"}
    general = [str(e) for e in form.non_field_errors()]
    for formset in formsets.values():
        formset.is_valid()
        for row in formset.forms:
            for name, errs in row.errors.items():
                if name == "__all__":
                    general += [str(e) for e in errs]
                else:
                    errors[row.add_prefix(name)] = [str(e) for e in errs]
    data = {name: value for name, value in form.cleaned_data.items() if name in form.fields}
    rows = section_rows(formsets, partial=True)
    practice = services.save_section(practice, data, rows, by=request.user)
    saved_at = timezone.localtime()
    context = {**_section_context(practice, section, form, formsets, user=request.user), "has_errors": False}
    return JsonResponse({
        "saved_at": saved_at.strftime("%H:%M"),
        "errors": errors,
        "general": general,
        "created": {prefix: {str(i): row_pk for i, row_pk in changes.get("created", {}).items()}
                    for prefix, changes in rows.items()},
        "nav": render_to_string("practices/passport/_nav.html", context, request=request),
        "missing": render_to_string("practices/passport/_section_missing.html", context, request=request),
    })


# --- preview (F-PASS-3): the public card and page exactly as the catalogue shows them


@login_required
def preview(request, pk):
    practice = _practice(request, pk)
    if not can(request.user, "view_practice_draft", practice):
        return _forbidden(request, VIEW_REFUSED)
    return render(request, "practices/passport/preview.html", {
        "practice": practice,
        "decision": decision_notice(practice),
        "revision": _revision_notice(practice),
        "may_edit": can(request.user, "edit_passport", practice),
        "may_submit": can(request.user, "submit_practice", practice),
        "card_preview": True,
    })


# --- «Мои практики» (issue 5 item 7)

AWAITED = {
    PracticeState.REGIONAL_REVIEW: "Ожидает подтверждения региона",
    PracticeState.PACKAGING: "Упаковка экспертом-модератором",
    PracticeState.EXPERT_REVIEW: "Ожидает экспертной оценки",
    PracticeState.RATING_COMMITTEE: "Ожидает верификации рейтинговым комитетом",
    PracticeState.READY_TO_PUBLISH: "Ожидает публикации модератором АСИ",
    PracticeState.PUBLISHED: "Опубликована — доступна для тиражирования",
    PracticeState.ARCHIVED: "Размещена в Базе знаний",
    PracticeState.REVISION: "Требует доработки",
    PracticeState.REJECTED: "Отклонена",
}


def awaited(practice):
    """What the author is waiting for or should do next, in Russian."""
    if practice.state == PracticeState.DRAFT:
        todo = []
        fields = sum(len(m) for m in missing_by_section(practice).values())
        if fields:
            todo.append(f"заполните паспорт (осталось полей: {fields})")
        materials = materials_missing(practice)
        if materials:
            todo.append(f"загрузите материалы (не хватает: {len(materials)})")
        if team_missing(practice):
            todo.append("дополните команду")
        if todo:
            text = "; ".join(todo)
            return text[0].upper() + text[1:]
        return "Паспорт готов — подайте практику"
    return AWAITED.get(practice.state, "")


def _deadline(deadline):
    if deadline is None:
        return None
    return {"due_on": deadline.due_on, "days_left": days_left(deadline), "label": deadline.kind_label}


MY_PAGE = 50


def _replacements():
    """validation's AuthorReplacement by the reverse relation's name (practices never imports validation)."""
    return Practice._meta.get_field("author_replacements").related_model.objects.all()


@login_required
def my_practices(request):
    user = request.user
    # an actualization's edit copy shows on the row of its published practice (F-ACT-1), not as a row
    # a former author replaced by the ASI moderator (4.1.11) keeps the practice here, to read (the reverse
    # relation of validation's AuthorReplacement, by its name)
    former = Q(author_replacements__old_author=user, author_replacements__state="done")
    # issue 17 item 2: the team's and the former author's practices (a few) as a list of ids beside the
    # author's own, so the newest page and the count of an author of many practices come from the index
    # practice_author_updated (a union of every id took seconds at 100,000 practices)
    others = list(TeamMember.objects.filter(user=user).order_by().values_list("practice_id", flat=True)
                  .union(Practice.objects.filter(former).order_by().values_list("pk", flat=True)))
    practices = (Practice.objects.filter(Q(author=user) | Q(pk__in=others))
                 .exclude(state=PracticeState.DELETED).filter(actualization_of__isnull=True)
                 .select_related("region", "category", "author__organisation_type").order_by("-updated_at")
                 .prefetch_related(team_prefetch(), Prefetch(
                     "actualizations", to_attr="edits_in_progress", queryset=Practice.objects.filter(
                         state__in=(PracticeState.ACTUALIZATION, PracticeState.ACTUALIZATION_REVIEW))
                     .select_related("author")),
                     # the rule «request_author_replacement» of each row reads it (issue 17: no query per row)
                     Prefetch("author_replacements", to_attr="pending_author_replacements",
                              queryset=_replacements().filter(state="pending"))))
    # issue 17 item 2: 50 practices a page (an author of many practices — a ministry's account — is not
    # sent every one of them at once)
    page = Paginator(practices.order_by("-updated_at", "-pk"), MY_PAGE).get_page(request.GET.get("page"))
    practices = list(page.object_list)
    # what a draft's «Заполните паспорт (осталось полей: N)» reads (``awaited``), for the drafts only: the
    # rest of the page needs just the team (issue 17: the results, indicators, methods and materials of
    # every row were a third of the page's time)
    prefetch_related_objects([p for p in practices if p.state == PracticeState.DRAFT], *PASSPORT_PARTS)
    deadlines = open_deadlines_by_object(practices)
    decisions = decision_notices(practices)
    rows = []
    for practice in practices:
        edit = practice.edits_in_progress[0] if practice.edits_in_progress else None
        rows.append({
            "edit": edit,
            "may_edit_actualization": edit is not None and can(user, "edit_passport", edit),
            "practice": practice,
            "awaited": awaited(practice),
            "decision": decisions.get(practice.pk),
            "deadline": _deadline(deadlines.get(practice.pk, [None])[0]),
            "may_edit": can(user, "edit_passport", practice),
            "may_submit": can(user, "submit_practice", practice),
            "is_author": practice.author_id == user.pk,
            "is_former_author": practice.author_id != user.pk and not is_on_team(user, practice),
        })
    return render(request, "practices/passport/my.html", {
        "rows": rows, "page": page,
        "may_create": can(user, "create_practice"),
    })


# --- the printable passport (F-PLUS-6)

PDF_CACHE_SECONDS = 3600


def passport_pdf(request, pk):
    """F-PLUS-6: the passport as a PDF for the regional commission (practices/passport/pdf.py). Those who
    may see the draft get it in every state with every material listed; everyone else only for a published
    (or archived) practice, with the public materials — and 404 before that (a 403 would confirm that the
    draft exists). The public PDF is kept in the cache under the public pages' version (smarteka.pagecache:
    dropped whenever a public practice changes), so anonymous downloads do not re-render it."""
    practice = get_object_or_404(Practice.objects.select_related("region", "category").defer("search_vector"), pk=pk)
    full = can(request.user, "view_practice_draft", practice)
    if practice.state not in PUBLIC_STATES and not full:
        raise Http404("Практика не опубликована")
    key = None if full else f"passport-pdf:{pagecache.version()}:{practice.pk}"
    content = cache.get(key) if key else None
    if content is None:
        content = pdf.render_pdf(pdf.passport_data(practice.pk, full=full))
        if key:
            cache.set(key, content, PDF_CACHE_SECONDS)
    response = attachment_response(io.BytesIO(content), name=f"passport-{practice.pk}.pdf",
                                   content_type="application/pdf", size=len(content))
    response["Cache-Control"] = "private, no-cache"
    return response
