"""Matrix rows of the notification settings (F-PLUS-9, issue 20 item 3): the user's own settings page and the
signed one-click unsubscribe link, open to anyone (no login) and refused (400) without a valid signature."""

from tests.smarteka.url_matrix.expect import E, logged_in, public

ENTRIES = [
    E("notifications:settings", get=logged_in(), post=logged_in()),
    E("notifications:unsubscribe", lambda w: {"token": "not-a-token"}, get=public(ok=(400,)),
      post=public(ok=(400,))),
]
