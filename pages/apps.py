from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Page types, blocks, contacts, municipalities and site settings."""

    name = "pages"
    verbose_name = "Sidor"

    def ready(self):
        from . import caching

        caching.connect()
