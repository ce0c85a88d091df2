"""Admin for subscribers: counts per topic for the kommunikatör, addresses only with the
address permission.

Two permissions keep the two apart. ``view_subscription_statistics`` (custom) shows the
number of subscribers per topic and never an address. The model's own ``view`` and
``delete`` permissions open the address list, where the kommunikatör can find and delete
an address when someone asks to be removed. Nobody can add or edit an address in the
admin: subscribing always goes through the person's own confirmation.
"""

from django.db.models import Count, Q
from django.views.generic import TemplateView
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from .models import Subscriber
from .topics import load_catalogue

STATISTICS_PERMISSION = "subscriptions.view_subscription_statistics"


class SubscriberPermissionPolicy(ModelPermissionPolicy):
    """The model permissions, except that adding and editing are refused to everyone (the
    policy's other checks all come down to this one)."""

    def user_has_permission(self, user, action):
        return action not in {"add", "change"} and super().user_has_permission(user, action)


class TopicsColumn(Column):
    def get_value(self, instance):
        parts = []
        if instance.all_content:
            parts.append("Allt")
        if instance.agreements:
            parts.append("Avtal")
        parts += [s.short_name or s.title for s in instance.sections.all()]
        parts += [r.title for r in instance.report_indexes.all()]
        parts += [m.name for m in instance.municipalities.all()]
        return ", ".join(parts) or "–"


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = "Prenumeranter"
    menu_order = 330
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "email",
        BooleanColumn("is_confirmed", label="Bekräftad", accessor="is_confirmed"),
        TopicsColumn("topics", label="Följer"),
        DateColumn("requested_at", label="Senast anmäld"),
        DateColumn("last_digest_at", label="Senaste utskick"),
    ]
    # The add and edit views exist (Wagtail builds them) but the permission policy refuses
    # them to everyone; this is only what they would show.
    form_fields = ["email"]
    search_fields = ["email"]
    ordering = ["email"]
    inspect_view_fields = [
        "email",
        "all_content",
        "agreements",
        "sections",
        "report_indexes",
        "requested_at",
        "confirmed_at",
        "last_digest_at",
    ]

    def get_queryset(self, request):
        return Subscriber.objects.prefetch_related("sections", "report_indexes", "municipalities")


def topic_counts():
    """Rows of (topic label, confirmed subscribers following it) plus the totals."""
    confirmed = Subscriber.objects.confirmed()
    totals = confirmed.aggregate(
        total=Count("pk"),
        allt=Count("pk", filter=Q(all_content=True)),
        avtal=Count("pk", filter=Q(agreements=True)),
    )
    # {page id: subscribers} for each relation (one row per subscriber and page followed).
    sections = dict(confirmed.values_list("sections").annotate(Count("pk")))
    reports = dict(confirmed.values_list("report_indexes").annotate(Count("pk")))
    municipalities = dict(confirmed.values_list("municipalities").annotate(Count("pk")))
    catalogue = load_catalogue()
    rows = [(t.label, totals[t.key]) for t in catalogue.site]
    rows += [(t.label, sections.get(t.page_id, 0)) for t in catalogue.sections]
    rows += [(t.label, reports.get(t.page_id, 0)) for t in catalogue.reports]
    rows += [(t.label, municipalities.get(t.page_id, 0)) for t in catalogue.municipalities]
    return {
        "rows": rows,
        "total": totals["total"],
        "unconfirmed": Subscriber.objects.unconfirmed().count(),
    }


class SubscriptionStatisticsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "subscriptions/admin/statistics.html"
    page_title = "Prenumeranter per ämne"
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(STATISTICS_PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **topic_counts()}
