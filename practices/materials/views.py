"""Materials and cover page of a passport (F-PASS-2, F-FILE-1)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from practices.materials import services
from practices.materials.completeness import materials_missing
from practices.materials.forms import (
    MATERIALS_HELP,
    PD_CONSENT_HELP,
    PD_CONSENT_PRIVATE,
    CoverForm,
    MaterialForm,
)
from practices.models import Material, MaterialKind, Practice
from smarteka.permissions import can, get_object_for, require


def _page(request, practice, material_form=None, cover_form=None, status=200):
    materials = list(practice.materials.select_related("file", "added_by"))
    return render(request, "practices/materials/page.html", {
        "practice": practice,
        "materials": [m for m in materials if m.kind != MaterialKind.PD_CONSENT],
        "consents": [m for m in materials if m.kind == MaterialKind.PD_CONSENT],
        "missing": materials_missing(practice),
        "material_form": material_form or MaterialForm(),
        "cover_form": cover_form or CoverForm(),
        "can_change": can(request.user, "change_practice_materials", practice),
        "materials_help": MATERIALS_HELP,
        "pd_consent_help": PD_CONSENT_HELP,
        "pd_consent_private": PD_CONSENT_PRIVATE,
    }, status=status)


def _practice(request, pk):
    """The practice, or 404 for a user who may not know it exists (F-ROLE-1)."""
    return get_object_for(request.user, Practice.objects.select_related("region", "category", "cover"), None,
                          view_action="view_practice", pk=pk)


def _save(request, practice, form, field, run, done, form_name):
    """The cover's and a material's form alike: a valid form goes to the service ``run(data)``; its
    refusal shows at ``field`` and the page comes again (status 400) with the form under ``form_name``."""
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as error:
            form.add_error(field, error)
        else:
            messages.success(request, done)
            return redirect("practices:materials", pk=practice.pk)
    return _page(request, practice, status=400, **{form_name: form})


@login_required
def materials(request, pk):
    practice = _practice(request, pk)
    require(request.user, "view_practice_materials", practice)
    if request.method != "POST":
        return _page(request, practice)
    require(request.user, "change_practice_materials", practice)
    if "cover" in request.FILES or request.POST.get("action") == "cover":
        return _save(request, practice, CoverForm(request.POST, request.FILES), "cover",
                     lambda data: services.set_cover(practice, by=request.user, upload=data["cover"]),
                     "Обложка загружена.", "cover_form")
    return _save(request, practice, MaterialForm(request.POST, request.FILES), "file",
                 lambda data: services.add_material(practice, by=request.user, kind=data["kind"], title=data["title"],
                                                    upload=data["file"], url=data["url"], is_public=data["is_public"]),
                 "Материал добавлен.", "material_form")


@login_required
@require_POST
def material_delete(request, pk, material_pk):
    practice = _practice(request, pk)
    material = get_object_or_404(Material.objects.select_related("practice", "file"), pk=material_pk,
                                 practice=practice)
    services.delete_material(material, by=request.user)
    messages.success(request, "Материал удалён.")
    return redirect("practices:materials", pk=pk)
