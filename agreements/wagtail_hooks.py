"""Admin for the agreement register: snippet viewsets, listing filters, dashboard panel,
and the register's part of ``setup_site`` and of the section pages."""

import django_filters
from django.db.models import Func, Subquery
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.caching import cached

from .models import (
    REVIEW_WINDOW_DAYS,
    Agreement,
    AgreementIndexPage,
    Decision,
    DecisionBody,
    DocumentType,
    Level,
    Status,
    Task,
    Topic,
)
from .permissions import enforce_instance_permissions, role_permissions
from .search import CACHE_SCOPE
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
        # Conditions on the agreement's own (indexed) columns, not on the annotation,
        # which the database would work out for every agreement first.
        return queryset.with_status_code(value) if value else queryset

    def filter_due_for_review(self, queryset, name, value):
        if value is None:
            return queryset
        due = Agreement.objects.due_for_review().values("pk")
        return queryset.filter(pk__in=due) if value else queryset.exclude(pk__in=due)


class StatusColumn(Column):
    def get_value(self, instance):
        return instance.status.label + (", under revidering" if instance.under_revision else "")


def editable_agreements(user):
    policy = policy_registry.get_by_type(Agreement)
    return policy.instances_user_has_permission_for(user, "change")


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
        return editable_agreements(self.request.user)


class ScopedChooseView(ScopedChooseMixin, ChooseView):
    pass


class ScopedChooseResultsView(ScopedChooseMixin, ChooseResultsView):
    pass


class ScopedChosenView(SnippetChosenView):
    """ "Chosen" answers with the title: only for agreements the user may edit (404 else)."""

    def get_object(self, pk):
        return editable_agreements(self.request.user).get(pk=pk)


class ScopedChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return editable_agreements(self.request.user).filter(pk__in=pks)


class AgreementChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ScopedChooseView
    choose_results_view_class = ScopedChooseResultsView
    chosen_view_class = ScopedChosenView
    chosen_multiple_view_class = ScopedChosenMultipleView


class SectionScopedViewSet(SnippetViewSet):
    """A snippet viewset whose rows belong to a section: the listing shows what the user
    may edit, and every URL that takes an object id is checked against the section rule."""

    def get_queryset(self, request):
        policy = policy_registry.get_by_type(self.model)
        return policy.instances_user_has_any_permission_for(request.user, ["change", "publish"])

    def get_urlpatterns(self):
        policy = policy_registry.get_by_type(self.model)
        patterns = []
        for pattern in super().get_urlpatterns():
            if "pk" in pattern.pattern.regex.groupindex:
                pattern.callback = enforce_instance_permissions(
                    pattern.callback, pattern.name, policy, self.model
                )
            patterns.append(pattern)
        return patterns


class AgreementViewSet(SectionScopedViewSet):
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
    # Searched through the search index's autocomplete column (title and registration
    # number, prefixes too), not field by field: naming fields here makes the search
    # backend build a text vector of every agreement on every search.
    search_fields = None
    ordering = ["title"]
    list_per_page = 50
    copy_view_enabled = True
    inspect_view_enabled = True
    chooser_viewset_class = AgreementChooserViewSet

    def get_queryset(self, request):
        # Section editors see only the agreements of sections whose pages they may edit.
        return (
            super().get_queryset(request).with_status().select_related("document_type", "section")
        )


def decision_agreements(request):
    """The agreements the user may edit that need each party's decision: the decision
    listing's filter names no other."""
    if request is None:
        return Agreement.objects.none()
    return editable_agreements(request.user).filter(needs_party_decisions=True)


class DecisionFilterSet(WagtailFilterSet):
    agreement = django_filters.ModelChoiceFilter(label="Avtal", queryset=decision_agreements)

    class Meta:
        model = Decision
        fields = ["agreement", "municipality", "body"]


class DecisionViewSet(SectionScopedViewSet):
    """Each party's decision on an agreement, edited by the agreement's section."""

    model = Decision
    icon = "tasks"
    menu_label = "Partsbeslut"
    list_display = [
        Column("agreement", label="Avtal", accessor="agreement"),
        Column("party", label="Part", accessor="party_name"),
        Column("body", label="Beslutande organ", accessor="body"),
        CalendarDateColumn("decided_on", label="Beslutsdatum"),
        "reference",
    ]
    list_export = ["agreement", "party_name", "body", "decided_on", "reference"]
    filterset_class = DecisionFilterSet
    search_fields = ["reference"]
    ordering = ["agreement__title", "municipality__name"]
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("agreement", "municipality", "body")


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


class TaskViewSet(SnippetViewSet):
    model = Task
    icon = "list-ul"
    menu_label = "Uppgifter (startsidan)"
    list_display = ["name", "topic", "sort_order"]
    ordering = ["sort_order", "name"]
    search_fields = ["name"]


class AgreementRegisterGroup(SnippetViewSetGroup):
    items = (
        AgreementViewSet,
        DecisionViewSet,
        DocumentTypeViewSet,
        TopicViewSet,
        DecisionBodyViewSet,
        TaskViewSet,
    )
    menu_icon = "doc-full-inverse"
    menu_label = "Avtalsregister"
    menu_name = "avtalsregister"
    menu_order = 150


register_snippet(AgreementRegisterGroup)


class AgreementDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete, whose confirmation page lists the selected agreements the
    user may not delete by title: of those it names only the ones the user may edit (an
    own published agreement), never another section's."""

    models = [Agreement]

    def get_actionable_objects(self):
        objects, context = super().get_actionable_objects()
        visible = set(
            self.permission_policy.instances_user_has_any_permission_for(
                self.request.user, ["change", "publish"]
            ).values_list("pk", flat=True)
        )
        no_access = [item for item in context["items_with_no_access"] if item.pk in visible]
        return objects, {**context, "items_with_no_access": no_access}


# Registered after Wagtail's own snippet bulk delete, so it replaces it for agreements.
hooks.register("register_bulk_action", AgreementDeleteBulkAction, order=1)


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
    panels.append(ReviewPanel(mine.due_for_review()))


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
    without importing this app). The same for every visitor and made from agreements and
    the structure alone (the section and the register are structural pages): kept in the
    agreements' scope, so a news item's publication, which renders the section page anew,
    leaves it as it was."""
    index_page = AgreementIndexPage.for_request(request)
    if index_page is None:
        return ""
    compute = lambda: section_panel_html(request, section, index_page)  # noqa: E731
    return cached("section-agreements-panel", compute, section.pk, scope=CACHE_SCOPE)


def section_panel_html(request, section, index_page):
    in_force = Agreement.objects.public().with_status_code(Status.IN_FORCE)
    county_wide = in_force.filter(level=Level.COUNTY)
    own = in_force.filter(section=section)
    # The first agreements and both totals in one query; each total is a subquery that
    # PostgreSQL answers once, from a status index (the county's asked apart only if the
    # list is empty).
    totals = {"total": own, "county": county_wide}
    totals = {
        name: Subquery(qs.order_by().annotate(n=Func("pk", function="COUNT")).values("n"))
        for name, qs in totals.items()
    }
    own = list(
        own.select_related("document_type").order_by("title").annotate(**totals)[:PANEL_SIZE]
    )
    if section.is_county:
        county_count = 0
    else:
        county_count = own[0].county if own else county_wide.count()
    context = {
        "section": section,
        "agreements": own,
        "own_count": own[0].total if own else 0,
        "county_count": county_count or 0,
        "register_url": index_page.register_url,
    }
    return render_to_string("agreements/section_panel.html", context, request)


@hooks.register("municipality_page_panels")
def municipality_agreements_panel(request, municipality):
    """What applies to a municipality, on its page (the same list as the register's
    ``?kommun=`` filter): made from agreements and the structure alone (municipalities,
    topics), so kept in the agreements' scope like the section's panel."""
    from .municipality_panel import municipality_agreements_panel

    compute = lambda: municipality_agreements_panel(request, municipality)  # noqa: E731
    return cached("municipality-agreements-panel", compute, municipality.pk, scope=CACHE_SCOPE)


@hooks.register("home_page_panels")
def home_tasks_panel(request, page):
    """ "Hitta efter uppgift" on the home page, in its cached content."""
    from .task_pages import home_tasks_panel

    return home_tasks_panel(request, page)
