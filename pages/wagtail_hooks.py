"""Admin registration for the pages app: contacts and municipalities as snippets."""

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Contact, Municipality
from .report_admin import status_report_page_viewset


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
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("section")]


register_snippet(ContactViewSet)
register_snippet(MunicipalityViewSet)


@hooks.register("register_admin_viewset")
def register_status_report_viewset():
    """Monthly status reports: explorer listing ordered by month, pre-filled add form."""
    return status_report_page_viewset
