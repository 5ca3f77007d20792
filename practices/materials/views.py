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
from smarteka.permissions import can, require


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


@login_required
def materials(request, pk):
    practice = get_object_or_404(Practice.objects.select_related("region", "category", "cover"), pk=pk)
    require(request.user, "view_practice_materials", practice)
    if request.method != "POST":
        return _page(request, practice)
    require(request.user, "change_practice_materials", practice)
    if "cover" in request.FILES or request.POST.get("action") == "cover":
        form = CoverForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.set_cover(practice, by=request.user, upload=form.cleaned_data["cover"])
            except ValidationError as error:
                form.add_error("cover", error)
            else:
                messages.success(request, "Обложка загружена.")
                return redirect("practices:materials", pk=practice.pk)
        return _page(request, practice, cover_form=form, status=400)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_material(practice, by=request.user, kind=data["kind"], title=data["title"],
                                            upload=data["file"], url=data["url"], is_public=data["is_public"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, "Материал добавлен.")
            return redirect("practices:materials", pk=practice.pk)
    return _page(request, practice, material_form=form, status=400)


@login_required
@require_POST
def material_delete(request, pk, material_pk):
    material = get_object_or_404(Material.objects.select_related("practice", "file"), pk=material_pk,
                                 practice_id=pk)
    services.delete_material(material, by=request.user)
    messages.success(request, "Материал удалён.")
    return redirect("practices:materials", pk=pk)
