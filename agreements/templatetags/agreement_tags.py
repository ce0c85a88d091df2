"""Template helpers for the agreement register."""

from urllib.parse import urlencode

from django import template

register = template.Library()


@register.simple_tag
def without_param(params, name):
    """Query string of ``params`` minus one filter: the "remove this filter" links."""
    remaining = {key: value for key, value in params.items() if key != name}
    return "?" + urlencode(remaining) if remaining else "?"


@register.inclusion_tag("agreements/includes/status_badge.html")
def status_badge(agreement):
    return {"agreement": agreement}
