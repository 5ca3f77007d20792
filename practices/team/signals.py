"""Receivers of the practice team: an invitation becomes a member on registration (F-ACC-4)."""

from django.dispatch import receiver

from practices.team.services import accept_invitations
from smarteka.accounts.signals import user_registered


@receiver(user_registered, dispatch_uid="practices_accept_team_invitations")
def accept_team_invitations(sender, user, **kwargs):
    """F-ACC-4: an invited person appears in the practice team on registration."""
    accept_invitations(user)
