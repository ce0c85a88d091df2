"""Views of the register that Wagtail's page routing cannot reach."""

from django.http import Http404
from wagtail.models import Page

from .export import csv_response
from .models import AgreementIndexPage


def export_csv(request, path):
    """``<register URL>export.csv``: Wagtail only routes paths ending in a slash, so the
    export's file-like URL is resolved here and handed to the register page it belongs to
    (found by routing, so the register's slug is not hard-coded)."""
    page = Page.find_for_request(request, path)
    if page is None or not isinstance(page, AgreementIndexPage):
        raise Http404
    return csv_response(page, request)
