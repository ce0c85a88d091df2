from django.apps import AppConfig


class SearchConfig(AppConfig):
    """The site search at /sok/: pages, agreements and the text inside their documents."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = "Sök"

    def ready(self):
        from . import signals

        signals.connect()
