"""Issue 22: the three admin 500s an editor could cause are Swedish form errors, with
nothing half-saved: an image that is a GIF/script polyglot, any upload while the media
storage is read-only, and a malformed agreement POST."""

import errno

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Revision

from agreements.models import Agreement
from tests.hostile_files import POLYGLOT_GIF
from tests.test_roles import PASSWORD, SNIPPETS, agreement_edit_data, subregional_agreement
from tests.test_security import png, upload_image

pytestmark = pytest.mark.django_db

Image = get_image_model()
Document = get_document_model()


class ReadOnlyStorage(FileSystemStorage):
    """The media storage as a read-only mount (or a full disk) answers every write."""

    def save(self, name, content, max_length=None):
        raise OSError(errno.EROFS, "Read-only file system")


@pytest.fixture
def admin_client():
    """A browser: a server error is a 500 page, not an exception in the test."""
    from tests.factories.pages import kommunikator

    client = Client(raise_request_exception=False)
    client.force_login(kommunikator(password=PASSWORD))
    return client


def errors_of(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(
        e.get_text(" ", strip=True)
        for e in soup.select(".error-message, .help-critical, .w-field__errors, .messages")
    )


def test_a_gif_script_polyglot_is_a_swedish_form_error(admin_client):
    response = upload_image(admin_client, "bild.gif", POLYGLOT_GIF)
    assert response.status_code == 200
    assert "går inte att läsa som en bild" in errors_of(response)
    assert not Image.objects.filter(title="Bild").exists()


@pytest.fixture
def read_only_media(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.test_hardening_uploads.ReadOnlyStorage"},
    }


def test_an_image_upload_while_the_storage_is_read_only_keeps_the_form(
    admin_client, read_only_media
):
    response = upload_image(admin_client, "bild.png", png())
    assert response.status_code == 200
    assert "lagringen för uppladdade filer" in errors_of(response)
    assert 'value="Bild"' in response.content.decode()  # the editor's title is still there
    assert not Image.objects.filter(title="Bild").exists()


def test_a_document_upload_while_the_storage_is_read_only_keeps_the_form(
    admin_client, read_only_media
):
    response = admin_client.post(
        "/admin/documents/add/",
        {
            "title": "Protokoll",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("protokoll.pdf", b"%PDF-1.4\n%%EOF\n"),
        },
    )
    assert response.status_code == 200
    assert "lagringen för uppladdade filer" in errors_of(response)
    assert not Document.objects.filter(title="Protokoll").exists()


@pytest.mark.parametrize(
    "field, value",
    [
        ("document_type", "abc"),
        ("replaces", "1 OR 1=1"),
        ("body-count", "abc"),
        ("attachments-TOTAL_FORMS", "1"),  # with a document id that is no number
    ],
)
def test_a_malformed_agreement_post_is_a_swedish_form_error(admin_client, field, value):
    agreement = subregional_agreement("Fyrbodal", title="Avtal före ändringen")
    revisions = Revision.objects.for_instance(agreement).count()
    data = agreement_edit_data(agreement, title="Ändrad titel", **{field: value})
    if field.startswith("attachments"):
        data.update({"attachments-0-document": "abc", "attachments-0-ORDER": "1"})
    for url in (f"{SNIPPETS}edit/{agreement.pk}/", f"{SNIPPETS}add/"):
        response = admin_client.post(url, data)
        assert response.status_code == 200, url
        assert "Formuläret kom inte fram som det skickades" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.title == "Avtal före ändringen"
    assert Revision.objects.for_instance(agreement).count() == revisions
    assert Agreement.objects.count() == 1


def test_an_image_is_still_uploaded_and_renamed_without_a_new_file(admin_client):
    assert upload_image(admin_client, "liten.png", png()).status_code == 302
    image = Image.objects.get(title="Bild")
    response = admin_client.post(
        f"/admin/images/{image.pk}/",
        {"title": "Ny bildtitel", "collection": image.collection_id},
    )
    assert response.status_code == 302, errors_of(response)
    image.refresh_from_db()
    assert image.title == "Ny bildtitel"
