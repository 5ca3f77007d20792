"""A practice's life after publication on «Мой кабинет» (issue 21 + issue 14 item 4): what awaits the
expert-moderator (archiving proposals made by the daily check to confirm or dismiss, 4.2.1.4; actualized
passports to accept or return, F-ACT-1) and the ASI moderator (proposals to decide, 4.6.1; requests for edit
access, 4.5.6; author replacements, 4.1.11). The clocks of the author (F-DL-2, F-DL-8) and of the coordinator
(F-DL-5, F-DL-10) reach the cabinet through their open deadlines. Registered in ``ValidationConfig.ready``."""

from practices.models import Practice, PracticeState
from smarteka.cabinet import LISTS, Item, Section, key_of
from smarteka.kepturls import reverse  # kept per process (issue 17)
from smarteka.permissions import has_role, role_categories
from smarteka.roles.models import Role
from validation.lifecycle.models_actualization import ActualizationRequest, ActualizationState
from validation.lifecycle.models_archiving import ArchiveProposal, ProposalState
from validation.lifecycle.models_stewardship import AuthorReplacement, ReplacementState

LIMIT = 50
# issue 17: an item reads the practice's name, not its passport
PRACTICE_NAME = tuple(f"practice__{name}" for name in Practice.NAME_FIELDS)


def _proposal_items(queryset, note):
    rows = (queryset.select_related("practice").only("state", "ground", "created_at", "practice", *PRACTICE_NAME)
            .order_by("created_at", "pk")[:LIMIT])
    return [Item(str(p.practice), reverse("archiving:proposal", args=[p.pk]),
                 note=f"{p.ground.rstrip(';.')} · {note}", key=key_of(p)) for p in rows]


def awaiting(user):
    sections = []
    categories = role_categories(user, Role.EXPERT_MODERATOR)
    if categories:
        proposals = ArchiveProposal.objects.filter(state=ProposalState.AWAITING_EXPERT,
                                                   practice__category__in=categories)
        edits = (Practice.objects.filter(state=PracticeState.ACTUALIZATION_REVIEW, category__in=categories)
                 .select_related("actualization_of").order_by("updated_at", "pk")
                 .only("state", "updated_at", "actualization_of",
                       *(f"actualization_of__{name}" for name in Practice.NAME_FIELDS))[:LIMIT])
        sections.append(Section(
            "archiving-expert", "Архивирование и актуализация", order=15,
            url=reverse("archiving:proposals"), url_label="Архивирование практик",
            items=_proposal_items(proposals, "подтвердите предложение об архивировании или отклоните его")
            + [Item(str(edit.actualization_of), reverse("validation:review", args=[edit.pk]),
                    note="актуализированный паспорт: примите или верните автору", key=key_of(edit))
               for edit in edits]))
    if has_role(user, Role.ASI_MODERATOR):
        proposals = ArchiveProposal.objects.filter(state=ProposalState.PROPOSED)
        grants = (ActualizationRequest.objects.filter(state=ActualizationState.REQUESTED)
                  .select_related("practice").only("state", "created_at", "practice", *PRACTICE_NAME)
                  .order_by("created_at", "pk")[:LIMIT])
        replacements = (AuthorReplacement.objects.filter(state=ReplacementState.PENDING)
                        .select_related("practice").only("state", "created_at", "practice", *PRACTICE_NAME)
                        .order_by("created_at", "pk")[:LIMIT])
        sections.append(Section(
            "archiving-asi", "Жизнь опубликованных практик", order=16,
            url=reverse("archiving:proposals"), url_label="Архивирование практик",
            items=_proposal_items(proposals, "переведите в Базу знаний или отклоните предложение")
            + [Item(str(r.practice), reverse("validation:actualization", args=[r.practice_id]),
                    note="запрошена актуализация: предоставьте доступ к редактированию", key=key_of(r))
               for r in grants]
            + [Item(str(r.practice), reverse("validation:replacement", args=[r.pk]),
                    note="запрос на замену автора", key=key_of(r)) for r in replacements]))
    return sections


def overview(user):
    items = []
    if role_categories(user, Role.EXPERT_MODERATOR):
        items.append(Item("Ежегодный аудит практик", reverse("archiving:audit")))
    if role_categories(user, Role.EXPERT_MODERATOR) or has_role(user, Role.ASI_MODERATOR):
        items.append(Item("Архивирование практик", reverse("archiving:proposals")))
    if has_role(user, Role.ASI_MODERATOR):
        items.append(Item("Авторы и контакты", reverse("validation:contacts")))
        items.append(Item("Удалённые практики", reverse("validation:deleted")))
    return [Section("lifecycle-lists", "После публикации", kind=LISTS, order=31, items=items)] if items else []
