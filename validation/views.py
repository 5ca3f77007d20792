"""Review pages (SPEC §6): a practice's review page with the actions the user may run, and the queues
(F-VAL-7). Views only parse forms and call validation.services."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django_fsm import TransitionNotAllowed

from practices.models import Practice, PracticeState
from practices.submission import versions
from smarteka import permissions
from smarteka.forms import add_service_errors
from smarteka.history.services import history_for
from validation import forms, notices, queues, services


@dataclass
class Action:
    """One form on the review page: the rule asked, the form, the service it runs."""

    name: str
    rule: str
    label: str
    form: object
    run: object
    done: str
    style: str = "primary"
    help: str = ""
    form_kwargs: object = field(default=lambda practice, user: {})


ACTIONS = [
    Action("confirm", "confirm_regionally", "Подтвердить практику и передать на упаковку", forms.ConfirmForm,
           lambda p, u, d: services.confirm_regionally(p, by=u, document=d.get("document"), comment=d["comment"]),
           "Практика подтверждена и передана на упаковку.", "success",
           "Подтверждение реализации практики в регионе и достоверности сведений (п. 4.1.8 Регламента).",
           lambda p, u: {"practice": p, "has_document": p.has_regional_confirmation_document()}),
    Action("route", "route_to_expert_moderator", "Направить эксперту-модератору", forms.RouteForm,
           lambda p, u, d: services.route_to_expert_moderator(p, by=u, expert_moderator=d["expert_moderator"],
                                                             comment=d["comment"]),
           "Практика направлена эксперту-модератору.", "primary",
           "Эксперт-модератор категории поможет автору дополнить практику (Прил. 1).",
           lambda p, u: {"practice": p}),
    Action("comment", "package_practice", "Отправить комментарий автору", forms.RequiredCommentForm,
           lambda p, u, d: services.comment_to_author(p, by=u, comment=d["comment"]),
           "Комментарий отправлен автору.", "outline-primary", "",
           lambda p, u: {"label": "Комментарий автору", "required_message": "Напишите комментарий автору.",
                         "with_file": False}),
    Action("level", "package_practice", "Установить уровень", forms.LevelForm,
           lambda p, u, d: services.set_level(p, by=u, level=d["level"]),
           "Уровень практики установлен.", "outline-primary", "Уровень практики определяет эксперт-модератор "
                                                              "(п. 2.1.6 Регламента).",
           lambda p, u: {"practice": p}),
    Action("request-materials", "request_materials", "Запросить дополнительные материалы",
           forms.RequiredCommentForm,
           lambda p, u, d: services.request_materials(p, by=u, comment=d["comment"]),
           "Запрос отправлен автору; практика возвращена на доработку.", "outline-warning",
           "Автор получит запрос по почте и сможет загрузить материалы в течение 5 рабочих дней.",
           lambda p, u: {"label": "Какие материалы нужны", "required_message": "Перечислите, какие материалы нужны.",
                         "with_file": False}),
    Action("packaged", "package_practice", "Практика упакована", forms.CommentForm,
           lambda p, u, d: services.mark_packaged(p, by=u, comment=d["comment"]),
           "Практика отмечена упакованной; модератор АСИ получил уведомление.", "success",
           "Отметьте, когда практика проверена и доработана и её уровень установлен."),
    Action("start-expert-review", "start_expert_review", "Перевести на экспертную оценку", forms.CommentForm,
           lambda p, u, d: services.start_expert_review(p, by=u, comment=d["comment"]),
           "Практика переведена на экспертную оценку.", "primary"),
    Action("skip-expert-review", "skip_expert_review", "Без экспертизы — к публикации", forms.CommentForm,
           lambda p, u, d: services.skip_expert_review(p, by=u, comment=d["comment"]),
           "Практика готова к публикации без экспертной оценки.", "outline-primary",
           "Практика рекомендована комиссией Госсовета или профильным ФОИВ: экспертная оценка не обязательна "
           "(п. 4.4.1). Чтобы назначить оценку, переведите практику на экспертную оценку."),
    Action("rating-confirm", "rating_confirm", "Подтвердить влияние на рейтинг", forms.CommentWithFileForm,
           lambda p, u, d: services.rating_confirm(p, by=u, comment=d["comment"], attachment=d.get("attachment")),
           "Верификация рейтинговым комитетом пройдена.", "success",
           "Практика заявляет влияние на показатели Рейтинга инвестиционной привлекательности (Прил. 3)."),
    Action("publish", "publish_practice", "Опубликовать практику", forms.CommentForm,
           lambda p, u, d: services.publish(p, by=u, comment=d["comment"]),
           "Практика опубликована; автор и команда получили уведомление.", "success"),
    Action("return", "return_for_revision", "Вернуть на доработку", forms.RequiredCommentForm,
           lambda p, u, d: services.return_for_revision(p, by=u, comment=d["comment"],
                                                        attachment=d.get("attachment")),
           "Практика возвращена автору на доработку (5 рабочих дней).", "warning",
           "Автору придёт письмо; срок доработки — 5 рабочих дней (п. 4.1.9 Регламента)."),
    Action("reject", "reject_practice", "Отклонить практику", forms.RejectForm,
           lambda p, u, d: services.reject(p, by=u, grounds=d.get("grounds", ()), comment=d["comment"]),
           "Практика отклонена.", "danger", "",
           lambda p, u: {"grounds": services.grounds_for(u, p)}),
]
ACTIONS_BY_NAME = {a.name: a for a in ACTIONS}


def _practice(pk):
    return get_object_or_404(Practice.objects.select_related("author", "region", "category", "expert_moderator"),
                             pk=pk)


def _form(action, practice, user, data=None, files=None):
    return action.form(data, files, **action.form_kwargs(practice, user))


def _page(request, practice, *, bound=None, status=200):
    user = request.user
    action_forms = []
    for action in ACTIONS:
        if not permissions.can(user, action.rule, practice):
            continue
        if action.name == "packaged" and practice.packaged_at:
            continue
        form = bound[1] if bound and bound[0] == action.name else _form(action, practice, user)
        action_forms.append({"action": action, "form": form, "open": bool(bound and bound[0] == action.name)})
    since = versions.diff_since_last_seen(practice, user)
    response = render(request, "validation/review.html", {
        "practice": practice, "action_forms": action_forms, "since": since,
        "transitions": history_for(practice), "deadline": notices.revision_deadline(practice),
        "documents": practice.materials.filter(kind__in=practice.regional_document_kinds()).select_related("file"),
        "rejection_grounds": practice.rejection_grounds,
        # what a reviewer checks besides the passport text: every material (public or not) and the team
        "materials": practice.materials.select_related("file").order_by("kind", "pk"),
        "team": practice.team.select_related("user").order_by("joined_at", "pk"),
    }, status=status)
    if since.latest is not None and not bound:
        versions.mark_seen(practice, user, since.latest)
    return response


@login_required
def review(request, pk):
    practice = _practice(pk)
    permissions.require(request.user, "review_practice", practice)
    return _page(request, practice)



@login_required
def act(request, pk, action):
    practice = _practice(pk)
    if action == "delete":
        return _delete(request, practice)
    spec = ACTIONS_BY_NAME.get(action)
    if spec is None:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    permissions.require(request.user, spec.rule, practice)
    form = _form(spec, practice, request.user, request.POST, request.FILES)
    if form.is_valid():
        try:
            spec.run(practice, request.user, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except TransitionNotAllowed:
            form.add_error(None, "Действие недоступно: статус практики уже изменился. Обновите страницу.")
        else:
            messages.success(request, spec.done)
            practice.refresh_from_db()
            if permissions.can(request.user, "review_practice", practice):
                return redirect("validation:review", pk=practice.pk)
            return redirect("validation:queue")
    return _page(request, practice, bound=(spec.name, form), status=400)


def _delete(request, practice):
    """4.1.13: the author deletes a draft or a practice on revision (soft)."""
    permissions.require(request.user, "delete_practice", practice)
    form = forms.CommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.delete_practice(practice, by=request.user, comment=form.cleaned_data["comment"])
        messages.success(request, f"Практика «{practice}» удалена.")
        return redirect("practices:my")
    return render(request, "validation/delete.html", {"practice": practice, "form": form})


@login_required
def queue(request):
    """F-VAL-7: what waits for the user, oldest first, with working days in the stage / left."""
    permissions.require(request.user, "view_review_queue")
    sections = queues.sections_for(request.user)
    return render(request, "validation/queue.html", {"sections": sections,
                                                     "states": PracticeState})
