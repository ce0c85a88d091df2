"""The demo site's documents are accessible: every document passes the upload check, and
every agreement with a web version and every status report has its tagged PDF."""

import pytest
from bs4 import BeautifulSoup
from wagtail.documents import get_document_model

from agreements.models import Agreement
from core.documents import check_document
from pages.models import AccessibilityStatementPage, StatusReportPage
from pages.models.documents import inaccessible_documents
from tests.factories.pdf import pdf_structure

pytestmark = pytest.mark.django_db


def test_the_demo_site_has_no_untagged_pdf():
    documents = list(get_document_model().objects.all())
    pdfs = [d for d in documents if d.file_extension.lower() == "pdf"]
    assert len(pdfs) >= 40
    for document in documents:
        # Read the file itself, not only the stored result.
        with document.open_file() as file:
            result = check_document(file, document.file_extension)
        assert result.passed, (document.title, result.problems)
        assert document.accessibility_check.passed, document.title
    assert not inaccessible_documents().exists()


def test_every_demo_agreement_with_a_web_version_has_its_tagged_pdf(client):
    agreements = [a for a in Agreement.objects.public() if a.body]
    assert agreements
    for agreement in agreements:
        response = client.get(f"/avtal/{agreement.slug}/pdf/")
        structure = pdf_structure(b"".join(response.streaming_content))
        assert structure["marked"] and structure["structure_tree"], agreement.slug
        assert (structure["lang"], structure["title"]) == ("sv", agreement.title)
        headings = [b.value["text"] for b in agreement.body if b.block_type == "heading"]
        assert structure["outline"] == [agreement.title, "Om avtalet", *headings]
        assert len(structure["headings"]) == 2 + len(headings)


def test_every_demo_status_report_has_its_tagged_pdf(client):
    for report in StatusReportPage.objects.published():
        response = client.get(f"{report.url}pdf/")
        structure = pdf_structure(b"".join(response.streaming_content))
        assert (structure["lang"], structure["title"]) == ("sv", report.title)
        assert structure["outline"][:3] == [
            report.title,
            report.summary_heading,
            report.plan_heading,
        ]


def test_the_demo_statement_is_true(client):
    statement = AccessibilityStatementPage.objects.live().get()
    soup = BeautifulSoup(client.get(statement.url).content, "html.parser")
    text = " ".join(soup.get_text(" ").split())
    assert "Webbplatsen är helt förenlig" in text
    assert "Vi känner inte till några dokument" in text
    assert soup.find("a", href="https://www.digg.se/tdosanmalan")
