"""``{% url %}`` through ``smarteka.kepturls.reverse`` (issue 17): registered in
``TEMPLATES[...]["OPTIONS"]["builtins"]``, so it replaces Django's tag in every template — same syntax, same
output, the addresses kept per process."""

from django import template
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from smarteka.kepturls import reverse

register = template.Library()


def _current_app(context):
    try:
        return context.request.current_app
    except AttributeError:
        try:
            return context.request.resolver_match.namespace
        except AttributeError:
            return None


class KeptURLNode(URLNode):
    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        url = ""
        try:
            url = reverse(self.view_name.resolve(context), args=args, kwargs=kwargs, current_app=_current_app(context))
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    """Django's ``{% url %}`` (its parser), reversed through the kept addresses."""
    node = django_url(parser, token)
    return KeptURLNode(node.view_name, node.args, node.kwargs, node.asvar)
