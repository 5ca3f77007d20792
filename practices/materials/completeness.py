"""What the materials of a passport still lack (F-PASS-2, 2.1.5 p.4) — the one place that decides it."""

from practices.enums import MaterialKind

# Always required by 2.1.5 p.4; federal recognition («при наличии») and video («приветствуется») never are.
ALWAYS_REQUIRED = (
    MaterialKind.NORMATIVE_ACT,
    MaterialKind.SAMPLE_DOCUMENT,
    MaterialKind.ROADMAP,
    MaterialKind.PRESENTATION,
)
COVER_LABEL = "Обложка карточки практики"


def required_kinds(practice):
    kinds = list(ALWAYS_REQUIRED)
    if practice.is_leader_project:  # «обязательно для практик реализации лидерских проектов»
        kinds.append(MaterialKind.DEPUTY_GOVERNOR_LETTER)
    return kinds


def materials_missing(practice):
    """Russian labels of the required materials (and the cover) the practice does not have yet."""
    present = {m.kind for m in practice.materials.all()}
    missing = [str(kind.label) for kind in required_kinds(practice) if kind not in present]
    if not practice.cover_id:
        missing.append(COVER_LABEL)
    return missing
