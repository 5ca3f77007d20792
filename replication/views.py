"""Thin views: parse the form, call the service, render (ARCHITECTURE «Where code lives»)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from practices.models import Practice
from regions.models import Region
from replication import forms, services
from replication.events import services as event_services
from replication.models import (
    OPEN_STATES,
    DocumentKind,
    Event,
    Interest,
    RegionInterest,
    ReplicationRequest,
    RequestState,
)
from replication.permissions import is_asi
from smarteka import permissions, ratelimit
from smarteka.accounts.models import User
from smarteka.actions import ActionSpec, actions_by_name, run_action
from smarteka.deadlines.services import days_left, open_deadlines_by_object, open_deadlines_for
from smarteka.forms import add_service_errors, post_data, posted
from smarteka.history.services import history_for
from smarteka.roles.models import Role


def _errors(exc):
    return list(getattr(exc, "messages", None) or [str(exc)])


def _service_errors(form, exc):
    """A service's refusal: at the field it names (the form keeps it), otherwise the page's list."""
    if exc is None:
        return []
    if hasattr(exc, "error_dict"):
        add_service_errors(form, exc)
        return []
    return _errors(exc)


def _request_for(user, pk, action=None):
    """The request: 404 for a user who may not see it (another region's, F-ROLE-1), 403 without ``action``."""
    return permissions.get_object_for(user, ReplicationRequest.objects.select_related(
        "practice", "practice__author", "practice__region", "recipient", "recipient_region",
        "implementation_moderator", "event"), action, view_action="view_replication_request", pk=pk)


def _deadlines(req, deadlines=None):
    deadlines = open_deadlines_for(req) if deadlines is None else deadlines
    return [{"deadline": d, "label": d.kind_label, "days_left": days_left(d)} for d in deadlines]


def _with_deadlines(requests):
    requests = list(requests)
    open_deadlines = open_deadlines_by_object(req for req in requests if req.is_open)
    rows = []
    for req in requests:
        deadlines = _deadlines(req, open_deadlines.get(req.pk, [])) if req.is_open else []
        rows.append({"req": req, "deadlines": deadlines,
                     "days_left": min((d["days_left"] for d in deadlines), default=None)})
    return rows


# --- the practice's replication page (F-REP-1, F-CAT-3 count and regions, F-PLUS-2 record)


def practice_replication(request, pk):
    practice = get_object_or_404(Practice.objects.select_related("region", "category"), pk=pk)
    if practice.state not in ("published", "archived") and not permissions.can(
            request.user, "view_practice_draft", practice):
        raise Http404
    requests = (practice.replication_requests.select_related("recipient_region", "event")
                .order_by("-created_at"))
    return render(request, "replication/practice.html", {
        "practice": practice,
        "requests": requests,
        "done_count": requests.filter(state=RequestState.DONE).count(),
        "in_progress_count": requests.filter(state=RequestState.IN_PROGRESS).count(),
        "implemented_regions": practice.implemented_regions.order_by("name"),
        "may_request": practice.state == "published",
    })


@login_required
def request_create(request, pk):
    practice = permissions.get_object_for(request.user, Practice.objects.select_related("region", "author"),
                                          "request_replication", view_action="view_practice", pk=pk,
                                          message="Подать заявку можно только на опубликованную практику.")
    problems = services.request_problems(practice, request.user)
    initial = {}
    if request.GET.get("event", "").isdigit():
        initial["event"] = request.GET["event"]
    # an empty POST is still a post: refused with the messages, never the blank form again (issue 15 item 5)
    form = forms.RequestForm(request.POST if request.method == "POST" else None, practice=practice,
                             initial=initial)
    if request.method == "POST" and form.is_valid():
        wait = ratelimit.hit(request, "replication_request", ratelimit.REPLICATION_REQUEST)
        if wait is not None:  # a flood of requests (issue 15 item 3): the form comes back filled in
            form.add_error(None, ratelimit.flood_message("Слишком много заявок «Хочу внедрить» за последний час",
                                                         wait))
            return render(request, "replication/request_form.html", {
                "practice": practice, "form": form, "problems": problems}, status=429)
        try:
            data = form.cleaned_data
            req = services.request_replication(
                practice, by=request.user, event=data["event"], event_other=data["event_other"],
                confirms_studied=data["confirms_studied"], confirms_ready=data["confirms_ready"],
                confirms_cooperation=data["confirms_cooperation"],
                undertakes_documents=data["undertakes_documents"], comment=data["comment"])
        except ValidationError as exc:
            problems = _errors(exc)
        else:
            messages.success(request, "Заявка «Хочу внедрить» подана. Модератор АСИ назначит модератора внедрения.")
            return redirect(req)
    return render(request, "replication/request_form.html", {
        "practice": practice, "form": form, "problems": problems,
    }, status=400 if request.method == "POST" else 200)


# --- the request page and its actions


ACTIONS = actions_by_name(
    ActionSpec("assign", "assign_implementation_moderator", forms.AssignForm,
               lambda r, by, d: services.assign_moderator(r, by=by, moderator=d["moderator"], comment=d["comment"]),
               "Модератор внедрения назначен."),
    ActionSpec("contact", "record_replication_step", forms.CommentForm,
               lambda r, by, d: services.record_contact(r, by=by, comment=d["comment"]),
               "Отмечено: вы связались с реципиентом."),
    ActionSpec("kickoff", "record_replication_step", forms.CommentForm,
               lambda r, by, d: services.hold_kickoff(r, by=by, comment=d["comment"]),
               "Установочная встреча отмечена."),
    ActionSpec("readiness", "confirm_replication_readiness", forms.CommentForm,
               lambda r, by, d: services.confirm_readiness(r, by=by, comment=d["comment"]),
               "Готовность начать внедрение подтверждена."),
    ActionSpec("document", "upload_replication_document", forms.DocumentForm,
               lambda r, by, d: services.upload_document(r, by=by, kind=d["kind"], upload=d["file"],
                                                         comment=d["comment"]),
               "Документ загружен."),
    ActionSpec("start", "start_implementation", forms.CommentForm,
               lambda r, by, d: services.start_implementation(r, by=by, comment=d["comment"]),
               "Заявка переведена в статус «Внедряется»."),
    ActionSpec("check", "check_replication_report", forms.CheckReportForm,
               lambda r, by, d: services.check_report(r, by=by, accepted=d["decision"] == "accept",
                                                      comment=d["comment"]),
               "Проверка отчёта записана."),
    ActionSpec("complete", "complete_implementation", forms.CommentForm,
               lambda r, by, d: services.complete_implementation(r, by=by, comment=d["comment"]),
               "Заявка переведена в статус «Внедрено»."),
    ActionSpec("decline", "decline_replication", forms.DeclineForm,
               lambda r, by, d: services.decline_request(r, by=by, reason=d["reason"]),
               "Отказ от внедрения записан."),
    ActionSpec("refuse", "refuse_replication", forms.RefuseForm,
               lambda r, by, d: services.refuse_request(r, by=by, ground=d["ground"], reason=d["reason"]),
               "Отказ Агентства записан."),
    ActionSpec("dismiss", "dismiss_replication", forms.DismissForm,
               lambda r, by, d: services.dismiss_request(r, by=by, ground=d["ground"], reason=d["reason"]),
               "Заявка отклонена без рассмотрения."),
    ActionSpec("message", "post_replication_message", forms.MessageForm,
               lambda r, by, d: services.post_message(r, by=by, body=d["body"], attachments=d["attachments"]),
               "Сообщение отправлено."),
)


def _detail_context(request, req, bound=None, errors=()):
    user = request.user
    allowed = permissions.allowed(user, sorted({spec.rule for spec in ACTIONS.values()}
                                               | {"submit_replication_report"}), req)
    action_forms = {}
    for name, spec in ACTIONS.items():
        if allowed.get(spec.rule):
            action_forms[name] = bound[1] if bound is not None and bound[0] == name else spec.make_form(req, user)
    if "assign" in action_forms and req.implementation_moderator_id:
        action_forms["assign"].fields["moderator"].initial = req.implementation_moderator_id
    documents = req.documents.select_related("file", "uploaded_by")
    return {
        "req": req, "practice": req.practice, "allowed": allowed, "forms": action_forms, "errors": errors,
        "documents": documents, "roadmaps": [d for d in documents if d.kind == DocumentKind.ROADMAP],
        "thread": req.messages.select_related("author").prefetch_related("attachments"),
        "deadlines": _deadlines(req) if req.is_open else [],
        "transitions": history_for(req), "steps": req.steps(),
        "is_asi": is_asi(user), "is_recipient": user.pk == req.recipient_id,
        "has_actions": bool(set(action_forms) - {"message"}) or allowed["submit_replication_report"],
    }


def request_detail(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    req = _request_for(request.user, pk)
    return render(request, "replication/request_detail.html", _detail_context(request, req))


@login_required
@require_POST
def request_action(request, pk, action):
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    req = _request_for(request.user, pk)

    def render_failed(form, error):
        req.refresh_from_db()
        context = _detail_context(request, req, bound=(action, form), errors=_service_errors(form, error))
        context["failed_action"] = action
        return render(request, "replication/request_detail.html", context, status=400)

    return run_action(request, spec, req, render_failed=render_failed,
                      success_url=req.get_absolute_url() + ("#messages" if action == "message" else ""))


@login_required
def report(request, pk):
    """The recipient's result report, the official letter and the additional materials (5.3.1.5, F-REP-4)."""
    req = _request_for(request.user, pk, "submit_replication_report")
    has_letter, has_materials = req.has_official_letter(), req.has_materials()
    initial = {"implementation_started_on": req.implementation_started_on or (req.started_at and req.started_at.date()),
               "implementation_finished_on": req.implementation_finished_on, "adaptation": req.adaptation,
               "first_results": req.first_results, "expected_effects": req.expected_effects}
    form = forms.ReportForm(*posted(request), has_letter=has_letter,
                            has_materials=has_materials, initial=initial)
    # a post without the rows' management form (an older page) records no rows and keeps those recorded
    rows_posted = "results-TOTAL_FORMS" in request.POST
    results = forms.results_formset(req, request.POST if rows_posted else None)
    errors = []
    if request.method == "POST" and all([form.is_valid(), not rows_posted or results.is_valid()]):
        data = form.cleaned_data
        try:
            services.submit_report(
                req, by=request.user, implementation_started_on=data["implementation_started_on"],
                implementation_finished_on=data["implementation_finished_on"], adaptation=data["adaptation"],
                first_results=data["first_results"], expected_effects=data["expected_effects"],
                letter=data["letter"], materials=data["materials"], comment=data["comment"],
                results=[row.row() for row in results.forms if row.has_changed()] if rows_posted else None)
        except ValidationError as exc:
            errors = _service_errors(form, exc)
        else:
            messages.success(request, "Отчёт о внедрении отправлен модератору внедрения.")
            return redirect(req)
    return render(request, "replication/report_form.html", {"req": req, "form": form, "errors": errors,
                                                            "results": results},
                  status=400 if request.method == "POST" else 200)


# --- queues (issue 8 item 7)


QUEUE_PAGE = 50  # issue 17 item 2: the ASI moderator's open requests are tens of thousands at 100,000 practices


class _ByDeadline:
    """``requests`` as the Paginator's sequence, nearest open deadline first, then the oldest (issue 17
    item 2): one page's ids come from a join on the open deadlines grouped by request (a correlated
    subquery per request took seconds over tens of thousands), then the page's rows with their relations."""

    SQL = """SELECT r.id FROM replication_replicationrequest r
             LEFT JOIN (SELECT object_id, min(due_on) AS due FROM deadlines_deadline
                         WHERE content_type_id = %s AND state IN ('open', 'overdue') GROUP BY object_id) d
                    ON d.object_id = r.id
             WHERE r.id IN ({ids}) ORDER BY d.due ASC NULLS LAST, r.created_at, r.id LIMIT %s OFFSET %s"""

    def __init__(self, requests):
        self.requests = requests

    def count(self):
        return self.requests.count()

    def __getitem__(self, window):
        ids_sql, ids_params = self.requests.order_by().values("pk").query.sql_with_params()
        ct = ContentType.objects.get_for_model(ReplicationRequest).pk
        with connection.cursor() as cursor:
            cursor.execute(self.SQL.format(ids=ids_sql),
                           [ct, *ids_params, window.stop - window.start, window.start])
            ids = [row[0] for row in cursor.fetchall()]
        rows = self.requests.in_bulk(ids)
        return [rows[pk] for pk in ids]


QUEUE_ROW_FIELDS = ("state", "created_at", "practice__title", "practice__state", "recipient_region__name",
                    *(f"recipient__{f}" for f in User.NAME_FIELDS),
                    *(f"implementation_moderator__{f}" for f in User.NAME_FIELDS))


def _queue_page(request, requests, *, by_deadline):
    """One page of ``requests`` with their deadlines (issue 17 item 2): the nearest open deadline first
    (the same order as the fewest working days left), then the oldest; ``by_deadline=False`` keeps the
    queryset's order."""
    # issue 17: only the columns a row shows (every column of four models was half of the page's time)
    requests = requests.select_related("practice", "recipient", "recipient_region", "implementation_moderator").only(
        *QUEUE_ROW_FIELDS)
    page = Paginator(_ByDeadline(requests) if by_deadline else requests, QUEUE_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return page, _with_deadlines(page.object_list), params.urlencode()


@login_required
def my_requests(request):
    requests = (ReplicationRequest.objects.filter(recipient=request.user)
                .select_related("practice", "recipient_region", "implementation_moderator").order_by("-created_at", "-pk"))
    page, rows, query = _queue_page(request, requests, by_deadline=False)
    return render(request, "replication/queue.html", {
        "title": "Мои заявки на внедрение", "rows": rows, "queue": "my", "page": page, "query": query,
    })


@login_required
def moderator_queue(request):
    permissions.require(request.user, "view_implementation_queue")
    requests = (ReplicationRequest.objects.filter(implementation_moderator=request.user)
                .select_related("practice", "recipient", "recipient_region", "implementation_moderator"))
    show = request.GET.get("show", "open")
    if show != "all":
        requests = requests.filter(state__in=OPEN_STATES)
    page, rows, query = _queue_page(request, requests, by_deadline=True)
    return render(request, "replication/queue.html", {
        "title": "Заявки модератора внедрения", "rows": rows, "queue": "moderator", "show": show,
        "page": page, "query": query,
    })


@login_required
def asi_queue(request):
    permissions.require(request.user, "view_replication_asi_queue")
    requests = ReplicationRequest.objects.select_related("practice", "recipient", "recipient_region",
                                                         "implementation_moderator")
    show = request.GET.get("show", "open")
    if show == "open":
        requests = requests.filter(state__in=OPEN_STATES)
    elif show in RequestState.values:
        requests = requests.filter(state=show)
    page, rows, query = _queue_page(request, requests, by_deadline=True)
    counts = dict(ReplicationRequest.objects.order_by().values_list("state").annotate(n=Count("pk")))
    return render(request, "replication/queue.html", {
        "title": "Заявки на тиражирование", "rows": rows, "queue": "asi", "show": show,
        "states": [(value, label, counts.get(value, 0)) for value, label in RequestState.choices],
        "page": page, "query": query,
    })


# --- events and curators (F-EVT-1, F-EVT-2)


def _events_with_counts():
    return (Event.objects.select_related("format")
            .annotate(request_count=Count("requests", distinct=True))
            .prefetch_related("practices", "invited_regions"))


@login_required
def event_list(request):
    permissions.require(request.user, "view_events")
    events = _events_with_counts().order_by("date")
    return render(request, "replication/event_list.html", {
        "events": events, "may_manage": permissions.can(request.user, "manage_events"),
    })


@login_required
def event_form(request, pk=None):
    event = get_object_or_404(Event, pk=pk) if pk else None
    permissions.require(request.user, "manage_events", event)
    form = forms.EventForm(post_data(request), instance=event)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("practices", "invited_regions")}
        event = event_services.save_event(event, by=request.user, fields=data,
                                    practices=form.cleaned_data["practices"],
                                    invited_regions=form.cleaned_data["invited_regions"])
        messages.success(request, "Мероприятие сохранено в плане-графике.")
        return redirect(event)
    return render(request, "replication/event_form.html", {"form": form, "event": event},
                  status=400 if request.method == "POST" else 200)


def _curated_regions(user, event):
    if is_asi(user):
        return Region.objects.order_by("name")
    districts = permissions.role_districts(user, Role.FD_CURATOR)
    return Region.objects.filter(federal_district_id__in=districts).order_by("name")


def _event_context(request, event, interest_form=None, errors=()):
    user = request.user
    requests = event.requests.select_related("practice", "recipient_region").order_by("-created_at")
    interests = event.interests.select_related("region", "practice", "recorded_by")
    may_record = permissions.can(user, "record_region_interest", event)
    regions = _curated_regions(user, event) if may_record else Region.objects.none()
    if may_record and interest_form is None:
        interest_form = forms.InterestForm(event=event, regions=regions)
    return {
        "event": event, "requests": requests, "request_count": requests.count(),
        "interests": [{"row": i, "may_offer": permissions.can(user, "offer_replication", i)} for i in interests],
        "interested_count": interests.filter(interest=Interest.INTERESTED).values("region").distinct().count(),
        "may_manage": permissions.can(user, "manage_events", event), "may_record": may_record,
        "may_summarise": permissions.can(user, "send_interest_summary", event),
        "interest_form": interest_form, "errors": errors,
        "summaries": event.summaries.select_related("sent_by", "federal_district"),
    }


@login_required
def event_detail(request, pk):
    permissions.require(request.user, "view_events")
    event = get_object_or_404(Event.objects.select_related("format"), pk=pk)
    return render(request, "replication/event_detail.html", _event_context(request, event))


@login_required
@require_POST
def interest_record(request, pk):
    event = get_object_or_404(Event, pk=pk)
    permissions.require(request.user, "record_region_interest", event)
    form = forms.InterestForm(request.POST, event=event, regions=_curated_regions(request.user, event))
    errors = []
    if form.is_valid():
        data = form.cleaned_data
        try:
            event_services.record_interest(event, by=request.user, region=data["region"], practice=data["practice"],
                                     interest=data["interest"], comment=data["comment"])
        except (ValidationError, PermissionDenied) as exc:
            errors = _errors(exc)
        else:
            messages.success(request, "Обратная связь региона записана.")
            return redirect(event)
    return render(request, "replication/event_detail.html",
                  _event_context(request, event, interest_form=form, errors=errors), status=400)


@login_required
@require_POST
def interest_summary(request, pk):
    event = get_object_or_404(Event, pk=pk)
    event_services.send_summary(event, by=request.user)
    messages.success(request, "Сводка о заинтересованных регионах передана в Агентство.")
    return redirect(event)


@login_required
@require_POST
def interest_offer(request, pk, interest_pk):
    record = get_object_or_404(RegionInterest, pk=interest_pk, event_id=pk)
    try:
        event_services.offer_practice(record, by=request.user)
    except ValidationError as exc:
        for error in _errors(exc):
            messages.error(request, error)
    else:
        messages.success(request, f"{record.region}: региону предложено внедрить практику «{record.practice}».")
    return redirect(record.event)
