"""The login backend: Django's ``ModelBackend``, the logged-in user kept between requests (issue 17).

Django reads the user's row on every request of a logged-in user. Here it is kept in the cache for
``USER_CACHE_SECONDS`` (the header's values are kept as long, ``smarteka.usercache``) and dropped whenever
the user's row is saved or deleted in any way (``smarteka.accounts.apps``): a deactivated account, a new
password (which ends the user's other sessions) or a deleted user count on the very next request. Django's
checks are untouched: the session's hash of the password and ``is_active`` are verified on every request,
against the kept row. The cache (Redis) already holds the sessions; a kept row holds what the database
row holds, the password's hash included.
"""

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

from smarteka import usercache

PATH = "smarteka.accounts.backends.KeptUserBackend"


def user_key(user_id):
    return f"auth-user:{user_id}"


def forget_user(user_id):
    """The kept row, and the header's kept values and drawn menus (they show the name, ``is_staff`` …)."""
    if settings.USER_CACHE_SECONDS:
        cache.delete_many([user_key(user_id), usercache.key(user_id)])


class KeptUserBackend(ModelBackend):
    def get_user(self, user_id):
        seconds = settings.USER_CACHE_SECONDS
        if not seconds:
            return super().get_user(user_id)
        key = user_key(user_id)
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                cache.set(key, user, seconds)
        return user if user is not None and self.user_can_authenticate(user) else None
