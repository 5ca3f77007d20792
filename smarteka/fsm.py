"""django-fsm's optimistic locking, its list of state fields found once per model (issue 17).

``django_fsm.ConcurrentTransitionMixin`` records the state fields' values of every instance loaded, to
refuse a save whose row changed state meanwhile. It finds those fields on every ``__init__`` by testing
each of the model's fields — about a hundred on a practice —, which was a tenth of the time of a page
that lists requests or practices. The fields of a model class do not change while the process runs, so
here they are found once per class; the locking itself is django-fsm's, untouched.
"""

from functools import cache

from django_fsm import ConcurrentTransitionMixin as FsmConcurrentTransitionMixin
from django_fsm import FSMFieldMixin


@cache
def _state_fields(model):
    return tuple(field for field in model._meta.fields if isinstance(field, FSMFieldMixin))


class ConcurrentTransitionMixin(FsmConcurrentTransitionMixin):
    @property
    def state_fields(self):
        return _state_fields(type(self))
