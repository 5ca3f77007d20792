"""Receivers of the practices app."""

from django.dispatch import receiver

from practices.services_team import accept_invitations
from smarteka.accounts.signals import user_registered


@receiver(user_registered, dispatch_uid="practices_accept_team_invitations")
def accept_team_invitations(sender, user, **kwargs):
    """F-ACC-4: an invited person appears in the practice team on registration."""
    accept_invitations(user)
