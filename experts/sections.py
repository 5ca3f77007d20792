"""Sections a higher app adds to the experts' pages without experts importing it: the review round
(the practices in evaluation, offline meetings, the evaluation protocol) belongs to the app above.

The higher app registers in its ``AppConfig.ready()``::

    sections.add("pool", "<app>/<part>/_pool_in_review.html", context=in_review_context)

and the experts' view renders ``sections.for_page("pool", request, pool)``: a list of
``{"template": ..., **context}`` included by the page where the slot is. Nothing registered → nothing shown.

Slots: ``pool`` (top of the pool page), ``pool_manage`` (beside the membership form, for those who
manage the pool), ``evaluation_closed`` (the expert's evaluation once the round is closed).
"""

_sections = {}


def add(slot, template, context=None):
    """Show ``template`` in ``slot``; ``context(request, obj, **kwargs)`` returns its variables."""
    entries = _sections.setdefault(slot, [])
    if (template, context) not in entries:  # ready() may run twice (tests, management commands)
        entries.append((template, context))


def for_page(slot, request, obj, **kwargs):
    return [{"template": template, **(context(request, obj, **kwargs) if context else {})}
            for template, context in _sections.get(slot, ())]
