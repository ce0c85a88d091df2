"""The browser's own date and time inputs in the admin's edit forms.

Wagtail's date pickers are a jQuery plugin with English text of its own that no
translation reaches ("Save Selected"); the browser's inputs follow the editor's language
and work with the keyboard and screen readers as the platform does. Registered for every
model form Wagtail generates (pages, snippets, settings) with Wagtail's documented
``register_form_field_override``.
"""

from django import forms
from django.db import models
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.panels import FieldPanel, PublishingPanel


class NativeDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class NativeTimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class NativeDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class NativePublishingPanel(PublishingPanel):
    """Wagtail's scheduling fields (go live, expire) with the browser's own inputs: the
    panel names its widgets itself, so the form-field override does not reach it."""

    def __init__(self, **kwargs):
        # What Wagtail's panel gives its inputs, so its scheduling dialog works as before.
        attrs = {
            "data-controller": "w-action",
            "data-action": "w-dialog:hidden->w-action#reset",
            "data-w-dialog-target": "notify",
        }
        kwargs.setdefault(
            "children",
            [
                FieldPanel(name, widget=NativeDateTimeInput(attrs=dict(attrs)))
                for name in ("go_live_at", "expire_at")
            ],
        )
        super().__init__(**kwargs)


def register():
    register_form_field_override(models.DateField, override={"widget": NativeDateInput})
    register_form_field_override(models.TimeField, override={"widget": NativeTimeInput})
    register_form_field_override(models.DateTimeField, override={"widget": NativeDateTimeInput})
