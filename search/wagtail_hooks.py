"""The site search's part of the admin and of the shared hooks.

* Admin: "Förkortningar och synonymer" (the kommunikatör's list) under a "Sök" menu, next
  to Wagtail's promoted results and search-terms report.
* ``search_synonyms`` and ``document_text``: how the search core in ``core.fulltext`` learns
  the synonyms and an agreement's index gets the text of its attachments, without ``core``
  or ``agreements`` importing this app.
* ``role_permissions``: the kommunikatör maintains synonyms and promoted results.
* ``setup_site``: common abbreviations.
"""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Synonym


class SynonymViewSet(SnippetViewSet):
    model = Synonym
    icon = "search"
    menu_label = "Förkortningar och synonymer"
    menu_name = "forkortningar"
    menu_order = 320
    add_to_admin_menu = True
    list_display = ["term", "alternatives_text"]
    search_fields = ["term", "alternatives"]
    ordering = ["term"]


register_snippet(SynonymViewSet)


@hooks.register("search_synonyms")
def synonyms():
    return Synonym.groups()


@hooks.register("document_text")
def document_text(document_ids):
    from .models import DocumentText

    texts = DocumentText.objects.filter(pk__in=document_ids).values_list("title", "text")
    return [f"{title}\n{text}" for title, text in texts]


@hooks.register("role_permissions")
def search_role_permissions():
    return {
        "kommunikator": [
            "search.add_synonym",
            "search.change_synonym",
            "search.delete_synonym",
            "wagtailsearchpromotions.add_searchpromotion",
            "wagtailsearchpromotions.change_searchpromotion",
            "wagtailsearchpromotions.delete_searchpromotion",
        ],
        "editor": [],
    }


@hooks.register("setup_site")
def setup_search(report, **kwargs):
    from .setup import ensure_search

    ensure_search(report)


@hooks.register("construct_reports_menu")
def swedish_search_terms_label(request, menu_items):
    """Wagtail 8 has no Swedish translation for its "Search terms" report."""
    for item in menu_items:
        if item.name == "search-terms":
            item.label = "Söktermer"
