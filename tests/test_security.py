"""Security of the running site: the deploy check, response headers on public and admin
pages, cookies, admin login throttling, and what may be uploaded (issue 10, acceptance 1).

Header and cookie tests apply the security settings exactly as the production settings
module computes them (read in a fresh interpreter with a production environment) and request
over HTTPS, so they prove what production sends, not what the test settings happen to say.
"""

import datetime
import io
import json
import os
import secrets
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from demo.pdf import make_pdf
from tests.factories.pages import SurveyFormFieldFactory, SurveyPageFactory, section

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "vardsamverkan.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "www.vardsamverkan.se",
    "SITE_URL": "https://www.vardsamverkan.se",
}
SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_AGE",
    "X_FRAME_OPTIONS",
]


def run_production(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "EMAIL_BACKEND"}}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **PRODUCTION_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(names, **env):
    """These settings as the production settings module computes them in this environment
    (only the settings module is read: no app is loaded)."""
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}))"
    )
    result = run_production("-c", code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def production_security():
    return production_settings(SECURITY_SETTINGS)


@pytest.fixture
def production(settings, production_security):
    """The test settings with production's security settings on top."""
    for name, value in production_security.items():
        setattr(settings, name, value)
    settings.SECURE_SSL_REDIRECT = True
    return settings


def https(client, path, **kwargs):
    return client.get(path, secure=True, **kwargs)


def csp_directives(header):
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


# -- the deploy check --------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("preload", ["false", "true"])
def test_deploy_check_is_clean_under_production_settings(preload):
    result = run_production(
        "manage.py", "check", "--deploy", "--fail-level", "DEBUG", SECURE_HSTS_PRELOAD=preload
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNINGS" not in output and "ERRORS" not in output


def test_production_sends_mail_through_smtp_unless_told_otherwise():
    mailer = production_settings(["MAILERS"], EMAIL_HOST="smtp.example.org")["MAILERS"]["default"]
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"]["host"] == "smtp.example.org"


def test_production_counts_the_client_behind_the_configured_proxies():
    name = "RATE_LIMIT_TRUSTED_PROXIES"
    assert production_settings([name])[name] == 0
    assert production_settings([name], RATE_LIMIT_TRUSTED_PROXIES="1")[name] == 1


# -- headers -----------------------------------------------------------------------------------


@pytest.fixture
def survey(db):
    """The survey at /enkat/: a public form."""
    page = SurveyPageFactory()
    SurveyFormFieldFactory(page=page, label="Vad saknar du på webbplatsen?")
    return page


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(production, client):
    response = client.get("/avtal/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/avtal/"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/avtal/", "/sok/?q=sip", "/enkat/", "/prenumerera/"])
def test_public_pages_send_a_strict_policy_and_the_security_headers(
    production, survey, client, path
):
    response = https(client, path)
    assert response.status_code == 200
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    csp = csp_directives(header)
    assert csp["default-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert set(csp["script-src"]) - {"'self'"} <= {
        word for word in csp["script-src"] if word.startswith("'nonce-")
    }
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    policy = dict(item.split("=", 1) for item in response["Permissions-Policy"].split(", "))
    for feature in ["camera", "microphone", "geolocation", "payment", "usb", "fullscreen"]:
        assert policy[feature] == "()", feature


@pytest.mark.django_db
def test_the_admin_gets_its_own_relaxed_policy_only_under_admin(production, client):
    response = https(client, "/admin/login/")
    assert response.status_code == 200
    csp = csp_directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in csp["script-src"]
    assert "'unsafe-inline'" in csp["style-src"]
    # Framed only by itself (Wagtail's preview panel), never by another site.
    assert csp["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" in response
    policy = dict(item.split("=", 1) for item in response["Permissions-Policy"].split(", "))
    assert policy["fullscreen"] == "(self)"
    assert policy["camera"] == "()"


@pytest.mark.django_db
def test_reading_the_site_sets_no_cookie_at_all(production, client):
    for path in ["/", section("Fyrbodal").url, "/avtal/", "/sok/?q=avtal", "/nyheter/"]:
        response = https(client, path)
        assert response.status_code == 200, path
        assert not response.cookies, f"{path} set {list(response.cookies)}"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/enkat/", "/prenumerera/"])
def test_forms_set_only_a_secure_httponly_session_csrf_cookie(production, survey, client, path):
    response = https(client, path)
    assert response.status_code == 200
    assert list(response.cookies) == ["csrftoken"]
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] and cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    # A session cookie: no lifetime, so it goes when the browser closes.
    assert not cookie["max-age"] and not cookie["expires"]


@pytest.mark.django_db
def test_admin_session_cookie_is_secure_and_httponly(production, django_user_model):
    django_user_model.objects.create_superuser("kakadmin", "kak@example.org", "ett-langt-losen-1")
    client = Client()
    response = client.post(
        "/admin/login/",
        {"username": "kakadmin", "password": "ett-langt-losen-1"},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["samesite"] == "Lax"


# -- admin login throttling --------------------------------------------------------------------

PASSWORD = "rätt-lösenord-för-test-1"


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True
    return settings


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser(
        "redaktor-inloggning", "inloggning@example.org", PASSWORD
    )


def attempt(client, password, username="redaktor-inloggning", **extra):
    return client.post("/admin/login/", {"username": username, "password": password}, **extra)


def test_login_is_locked_after_repeated_failures_with_a_swedish_message(axes_on, editor):
    client = Client()
    for number in range(1, axes_on.AXES_FAILURE_LIMIT):
        response = attempt(client, f"fel-{number}")
        assert response.status_code == 200, number  # the login form with Wagtail's error
    locked = attempt(client, "fel-sista")
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) == 15 * 60
    soup = BeautifulSoup(locked.content, "html.parser")
    message = soup.select_one(".messages").get_text(" ", strip=True)
    assert "För många misslyckade inloggningsförsök" in message
    assert "15 minuter" in message
    # Still Wagtail's own login page, in Swedish, with the form to try again later.
    assert soup.html["lang"] == "sv"
    assert soup.select_one("form.login-form input[name=username]")["value"] == (
        "redaktor-inloggning"
    )
    # Even the right password is refused while locked.
    right = attempt(client, PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_user_and_address_so_the_person_can_log_in_elsewhere(axes_on, editor):
    for number in range(axes_on.AXES_FAILURE_LIMIT):
        attempt(Client(), f"fel-{number}")
    assert attempt(Client(), PASSWORD).status_code == 429
    # The same person from another address gets in.
    assert attempt(Client(), PASSWORD, REMOTE_ADDR="192.0.2.44").status_code == 302


def test_password_spraying_from_one_address_is_locked_across_user_names(axes_on, editor):
    """One address trying passwords on many accounts (issue 22: 28 of 35 got through)."""
    names = [f"redaktor-{n}" for n in range(7)]
    for name in names:
        get_user_model().objects.create_user(name, f"{name}@example.org", PASSWORD)
    answers = [
        attempt(Client(), f"gissning-{round_}", username=name).status_code
        for round_ in range(5)
        for name in names
    ]
    assert answers.count(429) == len(answers) - (axes_on.AXES_FAILURE_LIMIT - 1)
    locked = attempt(Client(), PASSWORD, username="redaktor-inloggning")
    assert locked.status_code == 429
    message = BeautifulSoup(locked.content, "html.parser").select_one(".messages").get_text()
    assert "från din nätverksadress" in message
    # Other addresses are not affected.
    assert attempt(Client(), PASSWORD, REMOTE_ADDR="192.0.2.45").status_code == 302


def test_a_successful_login_clears_the_count_of_a_shared_address(axes_on, editor):
    get_user_model().objects.create_superuser("kollega", "kollega@example.org", PASSWORD)
    for number in range(axes_on.AXES_FAILURE_LIMIT - 1):
        attempt(Client(), f"fel-{number}", username="kollega")
    assert attempt(Client(), PASSWORD).status_code == 302
    assert attempt(Client(), "fel-igen", username="kollega").status_code == 200


def test_the_lock_lifts_after_the_cool_off(axes_on, editor):
    for number in range(axes_on.AXES_FAILURE_LIMIT):
        attempt(Client(), f"fel-{number}")
    assert attempt(Client(), PASSWORD).status_code == 429
    # Sixteen minutes later (the stored attempts are simply older).
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    response = attempt(Client(), PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_behind_a_load_balancer_the_visitor_address_counts(axes_on, editor, settings):
    settings.RATE_LIMIT_TRUSTED_PROXIES = 1
    balancer = {"REMOTE_ADDR": "10.0.0.2"}
    for number in range(axes_on.AXES_FAILURE_LIMIT):
        attempt(Client(), f"fel-{number}", HTTP_X_FORWARDED_FOR="198.51.100.7", **balancer)
    assert (
        attempt(Client(), PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", **balancer).status_code
        == 429
    )
    # Another visitor through the same balancer is not affected.
    assert (
        attempt(Client(), PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8", **balancer).status_code
        == 302
    )


# -- uploads -----------------------------------------------------------------------------------

Document = get_document_model()
Image = get_image_model()


def upload_document(client, name, content, title="Uppladdning"):
    return client.post(
        "/admin/documents/add/",
        {
            "title": title,
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(name, content, "application/octet-stream"),
        },
    )


def form_errors(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return " ".join(e.get_text(" ", strip=True) for e in soup.select(".error-message, .error"))


PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200  # a Windows program


def zipped(*entries):
    """A ZIP file with these (name, text) entries in this order, stored as written."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries:
            archive.writestr(name, text)
    return buffer.getvalue()


def office_open_xml(main_part):
    """A Word, Excel or PowerPoint file (Office 2007 and later): a ZIP package that begins,
    as Office writes it, with the content types and the package relations."""
    return zipped(
        ("[Content_Types].xml", "<Types/>"),
        ("_rels/.rels", "<Relationships/>"),
        (main_part, "<x/>"),
    )


def open_document(kind):
    """An OpenDocument file: its first entry, "mimetype", names the format (the standard)."""
    return zipped(
        ("mimetype", f"application/vnd.oasis.opendocument.{kind}"), ("content.xml", "<x/>")
    )


def excel_workbook():
    """A real .xlsx, written by openpyxl."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Kommun", "Antal"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def office_97(first_sector):
    """The start of an Office 97–2003 file: the compound file header in its 512-byte sector,
    then the first sector, where Word begins its document stream and Excel its workbook."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + first_sector + bytes(1024)


WORD_97 = office_97(b"\xec\xa5\xc1\x00")  # the Word document header (its magic and version)
EXCEL_97 = office_97(b"\x09\x08\x10\x00\x00\x06\x05\x00")  # the workbook's first record
DOCX = office_open_xml("word/document.xml")
TYPE_REFUSED = "Tillåtna filtyper: .pdf, .docx, .doc, .xlsx, .xls"
CONTENT_REFUSED = "spara den i rätt format"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("program.exe", PROGRAM, ["Filer av typen ”.exe” kan inte laddas upp", TYPE_REFUSED]),
        ("sida.html", b"<html><script>alert(1)</script></html>", ["typen ”.html”", TYPE_REFUSED]),
        ("bild.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", ["typen ”.svg”", TYPE_REFUSED]),
        ("utan-filandelse", b"%PDF-1.4", ["Filens namn slutar inte på en filtyp", TYPE_REFUSED]),
        ("x.<img src=x onerror=alert(1)>", b"%PDF-1.4", ["Filens namn slutar", TYPE_REFUSED]),
        ("program.pdf", PROGRAM, ["Filen är inte en PDF-fil, fast namnet slutar på .pdf"]),
        ("program.doc", PROGRAM, ["Filen är inte ett Word-dokument", CONTENT_REFUSED]),
        ("sida.docx", b"<html></html>", ["inte ett Word-dokument", CONTENT_REFUSED]),
        ("sida.txt", b"<!DOCTYPE html><html></html>", ["inte en textfil", CONTENT_REFUSED]),
        ("arkiv.docx", zipped(("program.exe", "MZ")), ["inte ett Word-dokument"]),
        ("arkiv.xlsx", zipped(("sida.html", "<html>")), ["inte en Excel-fil"]),
        ("word.xlsx", DOCX, ["inte en Excel-fil, fast namnet slutar på .xlsx"]),
        ("word.xls", WORD_97, ["inte en Excel-fil, fast namnet slutar på .xls"]),
        ("excel.pptx", excel_workbook(), ["inte en PowerPoint-fil"]),
        ("text.ods", open_document("text"), ["inte ett OpenDocument-kalkylblad"]),
        ("rapport.docx", make_pdf("Rapport", ["Text."]), ["inte ett Word-dokument"]),
    ],
)
def test_documents_of_other_types_are_refused_with_a_clear_message(
    admin_client_logged_in, name, content, expected
):
    response = upload_document(admin_client_logged_in, name, content)
    assert response.status_code == 200  # the form again, with the error
    errors = form_errors(response)
    for text in expected:
        assert text in errors
    if TYPE_REFUSED not in expected:
        assert CONTENT_REFUSED in errors
    assert "Filändelsen" not in errors  # no second message from Django's own check
    assert b"<img src=x" not in response.content
    assert not Document.objects.filter(title="Uppladdning").exists()


@pytest.mark.django_db
def test_the_multiple_upload_refuses_too_with_a_message_that_carries_no_markup(
    admin_client_logged_in,
):
    response = admin_client_logged_in.post(
        "/admin/documents/multiple/add/",
        {
            "collection": Collection.get_first_root_node().pk,
            "files[]": SimpleUploadedFile("x.<img src=x onerror=alert(1)>", b"%PDF-1.4"),
        },
    )
    data = response.json()
    assert data["success"] is False
    assert "Tillåtna filtyper" in data["error_message"]
    assert "Filändelsen" not in data["error_message"]
    assert "<" not in data["error_message"]


@pytest.mark.django_db
def test_a_too_large_document_is_refused_with_its_size(admin_client_logged_in, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024 * 1024
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1)
    response = upload_document(admin_client_logged_in, "stor.pdf", big)
    assert response.status_code == 200
    errors = form_errors(response)
    assert "för stor" in errors and "1,0\xa0MB" in errors, errors
    assert not Document.objects.filter(title="Uppladdning").exists()


def test_the_default_size_limits_are_twenty_and_ten_megabytes(settings):
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content",
    [
        ("rapport.pdf", make_pdf("Rapport", ["Text."])),
        ("protokoll.docx", DOCX),
        ("budget.xlsx", excel_workbook()),
        ("bilder.pptx", office_open_xml("ppt/presentation.xml")),
        ("protokoll.odt", open_document("text")),
        ("budget.ods", open_document("spreadsheet")),
        ("protokoll.doc", WORD_97),
        ("budget.xls", EXCEL_97),
        ("lista.csv", "kommun;antal\nLerum;3\nÖckerö;2\n".encode()),
        ("anteckningar.txt", "Möte med SIP-gruppen.\n".encode()),
    ],
)
def test_real_documents_are_accepted(admin_client_logged_in, name, content):
    response = upload_document(admin_client_logged_in, name, content, title=f"Riktig {name}")
    assert response.status_code == 302, form_errors(response)
    assert Document.objects.filter(title=f"Riktig {name}").exists()


def upload_image(client, name, content):
    return client.post(
        "/admin/images/add/",
        {
            "title": "Bild",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(name, content, "application/octet-stream"),
        },
    )


def png(width=2, height=2):
    from PIL import Image as PillowImage

    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content",
    [
        ("bild.png", b"<html><script>alert(1)</script></html>"),
        ("bild.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("program.exe", PROGRAM),
        ("bild.jpg", None),  # a PNG that says it is a JPEG
    ],
)
def test_images_that_are_not_what_they_say_are_refused(admin_client_logged_in, name, content):
    response = upload_image(admin_client_logged_in, name, content if content else png())
    assert response.status_code == 200
    errors = form_errors(response)
    assert errors, response.content.decode()[:2000]
    assert not Image.objects.filter(title="Bild").exists()


@pytest.mark.django_db
def test_a_too_large_image_is_refused_and_a_real_one_accepted(admin_client_logged_in, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024
    large = png(400, 400) + b"\x00" * 2048
    response = upload_image(admin_client_logged_in, "stor.png", large)
    assert response.status_code == 200
    assert "för stor" in form_errors(response)
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
    assert upload_image(admin_client_logged_in, "liten.png", png()).status_code == 302
