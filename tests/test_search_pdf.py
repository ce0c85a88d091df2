"""Text inside uploaded documents: extracted in the background, indexed, found.

Documents are uploaded through the real Wagtail admin. One test queues the work in the
database exactly as production does (django-tasks-db) and runs the worker's own task runner
to show that nothing is findable before the worker has run and everything after; the
others use the immediate backend of the test settings.
"""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.models import Collection

from demo.pdf import make_pdf
from search.models import DocumentText
from tests.factories.agreements import AgreementFactory, register
from tests.factories.pages import ContentPageFactory, DocumentFactory, section

pytestmark = pytest.mark.django_db

Document = get_document_model()


@pytest.fixture
def admin(admin_client_logged_in):
    return admin_client_logged_in


def upload(client, title, paragraphs, filename=None, content=None):
    """Upload a generated PDF through the admin's "Lägg till dokument" form."""
    content = content if content is not None else make_pdf(title, paragraphs)
    response = client.post(
        "/admin/documents/add/",
        {
            "title": title,
            "file": SimpleUploadedFile(filename or "upload.pdf", content, "application/pdf"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return Document.objects.get(title=title)


def replace_file(client, document, title, paragraphs):
    response = client.post(
        f"/admin/documents/edit/{document.pk}/",
        {
            "title": title,
            "file": SimpleUploadedFile(
                "ersatt.pdf", make_pdf(title, paragraphs), "application/pdf"
            ),
            "collection": document.collection_id,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]


def attach(document, title):
    """A published agreement with ``document`` as its main document."""
    return AgreementFactory(
        title=title, summary="Ett avtal för test av dokumenttext.", attachments=[document]
    )


def site_titles(client, q):
    soup = BeautifulSoup(client.get("/sok/", {"q": q}).content, "html.parser")
    return [h.get_text(strip=True) for h in soup.select(".search-result__title")]


def register_titles(client, q):
    soup = BeautifulSoup(client.get(register().url, {"q": q}).content, "html.parser")
    return [h.get_text(strip=True) for h in soup.select(".agreement-item__title")]


def run_worker(queue_names=("default", "dokument")):
    """What ``manage.py db_worker`` does for each queued task of these queues, inside this
    test's transaction (the command itself would close the test's database connection)."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=list(queue_names),
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    ready = DBTaskResult.objects.ready().filter(backend_name="default", queue_name__in=queue_names)
    while task_result := ready.first():
        task_result.claim("test-worker")
        worker.run_task(task_result)
        ran += 1
    return ran


def test_uploaded_pdf_is_findable_after_the_worker_has_run(admin, client, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "dokument"]}
    }
    document = upload(
        admin,
        "Rutin för hembesök vintertid",
        ["Hemtjänsten skottar trappan före besöket enligt snöskottningsrutinen."],
    )
    assert document.search_text.status == DocumentText.Status.PENDING
    queued = DBTaskResult.objects.ready().values_list("task_path", flat=True)
    assert "search.tasks.extract_document_text" in queued
    attach(document, "Avtal om vinterberedskap i hemtjänsten")

    assert site_titles(client, "snöskottningsrutinen") == []
    assert register_titles(client, "snöskottningsrutinen") == []

    assert run_worker() > 0
    document.search_text.refresh_from_db()
    assert document.search_text.status == DocumentText.Status.DONE
    assert "snöskottningsrutinen" in document.search_text.text
    assert site_titles(client, "snöskottningsrutinen") == ["Avtal om vinterberedskap i hemtjänsten"]
    assert register_titles(client, "snöskottningsrutinen") == [
        "Avtal om vinterberedskap i hemtjänsten"
    ]


def test_replacing_the_file_replaces_the_searchable_text(admin, client):
    document = upload(admin, "Bilaga om isgatan", ["Halkbekämpningen sköts av kommunen."])
    attach(document, "Avtal om isfria gångvägar")
    assert site_titles(client, "halkbekämpningen") == ["Avtal om isfria gångvägar"]
    assert register_titles(client, "halkbekämpningen") == ["Avtal om isfria gångvägar"]

    replace_file(admin, document, "Bilaga om isgatan", ["Sandningen sköts av regionen."])
    assert site_titles(client, "halkbekämpningen") == []
    assert register_titles(client, "halkbekämpningen") == []  # not kept from before
    assert site_titles(client, "sandningen") == ["Avtal om isfria gångvägar"]


def test_document_on_a_page_is_found_as_a_document_with_its_page(admin, client):
    document = upload(admin, "Minnesanteckningar om cykelpoolen", ["Cykelpoolen utökas."])
    page = ContentPageFactory(
        parent=section("Skaraborg"),
        title="Tjänstecyklar i Skaraborg",
        intro="Om tjänstecyklar.",
        body=[("documents", {"heading": "", "documents": [{"document": document}]})],
    )
    soup = BeautifulSoup(client.get("/sok/", {"q": "cykelpoolen"}).content, "html.parser")
    result = soup.select_one(".search-result")
    assert result.select_one(".search-result__title").get_text(strip=True) == document.title
    assert result.select_one(".search-result__type").get_text() == "Dokument"
    assert "Skaraborg" in result.select_one(".search-result__meta").get_text()
    used_on = result.select_one(".search-result__used-on a")
    assert used_on.get_text() == page.title and used_on["href"] == page.url


def test_unused_upload_is_not_listed(admin, client):
    upload(admin, "Lös fil om fågelholkar", ["Fågelholkarna sätts upp i april."])
    assert site_titles(client, "fågelholkarna") == []


def test_broken_pdf_is_marked_and_does_not_break_the_upload(admin):
    document = upload(
        admin, "Trasig fil", [], filename="trasig.pdf", content=b"%PDF-1.4 inte en pdf"
    )
    document.search_text.refresh_from_db()
    assert document.search_text.status == DocumentText.Status.FAILED
    assert document.search_text.error


def test_renaming_a_document_updates_its_searchable_title(admin, client):
    document = upload(admin, "Gammal rubrik", ["Innehåll om vedeldning."])
    attach(document, "Avtal om vedeldning")
    document.title = "Ny rubrik om kaminer"
    document.save()
    assert DocumentText.objects.get(pk=document.pk).title == "Ny rubrik om kaminer"
    assert site_titles(client, "kaminer") == ["Avtal om vedeldning"]


def test_deleting_a_document_deletes_its_text(admin):
    document = upload(admin, "Att radera", ["Raderingstest."])
    pk = document.pk
    document.delete()
    assert not DocumentText.objects.filter(pk=pk).exists()


def test_setup_site_extracts_documents_that_have_no_text_yet():
    document = DocumentFactory(text="Text om gatubelysning.")
    DocumentText.objects.filter(pk=document.pk).delete()
    call_command("setup_site", stdout=io.StringIO())
    text = DocumentText.objects.get(pk=document.pk)
    assert text.status == DocumentText.Status.DONE
    assert "gatubelysning" in text.text
