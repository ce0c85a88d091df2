"""Template helpers for the agreement register."""

from urllib.parse import urlencode

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def without_param(params, name):
    """Query string of ``params`` minus one filter: the "remove this filter" links."""
    remaining = {key: value for key, value in params.items() if key != name}
    return "?" + urlencode(remaining) if remaining else "?"


@register.simple_tag
def status_badge(agreement):
    """The agreement's status, and "Under revidering" when flagged, as badges."""
    badge = format_html(
        '<span class="agreement-status agreement-status--{}">{}</span>',
        agreement.status.value,
        agreement.status.label,
    )
    if agreement.under_revision:
        badge = format_html(
            '{} <span class="agreement-status agreement-status--revision">Under revidering</span>',
            badge,
        )
    return badge
