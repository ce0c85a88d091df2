from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    """The agreement register: agreements, their taxonomies, permissions, import and export."""

    name = "agreements"
    verbose_name = "Avtal och överenskommelser"

    def ready(self):
        # Register the section-scoped policy before Wagtail builds the snippet views, so
        # every view, chooser and bulk action asks it (see agreements.permissions).
        from wagtail.permissions import register_permission_policy

        from core.caching import register_content_models, register_structure_models

        from . import tasks
        from .models import (
            Agreement,
            AgreementAttachment,
            Decision,
            DecisionBody,
            DocumentType,
            Task,
            TaskGroup,
            Topic,
        )
        from .permissions import AgreementPermissionPolicy, DecisionPermissionPolicy

        register_permission_policy(Agreement, AgreementPermissionPolicy(Agreement))
        register_permission_policy(Decision, DecisionPermissionPolicy(Decision))
        tasks.connect()
        register_content_models(Agreement, AgreementAttachment, Decision, Task, TaskGroup)
        # The register's filter options, on every register page (core.caching, "structure").
        register_structure_models(DocumentType, Topic, DecisionBody)
