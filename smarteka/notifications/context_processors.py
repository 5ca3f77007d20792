from smarteka.notifications.services import unread_count


class LazyCount:
    """Counts on first use, so pages that show no bell make no query."""

    def __init__(self, user):
        self.user, self._value = user, None

    @property
    def value(self):
        if self._value is None:
            self._value = unread_count(self.user)
        return self._value

    def __int__(self):
        return self.value

    def __str__(self):
        return str(self.value)

    def __bool__(self):
        return bool(self.value)


def notices(request):
    """``unread_notices_count`` for the header bell (F-NOTE-1)."""
    return {"unread_notices_count": LazyCount(getattr(request, "user", None))}
