"""Admin views of the pages app."""

from django.urls import reverse_lazy
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
