"""Admin views of the pages app."""

import datetime

from django.urls import reverse_lazy
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .guide import guide_html


class EditorGuideView(WagtailAdminTemplateMixin, TemplateView):
    """The Swedish editor guide (docs/redaktorsguide.md), for every admin user."""

    template_name = "pages/admin/editor_guide.html"
    page_title = "Redaktörsguide"
    header_icon = "help"
    breadcrumbs_items = [
        {"url": reverse_lazy("wagtailadmin_home"), "label": "Start"},
        {"url": "", "label": "Redaktörsguide"},
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["guide"] = guide_html()
        return context


class GuidePanel(Component):
    """Dashboard panel pointing every editor to the guide."""

    name = "redaktorsguide"
    order = 10
    template_name = "pages/admin/guide_panel.html"


class FailedTasksPanel(Component):
    """Dashboard panel for the kommunikatör: background tasks (e-mails, document reading,
    indexing) that failed recently, including those whose worker died on every attempt
    (``core.taskrecovery``)."""

    name = "misslyckade_jobb"
    order = 60
    template_name = "pages/admin/failed_tasks_panel.html"
    days = 14
    limit = 10

    def get_context_data(self, parent_context=None):
        from django_tasks_db.models import DBTaskResult

        since = timezone.now() - datetime.timedelta(days=self.days)
        failed = DBTaskResult.objects.failed().filter(finished_at__gte=since)
        rows = [
            {
                "task": TASK_NAMES.get(result.task_path, result.task_path.rsplit(".", 1)[-1]),
                "finished_at": result.finished_at,
                "attempts": len(result.worker_ids),
                "died": result.exception_class_path.endswith("WorkerDied"),
            }
            for result in failed.order_by("-finished_at")[: self.limit]
        ]
        running = DBTaskResult.objects.running().count()
        return {"rows": rows, "total": failed.count(), "days": self.days, "running": running}


# What the kommunikatör reads for each background task.
TASK_NAMES = {
    "search.tasks.extract_document_text": "Läsa texten i ett dokument",
    "subscriptions.tasks.send_confirmation": "Bekräftelsemejl till en prenumerant",
    "subscriptions.tasks.send_digest": "Sammanfattningsmejl till en prenumerant",
    "pages.tasks.send_survey_notification": "Mejl om ett enkätsvar",
}
