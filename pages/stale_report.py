"""Admin report "Inaktuellt innehåll": pages nobody has checked for a year, and groups whose
meeting list has run out.

Staff act on these pages (who sits in a group, when it meets), so stale text does real
harm. The report lists only pages the signed-in editor may edit, so each section's editors
see their own section and the kommunikatör sees everything.
"""

import datetime

import django_filters
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse_lazy
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import ContentPage, GroupMeeting, GroupPage
from .models.sections import section_name
from .permissions import sections_user_can_edit

REVIEW_INTERVAL = datetime.timedelta(days=365)


def stale_pages(user, today=None):
    """Live content and group pages the user may edit that need attention, each with what the
    report shows of it: its section, when it was last reviewed and (groups) its last meeting."""
    today = today or timezone.localdate()
    last_meeting = GroupMeeting.objects.filter(page=OuterRef("pk")).order_by("-date")
    pages = (
        Page.objects.live()
        .type(ContentPage, GroupPage)
        .annotate(
            reviewed=Coalesce("contentpage__last_reviewed", "grouppage__last_reviewed"),
            last_meeting=Subquery(last_meeting.values("date")[:1]),
            section_name=section_name(),
        )
    )
    not_reviewed = Q(reviewed__isnull=True) | Q(reviewed__lt=today - REVIEW_INTERVAL)
    no_meeting_ahead = Q(grouppage__isnull=False) & (
        Q(last_meeting__isnull=True) | Q(last_meeting__lt=today)
    )
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return pages.filter(not_reviewed | no_meeting_ahead, pk__in=editable.values("pk")).order_by(
        "path"
    )


class StaleContentFilterSet(WagtailFilterSet):
    sektion = django_filters.ChoiceFilter(
        label="Sektion", method="filter_section", empty_label="Alla mina sektioner"
    )

    class Meta:
        model = Page
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        sections = sections_user_can_edit(request.user).order_by("path") if request else []
        self.filters["sektion"].extra["choices"] = [(s.path, s.short_name) for s in sections]

    def filter_section(self, queryset, name, value):
        return queryset.filter(path__startswith=value) if value else queryset


class StaleContentReportView(ReportView):
    page_title = "Inaktuellt innehåll"
    header_icon = "time"
    index_url_name = "stale_content_report"
    index_results_url_name = "stale_content_report_results"
    filterset_class = StaleContentFilterSet
    any_permission_required = ["change"]
    permission_policy = PagePermissionPolicy()
    no_results_message = (
        "Inget inaktuellt innehåll: alla sidor är granskade det senaste året "
        "och alla grupper har kommande möten."
    )
    columns = [
        TitleColumn("title", label="Sida", url_name="wagtailadmin_pages:edit"),
        Column("section_name", label="Sektion"),
        Column("type_label", label="Typ"),
        Column("reasons", label="Behöver ses över"),
    ]
    list_export = ["title", "section_name", "type_label", "reasons", "url_path"]
    export_headings = {
        "title": "Sida",
        "section_name": "Sektion",
        "type_label": "Typ",
        "reasons": "Behöver ses över",
        "url_path": "Sökväg",
    }
    breadcrumbs_items = [
        {"url": reverse_lazy("wagtailadmin_home"), "label": "Start"},
        {"url": "", "label": "Rapporter"},
    ]

    def get_queryset(self):
        return stale_pages(self.request.user)

    def decorate_paginated_queryset(self, pages):
        """Explain each row from what ``stale_pages`` annotated (no further queries)."""
        today = timezone.localdate()
        pages = list(pages)
        for page in pages:
            is_group = page.specific_class is GroupPage
            page.section_name = page.section_name or "Webbplatsen"
            page.type_label = "Grupp" if is_group else "Innehållssida"
            reasons = []
            if page.reviewed is None:
                reasons.append("Aldrig granskad")
            elif page.reviewed < today - REVIEW_INTERVAL:
                reasons.append(f"Senast granskad {page.reviewed:%Y-%m-%d}")
            if is_group and page.last_meeting is None:
                reasons.append("Inga möten inlagda")
            elif is_group and page.last_meeting < today:
                reasons.append(f"Inga kommande möten (senaste {page.last_meeting:%Y-%m-%d})")
            page.reasons = "; ".join(reasons)
        return pages


class StaleContentMenuItem(MenuItem):
    """Shown to everyone who may edit some page (each sees their own sections' rows)."""

    def is_shown(self, request):
        return PagePermissionPolicy().user_has_permission(request.user, "change")
