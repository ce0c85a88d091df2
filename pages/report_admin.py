"""Admin for the monthly status reports, through Wagtail 8's per-page-type ``PageViewSet``.

Registered for ``StatusReportPage``, the viewset is used wherever the admin works with
reports: the explorer listing of a report index (a parent whose only child type is
StatusReportPage, so Wagtail routes its listing here), the "usage" listing of the page
type and the add form. That gives editors one list ordered by month, with the month as a
column, and a new report that starts from the month after the newest one.
"""

from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.create import CreateView
from wagtail.admin.viewsets.pages import PageViewSet

from .explorer import ExplorerPageViewSet
from .models import StatusReportIndexPage, StatusReportPage


class StatusReportCreateView(CreateView):
    """Pre-fills month, title and slug of a new report before the form is built."""

    def get(self, request):
        if isinstance(self.parent_page, StatusReportIndexPage):
            self.page.prefill_for(self.parent_page)
        return super().get(request)


def _with_month_column(columns):
    month = Column(
        "report_month",
        label="Månad",
        accessor="month_label",
        sort_key="report_month",
        classname="status-report-month",
        width="14%",
    )
    columns = list(columns)
    # Right after the title: the month is what editors scan the list for.
    position = next((i + 1 for i, c in enumerate(columns) if c.name == "title"), len(columns))
    columns.insert(position, month)
    return columns


class StatusReportPageViewSet(ExplorerPageViewSet):
    model = StatusReportPage
    name = "statusreportpage"
    icon = "date"
    add_view_class = StatusReportCreateView
    list_display = _with_month_column(PageViewSet.columns)
    ordering = "-report_month"


status_report_page_viewset = StatusReportPageViewSet()
