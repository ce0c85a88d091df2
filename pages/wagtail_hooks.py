"""Admin registration for the pages app: contacts and municipalities as snippets."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_scope  # noqa: F401  (registers the page chooser's scope)
from .admin_views import EditorGuideView, FailedTasksPanel, GuidePanel
from .document_report import InaccessibleDocumentsMenuItem, InaccessibleDocumentsReportView
from .explorer import explorer_page_viewset
from .models import Contact, Municipality, SectionPage
from .permissions import is_kommunikator
from .report_admin import status_report_page_viewset
from .stale_report import StaleContentMenuItem, StaleContentReportView


class ContactViewSet(SnippetViewSet):
    model = Contact
    icon = "user"
    menu_label = "Kontaktpersoner"
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "role", "organisation", "email", "phone"]
    search_fields = ["name", "role", "organisation"]
    ordering = ["name"]


class MunicipalityViewSet(SnippetViewSet):
    model = Municipality
    icon = "globe"
    menu_label = "Kommuner"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "section"]
    list_filter = ["section"]
    search_fields = ["name"]
    ordering = ["name"]


register_snippet(ContactViewSet)
register_snippet(MunicipalityViewSet)


@hooks.register("register_admin_viewset")
def register_status_report_viewset():
    """Monthly status reports: explorer listing ordered by month, pre-filled add form."""
    return status_report_page_viewset


# After Wagtail's default page viewset (hook order 0), so that this one replaces it.
@hooks.register("register_admin_viewset", order=1)
def register_explorer_viewset():
    """The page explorer, 20 rows a page (``pages.explorer``)."""
    return explorer_page_viewset


# -- Sections are structure, not content ---------------------------------------------------------
# Section editors hold page permissions on their section page (so they can edit its intro and
# add pages below it), which in Wagtail would also let them unpublish or delete the whole
# section. Only the kommunikatör may do that; everyone else gets a clear refusal.


def refuse_section_change(request, page, verb):
    if isinstance(page.specific_deferred, SectionPage) and not is_kommunikator(request.user):
        messages.error(
            request,
            f"Bara kommunikatören kan {verb} en hel sektion. Kontakta kommunikatören om "
            "sektionen behöver ändras.",
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_unpublish_page")
def protect_section_from_unpublish(request, page):
    return refuse_section_change(request, page, "avpublicera")


@hooks.register("before_delete_page")
def protect_section_from_delete(request, page):
    return refuse_section_change(request, page, "ta bort")


@hooks.register("before_move_page")
def protect_section_from_move(request, page, destination):
    return refuse_section_change(request, page, "flytta")


# -- Editor guide ---------------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def editor_guide_url():
    return [path("redaktorsguide/", EditorGuideView.as_view(), name="editor_guide")]


@hooks.register("register_admin_menu_item")
def editor_guide_menu_item():
    return MenuItem("Redaktörsguide", reverse("editor_guide"), icon_name="help", order=10000)


@hooks.register("construct_homepage_panels")
def editor_guide_panel(request, panels):
    panels.append(GuidePanel())


@hooks.register("construct_homepage_panels")
def failed_tasks_panel(request, panels):
    if is_kommunikator(request.user):
        panels.append(FailedTasksPanel())


# -- Report: stale content -----------------------------------------------------------------------


def report_urls(slug, view, name):
    """A report's page and its results (Wagtail's ReportView fetches them when filtering)."""
    return [
        path(f"rapporter/{slug}/", view.as_view(), name=name),
        path(
            f"rapporter/{slug}/resultat/", view.as_view(results_only=True), name=f"{name}_results"
        ),
    ]


@hooks.register("register_admin_urls")
def stale_content_report_urls():
    return report_urls("inaktuellt-innehall", StaleContentReportView, "stale_content_report")


@hooks.register("register_reports_menu_item")
def stale_content_report_menu_item():
    return StaleContentMenuItem(
        "Inaktuellt innehåll", reverse("stale_content_report"), icon_name="time", order=50
    )


@hooks.register("search_promoted_hits")
def municipality_page_hit(text):
    """A search for a municipality's name ("Borås", "borås kommun") shows its page first."""
    from .models.municipalities import MunicipalityIndexPage, find_municipality

    name = " ".join(text.split())
    for suffix in (" kommun", " stad"):
        if name.casefold().endswith(suffix):
            name = name[: -len(suffix)]
    municipality = find_municipality(name)
    index = MunicipalityIndexPage.for_request() if municipality else None
    if index is None:
        return []
    return [
        {
            "title": f"{municipality.name}: avtal, grupper och kontakter",
            "url": index.municipality_url(municipality),
            "description": f"Det som gäller för {municipality.name} i vårdsamverkan, samlat "
            "på en sida.",
        }
    ]


# -- Report: inaccessible documents ---------------------------------------------------------------


@hooks.register("register_admin_urls")
def inaccessible_documents_report_urls():
    return report_urls(
        "otillgangliga-dokument", InaccessibleDocumentsReportView, "inaccessible_documents_report"
    )


@hooks.register("register_reports_menu_item")
def inaccessible_documents_report_menu_item():
    return InaccessibleDocumentsMenuItem(
        "Otillgängliga dokument",
        reverse("inaccessible_documents_report"),
        icon_name="doc-full",
        order=60,
    )
