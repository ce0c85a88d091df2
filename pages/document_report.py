"""Admin report "Otillgängliga dokument": documents not known to be accessible, per section.

Each section's documents live in the section's collection, so the report lists the
documents the signed-in editor may change, with the collection as the section: section
editors see their own section's documents and the kommunikatör sees every document.
The accessibility statement lists the same documents (``inaccessible_documents``).
"""

import django_filters
from django.urls import reverse_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.documents import get_document_model

from .documents import document_permission_policy, inaccessible_documents_for


class InaccessibleDocumentsFilterSet(WagtailFilterSet):
    sektion = django_filters.ChoiceFilter(
        label="Sektion", field_name="collection", empty_label="Alla mina sektioner"
    )

    class Meta:
        model = get_document_model()
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        collections = (
            document_permission_policy().collections_user_has_permission_for(request.user, "change")
            if request
            else []
        )
        self.filters["sektion"].extra["choices"] = [(c.pk, c.name) for c in collections]


class InaccessibleDocumentsReportView(ReportView):
    page_title = "Otillgängliga dokument"
    header_icon = "doc-full"
    index_url_name = "inaccessible_documents_report"
    index_results_url_name = "inaccessible_documents_report_results"
    filterset_class = InaccessibleDocumentsFilterSet
    any_permission_required = ["change"]

    @property
    def permission_policy(self):
        return document_permission_policy()

    no_results_message = "Inga otillgängliga dokument: alla kontrollerade dokument är tillgängliga."
    columns = [
        TitleColumn("title", label="Dokument", url_name="wagtaildocs:edit"),
        Column("section", label="Sektion"),
        Column("problems", label="Brister"),
        Column("criteria", label="WCAG-kriterier"),
    ]
    list_export = ["title", "section", "problems", "criteria", "url"]
    export_headings = {
        "title": "Dokument",
        "section": "Sektion",
        "problems": "Brister",
        "criteria": "WCAG-kriterier",
        "url": "Adress",
    }
    breadcrumbs_items = [
        {"url": reverse_lazy("wagtailadmin_home"), "label": "Start"},
        {"url": "", "label": "Rapporter"},
    ]

    def get_queryset(self):
        return inaccessible_documents_for(self.request.user)

    def decorate_paginated_queryset(self, documents):
        documents = list(documents)
        for document in documents:
            check = getattr(document, "accessibility_check", None)
            document.section = document.collection.name if document.collection.depth > 1 else ""
            document.problems = check.summary if check else "Inte kontrollerat ännu"
            document.criteria = ", ".join(check.criteria) if check else ""
        return documents


class InaccessibleDocumentsMenuItem(MenuItem):
    """Shown to everyone who may change some document (each sees their own sections')."""

    def is_shown(self, request):
        return document_permission_policy().user_has_permission(request.user, "change")
