"""The feedback service (issue 14 item 13): one message to the support address of 1.5 (F-REF-7)."""

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage

# choice: the regulation is silent; five messages an hour from one person (or one address when not logged
# in) answer any real question and stop a script from flooding the support mailbox.
FEEDBACK_PER_HOUR = 5
TOO_OFTEN = (f"Можно отправить не более {FEEDBACK_PER_HOUR} сообщений в час. Попробуйте позже или напишите "
             "напрямую на адрес поддержки.")


class TooOften(Exception):
    pass


def _sender_key(by, ip):
    if by is not None and by.is_authenticated:
        return f"help:feedback:user:{by.pk}"
    return f"help:feedback:ip:{ip}"


def send_feedback(*, name, email, topic, message, by=None, ip=None, page=""):
    """Send the message to ``settings.SUPPORT_EMAIL`` with the sender's address as Reply-To, so that
    support answers the person, not the platform. Raises ``TooOften`` past ``FEEDBACK_PER_HOUR``."""
    key = _sender_key(by, ip)
    cache.add(key, 0, timeout=3600)
    try:
        sent = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        sent = 1
    if sent > FEEDBACK_PER_HOUR:
        raise TooOften(TOO_OFTEN)
    who = f"{name} <{email}>"
    if by is not None and by.is_authenticated:
        who += f"\nПользователь платформы: {by.email} (id {by.pk})"
    body = (f"Тема: {topic}\nОт: {who}\n"
            + (f"Страница: {page}\n" if page else "")
            + f"\n{message}\n")
    EmailMessage(
        subject=f"Смартека — обратная связь: {topic}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[settings.SUPPORT_EMAIL],
        reply_to=[email],
    ).send()
