from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    """E-mail subscriptions (prenumeration): double opt-in, a daily digest, one-click
    unsubscribe. Depends on ``pages`` and ``agreements``; neither of them imports it."""

    name = "subscriptions"
    verbose_name = "Prenumerationer"
    default_auto_field = "django.db.models.BigAutoField"
