"""Signals of the accounts app.

``user_registered(sender=User, user=user, request=request)`` is sent once, when a new user has
confirmed the e-mail address and the account became active (F-ACC-1). Team invitations (F-ACC-4)
attach here to put the invited person into the practice team.
"""

from django.dispatch import Signal

user_registered = Signal()
