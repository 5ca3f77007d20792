"""F-PLUS-10 «Как это увидят другие»: the practice page as another audience would see it.

The team and the reviewers of a practice (rule ``preview_practice_as``) open ``/practices/<pk>/view-as/<audience>/``
and get the practice page rendered with the rules of the public, of a logged-in user without roles, or of the
practice's team. Nobody's identity changes: no impersonation, no session change, ``request.user`` stays the real
user (the header, the menu, the CSRF token and every POST are theirs). Only the page's content is asked of a
**stand-in viewer** (``stand_in``): an ``AnonymousUser`` for the public; for a logged-in user an unsaved user
with no roles and no object grants; for the team the same, carrying the author's id, so the team's rules
(``is_on_team``) answer for it and no role the author may hold elsewhere does.

The page says so at the top (a banner «Так страницу увидит: …» with links to the other audiences and back to
the user's own view) and its actions are inert: the buttons the audience would see are drawn disabled, no form
is rendered, so the preview never lets anyone act as another audience — and any POST elsewhere is judged by
the real user's rules as always.

choice (the regulation is silent): an unpublished practice previewed as the public or a logged-in user shows
what they would get — its page does not exist for them (404) until publication — as a notice under the banner,
never the draft; previewed as the team it points to the passport preview, the page the team is sent to.

A preview page is never cached (no ``public_page``; ``Cache-Control: private, no-store``) nor indexed
(``X-Robots-Tag: noindex``). Someone who may not see the practice gets 404, someone who sees it but may not
preview it 403 (``get_object_for``), an anonymous visitor is sent to log in.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from practices.catalogue.views import page_context, page_practice
from practices.enums import PUBLIC_STATES
from practices.models import Practice
from smarteka.permissions import get_object_for

# the audiences, in the order of the banner's links: (slug, who, in the banner «Так страницу увидит: …»)
AUDIENCES = {
    "public": "посетитель без входа на сайт",
    "user": "зарегистрированный пользователь без ролей",
    "team": "команда практики",
}
REFUSED = "Посмотреть страницу глазами других могут команда практики и её проверяющие."


class _NoObjectGrants(dict):
    """The stand-in's cache of object grants (smarteka.roles.objects): holds none, for every object."""

    def __contains__(self, key):
        return True

    def __getitem__(self, key):
        return frozenset()


def _read_only(*args, **kwargs):
    raise TypeError("the preview's stand-in viewer is never saved")


def stand_in(audience, practice):
    """The viewer the page's rules are asked of for ``audience``. The logged-in stand-ins hold no role grants
    and no object grants (their caches are filled empty, so no rule reads the real account's), cannot be saved,
    and carry an id no account has (0) or, for the team, the author's id."""
    if audience == "public":
        return AnonymousUser()
    viewer = get_user_model()(pk=practice.author_id if audience == "team" else 0, is_active=True)
    viewer._smarteka_grants = ()
    viewer._smarteka_object_perms = _NoObjectGrants()
    viewer.save = viewer.delete = _read_only
    return viewer


@login_required
@require_GET
def view_as(request, pk, audience):
    """The practice page as ``audience`` would see it (see the module's docstring)."""
    if audience not in AUDIENCES:
        raise Http404("Нет такой аудитории")
    practice = get_object_for(request.user, page_practice(Practice.objects.all()), "preview_practice_as",
                              view_action="view_practice", message=REFUSED, pk=pk)
    preview = {"audience": audience, "label": AUDIENCES[audience], "audiences": AUDIENCES.items()}
    if practice.state in PUBLIC_STATES:
        context = {**page_context(practice, stand_in(audience, practice)), "appreciated": False}
        template = "practices/catalogue/detail.html"
    else:
        context = {"practice": practice, "is_archived": False}
        template = "practices/catalogue/preview_unpublished.html"
    response = render(request, template, {**context, "preview": preview})
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
