"""Team page of a passport (F-ACC-4)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from practices.models import Practice, TeamMember
from practices.team import services
from practices.team.completeness import team_missing
from practices.team.forms import TEAM_HELP, InviteForm, MemberSearchForm
from smarteka.permissions import can, get_object_for


def _page(request, practice, invite_form=None, status=200):
    search_form = MemberSearchForm(request.GET or None)
    found = None
    can_change = can(request.user, "change_practice_team", practice)
    if can_change and search_form.is_valid():
        found = services.search_users(practice, search_form.cleaned_data["q"])
    members = list(practice.team.select_related("user").exclude(user_id=practice.author_id))
    return render(request, "practices/team/page.html", {
        "practice": practice,
        "author": practice.author,
        "members": members,
        "missing": team_missing(practice),
        "search_form": search_form,
        "found": found,
        "invite_form": invite_form or InviteForm(),
        "can_change": can_change,
        "team_help": TEAM_HELP,
    }, status=status)


def _practice(request, pk, action):
    """The practice: 404 for a user who may not know it exists (F-ROLE-1), 403 without ``action``."""
    return get_object_for(request.user, Practice.objects.select_related("author", "region"), action,
                          view_action="view_practice", pk=pk)


@login_required
def team(request, pk):
    practice = _practice(request, pk, "view_practice_team")
    return _page(request, practice)


@login_required
@require_POST
def team_add(request, pk):
    practice = _practice(request, pk, "change_practice_team")
    user = get_object_or_404(get_user_model(), pk=request.POST.get("user"))
    try:
        services.add_member(practice, by=request.user, user=user, request=request)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"В команду добавлен новый участник: {user.full_name}.")
    return redirect("practices:team", pk=pk)


@login_required
@require_POST
def team_invite(request, pk):
    practice = _practice(request, pk, "change_practice_team")
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            member = services.invite(practice, by=request.user, email=form.cleaned_data["email"],
                                          request=request)
        except ValidationError as error:
            form.add_error("email", error)
        else:
            if member.user_id:
                messages.success(request, f"Этот адрес уже зарегистрирован на платформе, и его владелец добавлен в команду: {member.user.full_name}.")
            else:
                messages.success(request, f"Приглашение отправлено на {member.invited_email}.")
            return redirect("practices:team", pk=pk)
    return _page(request, practice, invite_form=form, status=400)


def _member_action(request, pk, member_pk, run, done=""):
    """A button on a member's row (mentor mark, removal): the author's, through the service
    ``run(member)``; its refusal or ``done`` as a message, then the team page again."""
    practice = _practice(request, pk, "change_practice_team")
    member = get_object_or_404(TeamMember, pk=member_pk, practice=practice)
    try:
        run(member)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if done:
            messages.success(request, done)
    return redirect("practices:team", pk=pk)


@login_required
@require_POST
def team_mentor(request, pk, member_pk):
    is_mentor = request.POST.get("is_mentor") == "on"
    return _member_action(request, pk, member_pk,
                          lambda member: services.set_mentor(member, by=request.user, is_mentor=is_mentor))


@login_required
@require_POST
def team_remove(request, pk, member_pk):
    return _member_action(request, pk, member_pk, lambda member: services.remove_member(member, by=request.user),
                          "Участник удалён из команды.")
