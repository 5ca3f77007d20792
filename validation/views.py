"""Review pages (SPEC §6): a practice's review page with the actions the user may run, and the queues
(F-VAL-7). Views only parse forms and call validation.services."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from practices.enums import PERSONAL_DATA_KINDS
from practices.models import Practice, PracticeState
from practices.permissions import is_reviewer_of
from practices.revision import services as revision
from practices.submission import versions
from smarteka import permissions
from smarteka.actions import ActionSpec, actions_by_name, run_action, submit_form
from smarteka.forms import add_service_errors, posted
from smarteka.history.services import history_for
from validation import forms, notices, queues, services
from validation.lifecycle.views_actualization import REVIEW_ACTIONS, review_context
from validation.lifecycle.views_stewardship import STEWARDSHIP_ACTIONS
from validation.models import Selection
from validation.permissions import is_own_unsubmitted_draft

ACTIONS = actions_by_name(
    ActionSpec("confirm",
               "confirm_regionally",
               forms.ConfirmForm,
               lambda p, u, d: services.confirm_regionally(p, by=u, document=d.get("document"), comment=d["comment"]),
               "Практика подтверждена и передана на упаковку.",
               label="Подтвердить практику и передать на упаковку",
               style="success",
               help="Подтверждение реализации практики в регионе и достоверности сведений (п. 4.1.8 Регламента).",
               form_kwargs=lambda p, u: {"practice": p, "has_document": p.has_regional_confirmation_document()}),
    ActionSpec("attach-letter",
               "attach_state_council_letter",
               forms.StateCouncilLetterForm,
               lambda p, u, d: services.attach_state_council_letter(p, by=u, upload=d["letter"],
                                                                    comment=d["comment"]),
               "Письмо комиссии прикреплено к практике; автор получил уведомление.",
               label="Прикрепить письмо комиссии Госсовета / ФОИВ",
               style="outline-primary",
               help="Письмо и протокол, которыми комиссия Госсовета или профильный ФОИВ рекомендовали практику "
                    "(п. 3.2.2, 4.3.2 Регламента). С ними практика может быть опубликована без экспертной "
                    "оценки."),
    ActionSpec("category",
               "set_practice_category",
               forms.CategoryForm,
               lambda p, u, d: services.set_category(p, by=u, category=d["category"], comment=d["comment"]),
               "Категория практики установлена; теперь направьте её эксперту-модератору.",
               label="Выбрать категорию практики",
               style="primary",
               help="Автор выбрал «Я не знаю, что выбрать» (Прил. 2): отнесите практику к категории, затем "
                    "направьте эксперту-модератору этой категории.",
               form_kwargs=lambda p, u: {"practice": p}),
    ActionSpec("route",
               "route_to_expert_moderator",
               forms.RouteForm,
               lambda p, u, d: services.route_to_expert_moderator(
                   p, by=u, expert_moderator=d["expert_moderator"], comment=d["comment"]),
               "Практика направлена эксперту-модератору.",
               label="Направить эксперту-модератору",
               style="primary",
               help="Эксперт-модератор категории поможет автору дополнить практику (Прил. 1).",
               form_kwargs=lambda p, u: {"practice": p}),
    ActionSpec("comment",
               "package_practice",
               forms.RequiredCommentForm,
               lambda p, u, d: services.comment_to_author(p, by=u, comment=d["comment"]),
               "Комментарий отправлен автору.",
               label="Отправить комментарий автору",
               style="outline-primary",
               form_kwargs=lambda p, u: {"label": "Комментарий автору",
                                         "required_message": "Напишите комментарий автору.", "with_file": False}),
    ActionSpec("level",
               "package_practice",
               forms.LevelForm,
               lambda p, u, d: services.set_level(p, by=u, level=d["level"]),
               "Уровень практики установлен.",
               label="Установить уровень",
               style="outline-primary",
               help="Уровень практики определяет эксперт-модератор (п. 2.1.6 Регламента).",
               form_kwargs=lambda p, u: {"practice": p}),
    ActionSpec("request-materials",
               "request_materials",
               forms.RequiredCommentForm,
               lambda p, u, d: services.request_materials(p, by=u, comment=d["comment"]),
               "Запрос отправлен автору; практика возвращена на доработку.",
               label="Запросить дополнительные материалы",
               style="outline-warning",
               help="Автор получит запрос по почте и сможет загрузить материалы в течение 5 рабочих дней.",
               form_kwargs=lambda p, u: {"label": "Какие материалы нужны",
                                         "required_message": "Перечислите, какие материалы нужны.",
                                         "with_file": False, "points_from": revision.next_number(p)}),
    ActionSpec("packaged",
               "mark_packaged",
               forms.CommentForm,
               lambda p, u, d: services.mark_packaged(p, by=u, comment=d["comment"]),
               "Практика отмечена упакованной; модератор АСИ получил уведомление.",
               label="Практика упакована",
               style="success",
               help="Отметьте, когда практика проверена и доработана и её уровень установлен."),
    ActionSpec("start-expert-review",
               "start_expert_review",
               forms.CommentForm,
               lambda p, u, d: services.start_expert_review(p, by=u, comment=d["comment"]),
               "Практика переведена на экспертную оценку.",
               label="Перевести на экспертную оценку",
               style="primary"),
    ActionSpec("skip-expert-review",
               "skip_expert_review",
               forms.CommentForm,
               lambda p, u, d: services.skip_expert_review(p, by=u, comment=d["comment"]),
               "Практика готова к публикации без экспертной оценки.",
               label="Без экспертизы — к публикации",
               style="outline-primary",
               help="Практика рекомендована комиссией Госсовета или профильным ФОИВ: экспертная оценка не обязательна "
                    "(п. 4.4.1). Чтобы назначить оценку, переведите практику на экспертную оценку."),
    ActionSpec("rating-confirm",
               "rating_confirm",
               forms.CommentWithFileForm,
               lambda p, u, d: services.rating_confirm(p, by=u, comment=d["comment"], attachment=d.get("attachment")),
               "Верификация рейтинговым комитетом пройдена.",
               label="Подтвердить влияние на рейтинг",
               style="success",
               help="Практика заявляет влияние на показатели Рейтинга инвестиционной привлекательности (Прил. 3)."),
    ActionSpec("publish",
               "publish_practice",
               forms.CommentForm,
               lambda p, u, d: services.publish(p, by=u, comment=d["comment"]),
               "Практика опубликована; автор и команда получили уведомление.",
               label="Опубликовать практику",
               confirm="Опубликовать практику «{obj}»? Она появится в открытом каталоге, автор и команда получат "
                       "уведомление.",
               style="success"),
    ActionSpec("return",
               "return_for_revision",
               forms.RequiredCommentForm,
               lambda p, u, d: services.return_for_revision(
                   p, by=u, comment=d["comment"], attachment=d.get("attachment")),
               "Практика возвращена автору на доработку (5 рабочих дней).",
               label="Вернуть на доработку",
               style="warning",
               help="Автору придёт письмо; срок доработки — 5 рабочих дней (п. 4.1.9 Регламента).",
               form_kwargs=lambda p, u: {"label": "Что нужно доработать", "points_from": revision.next_number(p)}),
    ActionSpec("reject",
               "reject_practice",
               forms.RejectForm,
               lambda p, u, d: services.reject(p, by=u, grounds=d.get("grounds", ()), comment=d["comment"]),
               "Практика отклонена.",
               label="Отклонить практику",
               confirm="Отклонить практику «{obj}»? Решение окончательное: автор получит уведомление с "
                       "основаниями, вернуть практику на рассмотрение будет нельзя.",
               style="danger",
               form_kwargs=lambda p, u: {"grounds": services.grounds_for(u, p),
                                         "initial": {"grounds": services.default_rejection_grounds(p)}}),
    *REVIEW_ACTIONS,  # the edit of a published practice (F-ACT-1)
)
# issue 21: recovery of a deleted practice (4.1.13), the author's silence (4.1.12)
ACTIONS.update(actions_by_name(*STEWARDSHIP_ACTIONS))


def _practice(request, pk, action=None):
    """The practice: 404 for a user who may not know it exists (F-ROLE-1), 403 without ``action``
    (an action of the table asks its own rule in ``run_action``)."""
    return permissions.get_object_for(
        request.user, Practice.objects.select_related("author", "region", "category", "expert_moderator"),
        action, view_action="view_practice", pk=pk)


def _materials_for(user, practice):
    """Every material the reviewer may open (public or not); the rating committee does not get the
    personal-data consents it does not verify (Прил.3, 152-ФЗ)."""
    materials = practice.materials.select_related("file").order_by("kind", "pk")
    if is_reviewer_of(user, practice):
        return materials
    return [m for m in materials if m.kind not in PERSONAL_DATA_KINDS]


def _page(request, practice, *, bound=None, status=200):
    user = request.user
    asked = request.GET.get("action")  # a notice's link opens the action it offers
    action_forms = []
    for action in ACTIONS.values():
        if not permissions.can(user, action.rule, practice):
            continue
        form = bound[1] if bound and bound[0] == action.name else action.make_form(practice, user)
        action_forms.append({"action": action, "form": form, "open": (bound[0] == action.name) if bound else asked == action.name,
                             "confirm": action.confirm_for(practice)})
    since = versions.diff_since_last_seen(practice, user)
    response = render(request, "validation/review.html", {
        "practice": practice, "action_forms": action_forms, "since": since,
        "transitions": history_for(practice), "deadline": notices.revision_deadline(practice),
        "documents": practice.materials.filter(kind__in=practice.regional_document_kinds()).select_related("file"),
        "rejection_grounds": practice.rejection_grounds,
        # what a reviewer checks besides the passport text: every material (public or not) and the team
        "materials": _materials_for(user, practice),
        "team": practice.team.select_related("user").order_by("joined_at", "pk"),
        "actualization": review_context(practice),  # an edit of a published practice: the diff against it
        "revision_points": revision.summary(practice),  # F-PLUS-8
    }, status=status)
    if since.latest is not None and not bound:
        versions.mark_seen(practice, user, since.latest)
    return response


@login_required
def review(request, pk):
    practice = _practice(request, pk, "review_practice")
    return _page(request, practice)



@login_required
def act(request, pk, action):
    practice = _practice(request, pk)
    if action == "delete":
        return _delete(request, practice)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404

    def render_failed(form, error):
        if error is not None:
            add_service_errors(form, error)
        return _page(request, practice, bound=(spec.name, form), status=400)

    def next_page(practice):
        """The review page again, or the queue when the action took the practice out of the user's sight."""
        practice.refresh_from_db()
        if practice.actualization_of_id and practice.state == PracticeState.ACTUALIZATION_ACCEPTED:
            return practice.actualization_of.get_absolute_url()  # the accepted text, now public
        if permissions.can(request.user, "review_practice", practice):
            return reverse("validation:review", args=[practice.pk])
        return reverse("validation:queue")

    return run_action(request, spec, practice, success_url=next_page, render_failed=render_failed,
                      stale_message="Действие недоступно: статус практики уже изменился. Обновите страницу.")


def _delete(request, practice):
    """4.1.13: the ASI moderator deletes on an official request (who asked and the request itself are
    recorded); the author deletes a draft never submitted."""
    permissions.require(request.user, "delete_practice", practice)
    own_draft = is_own_unsubmitted_draft(request.user, practice)
    form_class = forms.CommentForm if own_draft else forms.DeletionRequestForm
    form = form_class(*posted(request))
    if request.method == "POST":
        done = submit_form(request, form, lambda f: services.delete_practice(
            practice, by=request.user, comment=f.cleaned_data["comment"],
            requester=f.cleaned_data.get("requester", ""), request_document=f.cleaned_data.get("request_document")),
            f"Практика «{practice}» удалена.", success_url=reverse("practices:my" if own_draft else "validation:queue"))
        if done is not None:
            return done
    return render(request, "validation/delete.html", {"practice": practice, "form": form, "own_draft": own_draft},
                  status=400 if form.is_bound else 200)


@login_required
def recommendations(request):
    """The Partner's page (2.2.4–2.2.5; SPEC §1 choice): it records its recommendation letters on submitted
    practices of the State Council track, follows the practices it recommended through every stage and
    the selections it initiated (3.2.5)."""
    permissions.require(request.user, "view_partner_recommendations")
    candidates = queues.letter_candidates()
    form = forms.PartnerLetterForm(*posted(request), practices=candidates)
    if request.method == "POST":
        done = submit_form(request, form, lambda f: services.attach_state_council_letter(
            f.cleaned_data["practice"], by=request.user, upload=f.cleaned_data["letter"],
            comment=f.cleaned_data["comment"]),
            lambda practice: f"Письмо с рекомендацией прикреплено к практике «{practice}».",
            success_url=reverse("validation:recommendations"))
        if done is not None:
            return done
    return render(request, "validation/recommendations.html", {
        "form": form, "practices": queues.rows(queues.recommended_practices(request.user)),
        "selections": Selection.objects.filter(launch_requested_by=request.user).order_by("-intake_from"),
    }, status=400 if form.is_bound else 200)


@login_required
def queue(request):
    """F-VAL-7: what waits for the user, oldest first, with working days in the stage / left."""
    permissions.require(request.user, "view_review_queue")
    sections_html = queues.kept_sections(request.user, lambda sections: render_to_string(
        "validation/_queue_sections.html", {"sections": sections}))
    return render(request, "validation/queue.html", {"sections_html": sections_html})


@login_required
def queue_section(request, key):
    """Issue 17 item 2: one whole section of the user's queue, page by page (the queue page shows the
    QUEUE_LIMIT longest-waiting of each); a section the user's roles do not give is not found."""
    permissions.require(request.user, "view_review_queue")
    found = queues.section_page(request.user, key, request.GET.get("page"))
    if found is None:
        raise Http404("Такого раздела в ваших очередях нет.")
    section, page = found
    return render(request, "validation/queue_section.html", {"section": section, "page": page})
