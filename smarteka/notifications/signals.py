"""What the notification machinery tells the apps above it (they connect in their ``AppConfig.ready()``)."""

from django.dispatch import Signal

# kwargs: notice — its e-mail has just been sent (``notice.emailed_at`` set), inside the sending transaction.
# A clock that the regulation starts «с момента поступления уведомления на почту» (4.1.9) starts here.
notice_emailed = Signal()
