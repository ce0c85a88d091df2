from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    """The agreement register: agreements, their taxonomies, permissions, import and export."""

    name = "agreements"
    verbose_name = "Avtal och överenskommelser"

    def ready(self):
        # Register the section-scoped policy before Wagtail builds the snippet views, so
        # every view, chooser and bulk action asks it (see agreements.permissions).
        from wagtail.documents import get_document_model
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
        from .search import CACHE_SCOPE

        register_permission_policy(Agreement, AgreementPermissionPolicy(Agreement))
        register_permission_policy(Decision, DecisionPermissionPolicy(Decision))
        tasks.connect()
        register_content_models(Task, TaskGroup)
        # What the register's search and API show changes only with these (and the
        # structure): their answers outlive other publications (core.caching, scopes).
        # Their changes are logged by the agreements they touch: the search index's ranking
        # is kept across them and only those agreements are ranked again (core.fulltext).
        register_content_models(Agreement, scope=CACHE_SCOPE, ids=lambda row: [row.pk])
        touched = lambda row: [row.agreement_id]  # noqa: E731
        register_content_models(AgreementAttachment, Decision, scope=CACHE_SCOPE, ids=touched)
        register_content_models(get_document_model(), scope=CACHE_SCOPE)  # the API lists them
        # The register's filter options, on every register page (core.caching, "structure").
        register_structure_models(DocumentType, Topic, DecisionBody)
