from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Infrastructure every app uses and no app owns: caching and the content version, the
    middleware, the full-text search core, upload checks, spam protection, pagination, the
    health check. It has no models and imports none of the site's apps."""

    name = "core"
    verbose_name = "Infrastruktur"

    def ready(self):
        from . import admin_widgets, caching

        caching.connect()
        admin_widgets.register()
