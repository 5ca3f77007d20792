"""The yearly actualization clock (F-DL-8, 4.5.1) on a published practice, without validation's services so
that ``validation.services`` (publication) and the actualization services both use it.

«Периодичность – не менее 1 (Одного) раза в год» (4.5.1): opened at publication, restarted (met and
reopened) at each accepted actualization; assignees the author and the region's coordinators (4.5.2:
«Региональный координатор обеспечивает контроль и своевременность работы по актуализации»).
"""

from django.utils import timezone

from practices.services import region_coordinators
from smarteka.deadlines.services import meet_deadlines, open_deadline, open_deadlines_for
from validation.lifecycle.kinds import ACTUALIZATION_YEARLY


def open_yearly_clock(practice, *, starts_on=None):
    """Open the practice's yearly clock unless one is already open (publication after a return from the
    knowledge base, a rerun); returns the open clock."""
    existing = open_deadlines_for(practice, ACTUALIZATION_YEARLY).first()
    if existing is not None:
        return existing
    return open_deadline(practice, ACTUALIZATION_YEARLY, starts_on=starts_on or timezone.localdate(), years=1,
                         assignees=[practice.author, *region_coordinators(practice.region)])


def restart_yearly_clock(practice, *, starts_on=None):
    """An accepted actualization: the year counts again from today."""
    meet_deadlines(practice, ACTUALIZATION_YEARLY)
    return open_yearly_clock(practice, starts_on=starts_on)
