"""Admin report "Inaktuellt innehåll": pages nobody has checked for a year, and groups whose
meeting list has run out.

Staff act on these pages (who sits in a group, when it meets), so stale text does real
harm. The report lists only pages the signed-in editor may edit, so each section's editors
see their own section and the kommunikatör sees everything.
"""

import datetime

import django_filters
from django.db.models import Max, Q
from django.urls import reverse_lazy
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from .models import ContentPage, GroupMeeting, GroupPage, SectionPage
from .permissions import sections_user_can_edit

REVIEW_INTERVAL = datetime.timedelta(days=365)


def stale_pages(user, today=None):
    """Live content and group pages the user may edit that need attention."""
    today = today or timezone.localdate()
    cutoff = today - REVIEW_INTERVAL
    not_reviewed = Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=cutoff)
    ids = set(ContentPage.objects.live().filter(not_reviewed).values_list("pk", flat=True))
    ids |= set(GroupPage.objects.live().filter(not_reviewed).values_list("pk", flat=True))
    ids |= set(
        GroupPage.objects.live().exclude(meetings__date__gte=today).values_list("pk", flat=True)
    )
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return Page.objects.filter(pk__in=ids).filter(pk__in=editable.values("pk")).order_by("path")


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
        """Explain each row, in a fixed number of queries for the whole page of results."""
        today = timezone.localdate()
        cutoff = today - REVIEW_INTERVAL
        pages = list(pages)
        ids = [p.pk for p in pages]
        reviewed = dict(ContentPage.objects.filter(pk__in=ids).values_list("pk", "last_reviewed"))
        reviewed.update(GroupPage.objects.filter(pk__in=ids).values_list("pk", "last_reviewed"))
        group_ids = set(GroupPage.objects.filter(pk__in=ids).values_list("pk", flat=True))
        last_meeting = dict(
            GroupMeeting.objects.filter(page_id__in=group_ids)
            .values("page_id")
            .annotate(last=Max("date"))
            .values_list("page_id", "last")
        )
        sections = SectionPage.by_path()
        for page in pages:
            section = SectionPage.section_of(page, sections)
            page.section_name = section.short_name if section else "Webbplatsen"
            page.type_label = "Grupp" if page.pk in group_ids else "Innehållssida"
            reasons = []
            date = reviewed.get(page.pk)
            if date is None:
                reasons.append("Aldrig granskad")
            elif date < cutoff:
                reasons.append(f"Senast granskad {date:%Y-%m-%d}")
            if page.pk in group_ids:
                last = last_meeting.get(page.pk)
                if last is None:
                    reasons.append("Inga möten inlagda")
                elif last < today:
                    reasons.append(f"Inga kommande möten (senaste {last:%Y-%m-%d})")
            page.reasons = "; ".join(reasons)
        return pages


class StaleContentMenuItem(MenuItem):
    """Shown to everyone who may edit some page (each sees their own sections' rows)."""

    def is_shown(self, request):
        return PagePermissionPolicy().user_has_permission(request.user, "change")
