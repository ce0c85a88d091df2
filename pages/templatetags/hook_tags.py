"""``{% render_hooks "name" arg ... %}``: a placeholder other apps fill through a Wagtail hook.

Lets a template of this app show something another app owns (for example the
subscriptions app's "follow by e-mail" link on the status report index) without this app
importing it: each function registered for the hook gets ``(request, *args)`` and returns
HTML (e.g. from ``render_to_string``) or None. With no app registered, nothing is shown.
"""

from django import template
from django.utils.html import format_html_join
from wagtail import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def render_hooks(context, hook_name, *args):
    request = context.get("request")
    parts = [fn(request, *args) for fn in hooks.get_hooks(hook_name)]
    # format_html_join escapes plain strings and keeps already-safe HTML as it is.
    return format_html_join("", "{}", ((part,) for part in parts if part))
