from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    """The agreement register: agreements, their taxonomies, permissions, import and export."""

    name = "agreements"
    verbose_name = "Avtal och överenskommelser"
