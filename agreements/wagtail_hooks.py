"""Admin for the agreement register: snippet viewsets, listing filters, dashboard panel,
and the register's part of ``setup_site`` and of the section pages."""

import django_filters
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import (
    REVIEW_WINDOW_DAYS,
    Agreement,
    AgreementIndexPage,
    DecisionBody,
    DocumentType,
    Level,
    Status,
    Topic,
)
from .permissions import enforce_instance_permissions, role_permissions
from .validity import swedish_date

# How many of its own agreements a section page lists.
PANEL_SIZE = 8


class AgreementFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=Status.choices, method="filter_status", empty_label="Alla"
    )
    att_revidera = django_filters.BooleanFilter(
        label="Att revidera",
        method="filter_due_for_review",
        widget=django_filters.widgets.BooleanWidget(),
        help_text=f"Revideringsdatum passerat eller inom {REVIEW_WINDOW_DAYS} dagar, eller "
        f"slutdatum inom {REVIEW_WINDOW_DAYS} dagar.",
    )
    under_revision = django_filters.BooleanFilter(label="Under revidering")
    level = django_filters.ChoiceFilter(label="Nivå", choices=Level.choices, empty_label="Alla")

    class Meta:
        model = Agreement
        fields = ["document_type", "section", "topics", "decided_by", "live"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(status_code=value) if value else queryset

    def filter_due_for_review(self, queryset, name, value):
        if value is None:
            return queryset
        due = Agreement.objects.due_for_review().values("pk")
        return queryset.filter(pk__in=due) if value else queryset.exclude(pk__in=due)


class StatusColumn(Column):
    def get_value(self, instance):
        return instance.status.label + (", under revidering" if instance.under_revision else "")


class CalendarDateColumn(Column):
    """A date as a date ("15 mars 2027"): Wagtail's ``DateColumn`` shows the time since a
    moment, which for a date in the future reads "Precis nu"."""

    def __init__(self, name, empty_text="", **kwargs):
        super().__init__(name, **kwargs)
        self.empty_value_display = empty_text

    def get_value(self, instance):
        return swedish_date(getattr(instance, self.name))


class ScopedChooseMixin:
    """The agreement chooser (e.g. for "Ersätter") lists only what the user may edit."""

    def get_object_list(self):
        policy = policy_registry.get_by_type(Agreement)
        return policy.instances_user_has_permission_for(self.request.user, "change")


class ScopedChooseView(ScopedChooseMixin, ChooseView):
    pass


class ScopedChooseResultsView(ScopedChooseMixin, ChooseResultsView):
    pass


class AgreementChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView


class AgreementViewSet(SnippetViewSet):
    model = Agreement
    icon = "doc-full-inverse"
    menu_label = "Avtal och överenskommelser"
    list_display = [
        "title",
        Column("document_type", label="Typ", accessor="document_type"),
        Column("section", label="Ägare (sektion)", accessor="section.short_name"),
        StatusColumn("status", label="Status"),
        Column("validity", label="Giltighet", accessor="validity_text"),
        CalendarDateColumn("valid_to", label="Gäller till", empty_text="Tills vidare"),
        CalendarDateColumn("review_by", label="Revideras senast"),
    ]
    list_export = [
        "title",
        "slug",
        "document_type",
        "level",
        "section",
        "valid_from",
        "valid_to",
        "review_by",
        "registration_number",
    ]
    filterset_class = AgreementFilterSet
    search_fields = ["title", "summary", "registration_number", "parties"]
    ordering = ["title"]
    list_per_page = 50
    copy_view_enabled = True
    inspect_view_enabled = True
    chooser_viewset_class = AgreementChooserViewSet

    def get_queryset(self, request):
        # Section editors see only the agreements of sections whose pages they may edit.
        return (
            policy_registry.get_by_type(Agreement)
            .instances_user_has_any_permission_for(request.user, ["change", "publish"])
            .with_status()
            .select_related("document_type", "section")
        )

    def get_urlpatterns(self):
        """Every URL that takes an agreement id is checked against the section rule."""
        policy = policy_registry.get_by_type(Agreement)
        patterns = []
        for pattern in super().get_urlpatterns():
            if "pk" in pattern.pattern.regex.groupindex:
                pattern.callback = enforce_instance_permissions(
                    pattern.callback, pattern.name, policy, Agreement
                )
            patterns.append(pattern)
        return patterns


class TaxonomyViewSet(SnippetViewSet):
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order", "name"]
    search_fields = ["name"]


class DocumentTypeViewSet(TaxonomyViewSet):
    model = DocumentType
    icon = "tag"
    menu_label = "Dokumenttyper"


class TopicViewSet(TaxonomyViewSet):
    model = Topic
    icon = "tag"
    menu_label = "Områden"


class DecisionBodyViewSet(TaxonomyViewSet):
    model = DecisionBody
    icon = "tag"
    menu_label = "Beslutsinstanser"


class AgreementRegisterGroup(SnippetViewSetGroup):
    items = (AgreementViewSet, DocumentTypeViewSet, TopicViewSet, DecisionBodyViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = "Avtalsregister"
    menu_name = "avtalsregister"
    menu_order = 150


register_snippet(AgreementRegisterGroup)


class ReviewPanel(Component):
    """Dashboard panel: agreements whose review or end date is near or passed."""

    name = "att_revidera"
    order = 50
    template_name = "agreements/admin/review_panel.html"
    limit = 10

    def __init__(self, queryset):
        self.queryset = queryset

    def get_context_data(self, parent_context=None):
        due = self.queryset.select_related("section").order_by("review_by", "valid_to")
        return {
            "agreements": list(due[: self.limit]),
            "total": due.count(),
            "window": REVIEW_WINDOW_DAYS,
            "today": timezone.localdate(),
        }


@hooks.register("construct_homepage_panels")
def add_review_panel(request, panels):
    policy = policy_registry.get_by_type(Agreement)
    if not policy.user_has_permission(request.user, "change"):
        return
    mine = policy.instances_user_has_permission_for(request.user, "change")
    panels.append(ReviewPanel(Agreement.objects.due_for_review().filter(pk__in=mine.values("pk"))))


@hooks.register("role_permissions")
def register_role_permissions():
    return role_permissions()


@hooks.register("setup_site")
def setup_register(report, **kwargs):
    from .setup import ensure_register

    ensure_register(report)


@hooks.register("section_page_panels")
def section_agreements_panel(request, section):
    """The section page's panel "which agreements apply here?" (the pages app shows it
    without importing this app; the section page keeps it in its cached content)."""
    index_page = AgreementIndexPage.for_request(request)
    if index_page is None:
        return ""
    in_force = Agreement.objects.public().with_status_code(Status.IN_FORCE)
    counts = in_force.aggregate(
        own=Count("pk", filter=Q(section=section)),
        county=Count("pk", filter=Q(level=Level.COUNTY)),
    )
    own = in_force.filter(section=section).select_related("document_type").order_by("title")
    context = {
        "section": section,
        "agreements": own[:PANEL_SIZE],
        "own_count": counts["own"],
        "county_count": 0 if section.is_county else counts["county"],
        "register_url": index_page.register_url,
    }
    return render_to_string("agreements/section_panel.html", context, request)
