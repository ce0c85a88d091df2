"""Template helpers for the agreement register.

The small pieces of markup the register repeats many times per page (a status badge per
row, an option per municipality) are built here with ``format_html`` rather than with an
included template or a template loop: the markup is the same, and it costs a fraction of
the time, which matters on a list that is rendered for every combination of filters.
"""

from urllib.parse import urlencode

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def without_param(params, name):
    """Query string of ``params`` minus one filter: the "remove this filter" links."""
    remaining = {key: value for key, value in params.items() if key != name}
    return "?" + urlencode(remaining) if remaining else "?"


@register.simple_tag
def status_badge(agreement):
    """The status, and "Under revidering" when flagged, as badges. ``agreement`` is an
    Agreement or a row of the result list (anything with ``status`` and
    ``under_revision``)."""
    status = agreement.status
    badge = format_html(
        '<span class="agreement-status agreement-status--{}">{}</span>', status.value, status.label
    )
    if agreement.under_revision:
        badge += mark_safe(  # noqa: S308 (constant markup)
            ' <span class="agreement-status agreement-status--revision">Under revidering</span>'
        )
    return badge


@register.simple_tag
def select_options(options, name, selected, value="slug", label="name"):
    """``<option>`` elements for the filter options ``options.<name>``, the ``selected``
    one marked. ``value`` and ``label`` name the attributes that give each option's value
    and text."""
    selected_id = getattr(selected, "id", None)
    return mark_safe(  # noqa: S308 (escaped by FilterOptions.option_tags)
        "".join(
            f"{start} selected{end}" if pk == selected_id else f"{start}{end}"
            for pk, start, end in options.option_tags(name, value, label)
        )
    )
