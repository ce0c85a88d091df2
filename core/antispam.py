"""Protection of the public forms (survey, subscriptions) against automated submissions.

No third-party service (no CAPTCHA, no external scoring): a honeypot field that people never
see, and a per-IP rate limit kept in Django's cache. Both refuse with a visible Swedish
message and re-show what the visitor wrote, so a person caught by mistake loses nothing and
can simply send again.

Privacy: the IP address is only used as a cache key, hashed with the secret key, and the
counter disappears when its window ends; nothing about it is stored in the database.
"""

import hashlib
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.cache import cache

HONEYPOT_FIELD = "webbadress"
HONEYPOT_MESSAGE = (
    "Formuläret kunde inte skickas eftersom det verkar ha fyllts i automatiskt. "
    "Kontrollera dina svar och skicka igen."
)


class HoneypotInput(forms.TextInput):
    """A text input that is never re-filled, so a person whose browser filled it in by
    mistake can just send the form again."""

    def format_value(self, value):
        return None


class HoneypotFormMixin(forms.Form):
    """Adds the honeypot field; a filled-in honeypot is a form-wide error.

    The field is hidden from people (``display: none`` via the ``hp-field`` class on its
    wrapper, so it is neither seen, tabbed to nor read aloud); simple bots fill it in.
    """

    webbadress = forms.CharField(
        label="Lämna det här fältet tomt",
        required=False,
        widget=HoneypotInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get(HONEYPOT_FIELD):
            raise forms.ValidationError(HONEYPOT_MESSAGE, code="honeypot")
        return cleaned_data


def client_ip(request):
    """The visitor's IP address.

    Behind a load balancer every request comes from the balancer, so the address the
    balancer saw is taken from X-Forwarded-For. ``RATE_LIMIT_TRUSTED_PROXIES`` says how
    many proxies in front of the app append to that header (0 = none, use REMOTE_ADDR);
    only entries those proxies added are trusted, since a client can send any header.
    """
    proxies = getattr(settings, "RATE_LIMIT_TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


@dataclass(frozen=True)
class RateLimit:
    """At most ``limit`` accepted submissions per ``window`` seconds per key (fixed window).

    Only what is accepted counts (``record``), so a person who corrects validation errors
    is never limited for it; ``exceeded`` is checked before accepting.
    """

    scope: str
    limit: int
    window: int

    def _key(self, value):
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{self.scope}:{value}".encode()).hexdigest()
        return f"ratelimit:{self.scope}:{digest[:40]}"

    def exceeded(self, value):
        return (cache.get(self._key(value)) or 0) >= self.limit

    def record(self, value):
        key = self._key(value)
        if cache.add(key, 1, timeout=self.window):
            return
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=self.window)

    @property
    def window_minutes(self):
        return max(1, round(self.window / 60))


def rate_limit_from_settings(scope, setting, default):
    """A RateLimit whose (limit, window) may be overridden by a ``(count, seconds)`` setting."""
    limit, window = getattr(settings, setting, default)
    return RateLimit(scope=scope, limit=limit, window=window)
