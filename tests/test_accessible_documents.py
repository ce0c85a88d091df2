"""Documents everyone can read: tagged PDFs made from the web versions, the check of every
upload (warning, report, public note) and an accessibility statement that lists exactly
what the report finds."""

import io
import json
import zipfile

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.models import Collection

from agreements.pdf import FOLDER as AGREEMENT_PDF_FOLDER
from core.documents import check_document
from demo.pdf import make_pdf
from pages.models import DocumentCheck, StatusIndicator
from tests.factories.agreements import AgreementFactory, in_och_utskrivning
from tests.factories.pages import (
    AccessibilityStatementPageFactory,
    ContentPageFactory,
    DocumentFactory,
    ImageFactory,
    StatusReportIndexPageFactory,
    StatusReportPageFactory,
    editor,
    kommunikator,
    section,
)
from tests.factories.pdf import pdf_structure, untagged_pdf
from tests.test_roles import PASSWORD, login

pytestmark = pytest.mark.django_db

REPORT = "/admin/rapporter/otillgangliga-dokument/"
WARNING = "Dokumentet är inte tillgängligt för alla."


def read_pdf(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pdf_structure(b"".join(response.streaming_content))


def assert_accessible(structure, title):
    assert structure["marked"] and structure["structure_tree"]
    assert structure["lang"] == "sv"
    assert structure["title"] == title
    assert structure["display_doc_title"]


def untagged_document(title, collection=None):
    fields = {"collection": collection} if collection else {}
    return DocumentFactory(
        title=title, file=ContentFile(untagged_pdf(title, ["Text."]), name="gammal.pdf"), **fields
    )


# -- 1. the PDF of an agreement's web version ----------------------------------------------------


def test_agreement_pdf_has_title_language_and_one_heading_per_web_version_heading(client):
    body = [
        ("heading", {"text": "Inledning", "level": "h2"}),
        ("paragraph", "<p>Parterna är överens om följande.</p><ul><li>Ett</li><li>Två</li></ul>"),
        ("heading", {"text": "Ansvar", "level": "h2"}),
        ("heading", {"text": "Kommunens ansvar", "level": "h3"}),
        ("paragraph", "<p>Kommunen ansvarar för hemsjukvården.</p>"),
        ("heading", {"text": "Uppföljning", "level": "h2"}),
    ]
    agreement = AgreementFactory(title="Överenskommelse om hemsjukvård", body=body)

    page = client.get(f"/avtal/{agreement.slug}/")
    link = BeautifulSoup(page.content, "html.parser").find(
        "a", href=f"/avtal/{agreement.slug}/pdf/"
    )
    assert "Ladda ner som tillgänglig PDF" in link.get_text()

    structure = read_pdf(client.get(link["href"]))
    assert_accessible(structure, "Överenskommelse om hemsjukvård")
    web_headings = [value["text"] for kind, value in body if kind == "heading"]
    # The title, the facts ("Om avtalet"), then exactly the web version's headings, each a
    # tagged heading at its level (chapters H2, other headings H3) and a bookmark.
    assert structure["headings"] == ["/H1", "/H2", "/H2", "/H2", "/H3", "/H2"]
    assert structure["outline"] == [agreement.title, "Om avtalet", *web_headings]
    assert {"/Table", "/TH", "/L", "/LI"} <= set(structure["tags"])
    # Generated documents pass the same check as uploads.
    response = client.get(link["href"])
    assert check_document(io.BytesIO(b"".join(response.streaming_content)), "pdf").passed


def test_agreement_pdf_takes_images_from_storage_with_their_alternative_text(client):
    image = ImageFactory()
    body = [
        ("heading", {"text": "Vårdkedjan", "level": "h2"}),
        ("image", {"image": image, "alt": "Vårdkedjan från sjukhus till hemmet", "caption": ""}),
    ]
    agreement = AgreementFactory(body=body)
    response = client.get(f"/avtal/{agreement.slug}/pdf/")
    structure = pdf_structure(b"".join(response.streaming_content))
    assert structure["figure_alts"] == ["Vårdkedjan från sjukhus till hemmet"]
    assert structure["images"] == 1  # read from storage: nothing is fetched over the network


def test_an_inaccessible_attachment_points_to_the_agreements_accessible_pdf(client):
    AccessibilityStatementPageFactory()
    body = [("heading", {"text": "Syfte", "level": "h2"})]
    with_body = AgreementFactory(body=body, attachments=[untagged_document("Skannat avtal")])
    without_body = AgreementFactory(attachments=[untagged_document("Skannad bilaga")])
    soup = BeautifulSoup(client.get(f"/avtal/{with_body.slug}/").content, "html.parser")
    warning = soup.select_one(".document-list .document-link__warning")
    assert warning.find("a")["href"] == f"/avtal/{with_body.slug}/pdf/"
    soup = BeautifulSoup(client.get(f"/avtal/{without_body.slug}/").content, "html.parser")
    warning = soup.select_one(".document-list .document-link__warning")
    assert warning.find("a")["href"].endswith("#kontakt")


def test_every_agreement_with_a_web_version_gets_its_pdf_made_on_publication(client):
    agreement = in_och_utskrivning()
    without_body = AgreementFactory()
    agreement.title = "Ny titel efter revidering"
    agreement.save_revision().publish()
    _, files = default_storage.listdir(AGREEMENT_PDF_FOLDER)
    made = [name for name in files if name.startswith(f"{agreement.pk}-")]
    assert len(made) == 1  # the task made the new version's PDF and removed the old one
    with default_storage.open(f"{AGREEMENT_PDF_FOLDER}/{made[0]}") as file:
        structure = pdf_structure(file.read())
    assert structure["title"] == "Ny titel efter revidering"
    assert structure["outline"][2:] == [title for _, title in agreement.chapters]
    # An agreement without a web version offers no PDF of it.
    assert client.get(f"/avtal/{without_body.slug}/pdf/").status_code == 404
    page = client.get(f"/avtal/{without_body.slug}/").content.decode()
    assert "Ladda ner som tillgänglig PDF" not in page


def test_status_report_pdf(client):
    index = StatusReportIndexPageFactory()
    report = StatusReportPageFactory(parent=index)
    StatusIndicator.objects.create(
        page=report, area="Tidplan", status="risk", comment="Leveransen är försenad."
    )
    page = client.get(report.url).content.decode()
    assert f'href="{report.url}pdf/"' in page
    structure = read_pdf(client.get(f"{report.url}pdf/"))
    assert_accessible(structure, report.title)
    assert structure["outline"] == [
        report.title,
        report.summary_heading,
        report.plan_heading,
        f"Status {report.month_label}",
    ]
    assert "/TH" in structure["tags"]


# -- 2. the check of every upload ----------------------------------------------------------------


def upload(client, name, content):
    response = client.post(
        "/admin/documents/multiple/add/",
        {
            "files[]": SimpleUploadedFile(name, content, content_type="application/pdf"),
            "collection": Collection.objects.get(name="Fyrbodal").pk,
        },
    )
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["success"], data
    return data


def report_titles(client, **params):
    response = client.get(REPORT, params)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return {cell.get_text(strip=True) for cell in soup.select("td.title a, td.title")} - {""}


def test_untagged_upload_warns_the_section_editor_and_is_reported(client):
    fyrbodal = login(editor(section("Fyrbodal"), password=PASSWORD))
    data = upload(fyrbodal, "protokoll-utan-taggar.pdf", untagged_pdf("Protokoll", ["Text."]))
    form = data["form"]
    assert WARNING in form
    assert "Saknar taggar" in form and "Saknar angivet språk" in form
    assert "1.3.1" in form and "3.1.1" in form and "2.4.2" in form
    document = get_document_model().objects.get(pk=data["doc_id"])
    assert not document.accessibility_check.passed

    titles = report_titles(fyrbodal)
    assert any(document.title in title for title in titles)
    # The document's edit page says the same.
    edit = fyrbodal.get(f"/admin/documents/edit/{document.pk}/").content.decode()
    assert WARNING in edit
    # Another section's editor has nothing of Fyrbodal's in their report.
    skaraborg = login(editor(section("Skaraborg"), password=PASSWORD))
    assert not any(document.title in title for title in report_titles(skaraborg))


def test_tagged_upload_gives_no_warning_and_is_not_reported():
    fyrbodal = login(editor(section("Fyrbodal"), password=PASSWORD))
    data = upload(fyrbodal, "tillganglig.pdf", make_pdf("Tillgänglig rutin", ["Text."]))
    assert WARNING not in data["form"]
    assert "Kontrollen hittade inga brister" in data["form"]
    document = get_document_model().objects.get(pk=data["doc_id"])
    assert not any(document.title in title for title in report_titles(fyrbodal))


def test_replacing_the_file_checks_it_again():
    document = untagged_document("Riktlinje")
    assert not DocumentCheck.objects.get(pk=document.pk).passed
    document.file.save("ny.pdf", ContentFile(make_pdf("Riktlinje", ["Ny text."])))
    assert DocumentCheck.objects.get(pk=document.pk).passed


def office_file(core_xml="", styles=""):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("docProps/core.xml", core_xml)
        archive.writestr("word/styles.xml", styles)
    buffer.seek(0)
    return buffer


def test_word_files_are_checked_for_title_and_language():
    untitled = office_file()
    assert check_document(untitled, "docx").problems == ["no_language", "no_title"]
    titled = office_file(
        "<cp:coreProperties><dc:title>Rutin</dc:title></cp:coreProperties>",
        '<w:styles><w:docDefaults><w:rPr><w:lang w:val="sv-SE"/></w:rPr></w:docDefaults>'
        "</w:styles>",
    )
    assert check_document(titled, "docx").passed
    assert check_document(io.BytesIO(b"not a zip"), "docx").problems == ["unreadable"]
    assert check_document(io.BytesIO(b"\xd0\xcf\x11\xe0"), "doc").problems == ["unreadable"]
    assert check_document(io.BytesIO(b"a;b\n"), "csv").passed


def test_public_link_says_when_a_document_is_not_accessible_and_where_to_get_it(client):
    statement = AccessibilityStatementPageFactory()
    old = untagged_document("Gammalt protokoll")
    new = DocumentFactory(title="Nytt protokoll")
    page = ContentPageFactory(
        body=[
            (
                "documents",
                {
                    "heading": "Protokoll",
                    "documents": [
                        {"document": old, "title": ""},
                        {"document": new, "title": ""},
                    ],
                },
            )
        ]
    )
    soup = BeautifulSoup(client.get(page.url).content, "html.parser")
    items = {li.find("a").get_text(): li for li in soup.select(".document-list li")}
    old_item = next(li for text, li in items.items() if text.startswith("Gammalt protokoll"))
    new_item = next(li for text, li in items.items() if text.startswith("Nytt protokoll"))
    warning = old_item.select_one(".document-link__warning")
    assert "inte tillgänglighetsanpassat" in warning.get_text()
    assert warning.find("a")["href"] == f"{statement.url}#kontakt"
    assert new_item.select_one(".document-link__warning") is None


# -- 4. the accessibility statement --------------------------------------------------------------


def test_statement_lists_exactly_the_documents_of_the_report(client):
    statement = AccessibilityStatementPageFactory()
    fyrbodal = Collection.objects.get(name="Fyrbodal")
    untagged_document("Protokoll 2019", collection=fyrbodal)
    untagged_document("Riktlinje 2020")
    DocumentFactory(title="Tillgänglig rutin")
    DocumentFactory(
        title="Lista utan titel",
        file=ContentFile(office_file().getvalue(), name="lista.docx"),
    )
    report = login(kommunikator(password=PASSWORD))
    soup = BeautifulSoup(report.get(REPORT).content, "html.parser")
    reported = {int(a["href"].rstrip("/").split("/")[-1]) for a in soup.select("td.title a[href]")}
    assert len(reported) == 3

    page = BeautifulSoup(client.get(statement.url).content, "html.parser")
    listed = page.select("ul.inaccessible-documents li")
    assert {int(li["data-document-id"]) for li in listed} == reported
    texts = " ".join(li.get_text(" ", strip=True) for li in listed)
    assert "1.3.1 Information och relationer" in texts and "3.1.1 Språk på sidan" in texts
    body = page.get_text(" ", strip=True)
    assert "delvis förenlig" in body
    assert page.find("a", href="https://www.digg.se/tdosanmalan")
    assert page.find("a", href="mailto:tillganglighet@example.org")
    assert "Senaste bedömningen gjordes" in body


def test_statement_query_budget_does_not_grow_with_the_documents(render_queries):
    statement = AccessibilityStatementPageFactory()
    for n in range(15):
        untagged_document(f"Gammalt dokument {n}")
    page = render_queries(statement.url, 12)
    assert page.content.decode().count('data-document-id="') == 15


def test_statement_without_known_problems_says_fully_compliant(client):
    get_document_model().objects.all().delete()
    statement = AccessibilityStatementPageFactory()
    DocumentFactory(title="Tillgänglig rutin")
    page = BeautifulSoup(client.get(statement.url).content, "html.parser")
    assert not page.select("ul.inaccessible-documents li")
    assert "helt förenlig" in page.get_text(" ", strip=True)


def test_check_documents_command_checks_what_was_uploaded_before_the_check():
    from django.core.management import call_command

    document = untagged_document("Från den gamla webbplatsen")
    DocumentCheck.objects.filter(pk=document.pk).delete()
    out = io.StringIO()
    call_command("check_documents", stdout=out)
    assert "1 dokument kontrollerade, 1 med brister" in out.getvalue()
    assert DocumentCheck.objects.get(pk=document.pk).problems[0] == "untagged"
