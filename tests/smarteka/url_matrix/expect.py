"""What a URL must answer, derived from the permission module (issue 15 item 1).

An entry does not list statuses per user: it names the rules the view asks and the objects they are asked
about, and ``Spec.outcome(user, w)`` asks ``smarteka.permissions.can`` for this user and these objects:

* anonymous on a page behind login            → ``LOGIN`` (302 to the login page)
* a ``see`` rule refused                      → 404 (the user may not know the object exists)
* a ``may`` rule refused                      → 403 (anonymous: ``LOGIN``)
* everything allowed                          → ``OK``: the page's ``ok`` statuses (200 for a GET page;
  for a POST 200, 302 or 400 — a form re-rendered with its errors —, never a redirect to login)

``public()`` pages answer ``OK`` to everyone; ``custom(func)`` covers a view whose answer depends on more
than one rule (``func(user, w) -> outcome``, written with ``can`` too — never a hand-made list of users).
"""

from dataclasses import dataclass, field

from smarteka.permissions import can

LOGIN = "login"
OK = "ok"
REFUSED = {LOGIN, 403, 404, 405}


def resolve(w, ref):
    """A world name, a callable of the world, or None (a rule without object)."""
    if ref is None:
        return None
    if ref in w.fresh:
        return w.fresh[ref]
    obj = w(ref) if isinstance(ref, str) else ref(w)
    if getattr(obj, "_meta", None) and obj.pk:  # as the database holds it now (FSM states are protected)
        obj = type(obj)._default_manager.get(pk=obj.pk)
    w.fresh[ref] = obj
    return obj


@dataclass(frozen=True)
class Spec:
    see: tuple = ()  # ((action, ref), ...): refused → 404
    may: tuple = ()  # ((action, ref), ...): refused → 403
    login: bool = True  # anonymous visitors are sent to log in before any rule is asked
    public: bool = False
    ok: frozenset = field(default_factory=lambda: frozenset({200}))
    func: object = None  # custom(user, w) -> outcome

    def refs(self):
        return [ref for _action, ref in (*self.see, *self.may)]

    def outcome(self, user, w):
        if self.func:
            return self.func(user, w)
        if self.public:
            return OK
        if user is None and self.login:
            return LOGIN
        for action, ref in self.see:
            if not can(user, action, resolve(w, ref)):
                return 404
        for action, ref in self.may:
            if not can(user, action, resolve(w, ref)):
                return LOGIN if user is None else 403
        return OK


def _pairs(value):
    if not value:
        return ()
    if isinstance(value[0], str):
        return (tuple(value),)
    return tuple(tuple(v) for v in value)


def rules(see=(), may=(), *, login=True, ok=(200,)):
    """``rules(see=("view_practice", "draft"), may=("edit_passport", "draft"))``; several rules of a kind
    as a list of pairs. ``login=False`` for a view that asks its rules of anonymous visitors too."""
    return Spec(see=_pairs(see), may=_pairs(may), login=login, ok=frozenset(ok))


def public(ok=(200,)):
    return Spec(public=True, ok=frozenset(ok))


def logged_in(ok=(200,)):
    """Any logged-in user (their own data: profile, notices, cabinet)."""
    return Spec(ok=frozenset(ok))


def custom(func, ok=(200,)):
    return Spec(func=func, ok=frozenset(ok))


POST_ONLY = rules(ok=(405,))  # @login_required @require_POST: anonymous to login, the others 405
POST_ONLY_OPEN = public(ok=(405,))  # @require_POST before anything else: 405 to everyone


def post_only(see=(), may=()):
    """GET of a POST view that fetches its object first (``get_object_for``), then answers 405."""
    return rules(see=see, may=may, ok=(405,))


@dataclass(frozen=True)
class Entry:
    """One row of the matrix: a URL name of the resolver («namespace:name»), its arguments built from the
    world, what a GET must answer and — for an action URL — what a POST must answer. ``variant`` tells rows of
    the same URL apart (the practice's state, the action's name)."""

    url: str
    kwargs: object = None  # callable(w) -> dict of the URL's arguments, or None
    get: Spec | None = None
    post: Spec | None = None
    data: object = None  # callable(w) -> the POST body
    variant: str = ""

    @property
    def id(self):
        return f"{self.url}[{self.variant}]" if self.variant else self.url


def pk(name, key="pk"):
    """URL arguments ``{key: w(name).pk}``."""
    return lambda w: {key: w(name).pk}


def E(url, kwargs=None, get=None, post=None, data=None, variant=""):  # noqa: N802 — one row of the table
    return Entry(url, kwargs, get, post, data, variant)
