"""Hostile and malformed input on every public URL that takes parameters.

Shared links get mangled, scanners throw payload lists at every parameter, and a visitor
pastes odd text into a search box. Whatever arrives, the site answers with a page (or a
clear 4xx), never a server error, and nothing that looks like HTML comes back unescaped.
The payloads are sent as raw, percent-encoded query strings and form bodies, so invalid
UTF-8 and NUL bytes reach Django exactly as a client can send them. The site has one page
of every public page type (``tests.factories.site``).
"""

import io
from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client

from tests.factories.site import small_site

pytestmark = pytest.mark.django_db

# Markers that must never appear verbatim in an HTML (or XML) response.
XSS = '<script>alert("vs-xss")</script>'
XSS_ATTR = '"><svg onload=alert(1)>'
UNESCAPED = [b"<script>alert(", b"<svg onload"]

# Values as they appear in a raw query string or form body (already percent-encoded where
# they must be; ``q`` turns a plain string into its encoded form).


def q(text):
    return quote(text, safe="")


PAYLOADS = {
    "huge number": "9" * 40,
    "big int": "9223372036854775808",
    "negative": "-1",
    "very negative": "-99999999999999999999",
    "float": "1.5e308",
    "nan": "NaN",
    "unknown value": "finns-inte-alls",
    "long string": q("å" * 10_000),
    "long ascii": "a" * 10_000,
    "nul byte": "a%00b",
    "only nul": "%00",
    "invalid utf-8": "%ff%fe",
    "truncated utf-8": "%c3%28%e2%82",
    "overlong utf-8": "%c0%af",
    "html": q(XSS),
    "html attribute": q(XSS_ATTR),
    "sql": q("' OR 1=1 --"),
    "sql stacked": q("1; DROP TABLE wagtailcore_page;--"),
    "control characters": "%01%02%1b%7f%0d%0a",
    "unicode direction": q("\u202eabc\u200b\ufeff"),
    "emoji": q("😀🏥"),
    "percent": "%25%25%",
    "empty": "",
}
# The quick subset (``-m "not slow"``) tries these; the whole suite tries every payload.
QUICK_PAYLOADS = {"html", "invalid utf-8"}
EVERY_PAYLOAD = [
    pytest.param(name, id=name, marks=() if name in QUICK_PAYLOADS else pytest.mark.slow)
    for name in PAYLOADS
]


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """Built once for this module's many cases, inside a transaction that is rolled back
    after its last test (each test runs in a savepoint within it, as usual)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield small_site()
        transaction.set_rollback(True)


def urls_with_parameters(site):
    """(name, path, [parameters]) for every public page and view that reads GET parameters
    (pages that read none get the usual suspects, ``sida`` and ``q``)."""
    reg = site.register.url
    register_params = ["q", "typ", "omrade", "niva", "sektion", "kommun", "status", "beslut"]
    register_params += ["sortering", "sida"]
    return [
        ("register", reg, register_params),
        ("export", f"{reg}export.csv", register_params),
        ("api", f"{reg}api/", register_params),
        ("agreement feed", f"{reg}flode/", ["sida", "q"]),
        ("agreement", site.register.agreement_url(site.agreement), ["sida", "q"]),
        ("search", "/sok/", ["q", "typ", "sida"]),
        ("site news", site.site_news.url, ["sida"]),
        ("section news", site.section_news.url, ["sida"]),
        ("news item", site.section_news_item.url, ["sida", "q"]),
        ("status reports", site.reports.url, ["sida", "ar"]),
        ("status report", site.report.url, ["sida", "q"]),
        ("status report feed", f"{site.reports.url}flode/", ["sida"]),
        ("section", site.section.url, ["sida", "q"]),
        ("county", "/lansniva/", ["sida", "q"]),
        ("group", site.group.url, ["sida", "q"]),
        ("content page", site.content_page.url, ["sida", "q"]),
        ("survey", site.survey.url, ["sida", "q"]),
        ("subscribe", "/prenumerera/", ["amne"]),
        ("subscribed", "/prenumerera/skickat/", ["amne"]),
        ("sitemap", "/sitemap.xml", ["p"]),
        ("sitemap file", "/sitemap-avtal.xml", ["p"]),
        ("home", "/", ["sida", "q"]),
        ("robots", "/robots.txt", ["q"]),
        ("site news feed", "/nyheter/flode/", ["sida"]),
        ("consultations", f"{reg}remisser/", ["sida", "q"]),
        ("municipalities", "/kommun/", ["kommun", "q"]),
        ("municipality", "/kommun/uddevalla/", ["sida", "q"]),
        ("calendar", "/kalender/", ["sektion", "typ", "sida"]),
        ("calendar feed", "/kalender/ical/", ["sektion", "typ"]),
    ]


def assert_safe(response, where):
    assert response.status_code < 500, f"{where}: {response.status_code}"
    content_type = response.get("Content-Type", "")
    body = response.getvalue()  # also for the streamed CSV export
    if "html" in content_type or "xml" in content_type:
        for marker in UNESCAPED:
            assert marker not in body, f"{where}: unescaped {marker!r}"
    elif body:
        # Anything else must say what it is, so no browser renders it as HTML.
        assert content_type.split(";")[0] in {
            "application/json",
            "text/csv",
            "text/plain",
            "text/calendar",
        }, f"{where}: {content_type}"
        assert response["X-Content-Type-Options"] == "nosniff", where


@pytest.mark.parametrize("payload", EVERY_PAYLOAD)
def test_every_parameter_of_every_public_url_survives_the_payload(client, site, payload):
    value = PAYLOADS[payload]
    for name, path, parameters in urls_with_parameters(site):
        for parameter in parameters:
            url = f"{path}?{parameter}={value}"
            assert_safe(client.get(url), f"{name} {parameter}={payload}")
        # Every parameter at once, and each of them repeated.
        everything = "&".join(f"{p}={value}&{p}=1&{p}=" for p in parameters)
        assert_safe(client.get(f"{path}?{everything}"), f"{name} all={payload}")


@pytest.mark.parametrize(
    "query",
    [
        "sida=1&sida=2&sida=x",
        "typ=avtal&typ=rutin&typ=",
        "status=alla&status=" + q(XSS),
        "q&sida&typ",
        "=&==&&&",
        "%",
        "q=%",
        "q=%zz",
        "a" * 8000 + "=1",
        "&".join(f"k{i}=v" for i in range(2_000)),
        "q[]=1&q[x]=2",
        "sida=0x10",
        "sida=%EF%BC%91",  # fullwidth digit one
        "sida=+1",
        "sida=1_000",
    ],
)
def test_odd_query_strings_on_the_register_search_and_news(client, site, query):
    reg = site.register.url
    for path in [reg, "/sok/", f"{reg}api/", site.site_news.url, site.reports.url]:
        assert_safe(client.get(f"{path}?{query}"), f"{path}?{query[:60]}")


@pytest.mark.parametrize("payload", EVERY_PAYLOAD)
def test_hostile_paths_give_not_found_not_errors(client, site, payload):
    value = PAYLOADS[payload] or "x"
    reg = site.register.url
    paths = [
        f"/{value}/",
        f"/lansniva/{value}/",
        f"{site.group.url}{value}/",
        f"{site.reports.url}{value}/",
        f"{site.section_news.url}{value}/",
        f"{reg}{value}/",
        f"{reg}api/{value}/",
        f"/prenumerera/bekrafta/{value}/",
        f"/prenumerera/avsluta/{value}/",
        f"/dokument/{value}/{value}.pdf",
        f"/dokument/1/{value}",
        f"/sok/{value}",
        f"/enkat/{value}/",
    ]
    for path in paths:
        assert_safe(client.get(path), f"GET {path[:80]}")
    assert_safe(client.post(f"/prenumerera/avsluta/{value}/"), "POST unsubscribe")


def test_documents_are_never_served_past_wagtails_privacy_check_however_the_path_is_spelled(
    client, site
):
    name = site.agreement.attachments.first().document.file.name
    assert name.startswith("documents/")
    for spelling in [name, f"./{name}", f"/{name}", f"x/../{name}", f"x/%2e%2e/{name}"]:
        assert client.get(f"/media/{spelling}").status_code == 404, spelling


def test_a_signed_looking_but_forged_token_is_refused_calmly(client):
    forged = "eyJrIjoiYWJjIn0:1u2v3w:" + "A" * 43
    for path in [f"/prenumerera/bekrafta/{forged}/", f"/prenumerera/avsluta/{forged}/"]:
        response = client.get(path)
        assert response.status_code in {400, 410}
        assert "länk" in response.content.decode().lower()


def raw_post(client, path, body):
    return client.generic("POST", path, body, content_type="application/x-www-form-urlencoded")


@pytest.mark.parametrize("payload", EVERY_PAYLOAD)
def test_the_survey_refuses_hostile_answers_with_a_form_not_an_error(site, payload):
    survey = site.survey
    value = PAYLOADS[payload]
    names = [field.clean_name for field in survey.form_fields.all()]
    names += ["referensgrupp", "referensgrupp_epost", "samtycke", "webbadress"]
    # Each field alone hostile, then all of them, each twice.
    client = Client()
    for name in names:
        response = raw_post(client, survey.url, f"{name}={value}")
        assert_safe(response, f"survey {name}={payload}")
    body = "&".join(f"{n}={value}&{n}={value}" for n in names)
    assert_safe(raw_post(client, survey.url, body), f"survey all={payload}")


@pytest.mark.parametrize("payload", EVERY_PAYLOAD)
def test_the_subscription_form_refuses_hostile_input_with_a_form(payload):
    value = PAYLOADS[payload]
    client = Client()
    for body in [
        f"epost={value}&amnen=alla",
        f"epost=anna%40example.org&amnen={value}",
        f"epost={value}&amnen={value}&amnen={value}&webbadress={value}",
    ]:
        response = raw_post(client, "/prenumerera/", body)
        assert_safe(response, f"subscribe {body[:60]}")
        assert response.status_code in {302, 400, 429}


def test_the_hostile_search_is_shown_back_escaped(client, site):
    response = client.get(f"/sok/?q={q(XSS)}")
    assert response.status_code == 200
    assert b"&lt;script&gt;" in response.content or b"script" not in response.content
    assert b"<script>alert(" not in response.content


def test_unknown_register_filter_is_named_escaped_in_a_swedish_notice(client, site):
    response = client.get(f"{site.register.url}?typ={q(XSS_ATTR)}")
    assert response.status_code == 200
    text = response.content.decode()
    assert "finns inte" in text
    assert "&quot;&gt;&lt;svg onload=alert(1)&gt;" in text


def test_a_body_that_is_not_a_form_is_refused_calmly(site):
    survey = site.survey
    client = Client()
    for content_type, body in [
        ("application/json", '{"samtycke": true}'),
        ("multipart/form-data; boundary=x", "--x\r\nbroken"),
        ("application/x-www-form-urlencoded", "%ff%fe=%ff&" * 500),
        ("text/plain", "\x00" * 100),
    ]:
        for path in [survey.url, "/prenumerera/"]:
            response = client.generic("POST", path, body, content_type=content_type)
            assert_safe(response, f"POST {path} {content_type}")


# -- hostile files from an editor's account (issue 22) -----------------------------------------


@pytest.fixture
def editor_client():
    from tests.factories.pages import kommunikator

    client = Client(raise_request_exception=False)
    client.force_login(kommunikator())
    return client


@pytest.mark.slow
def test_a_crafted_pdf_is_read_within_limits_and_marked_unreadable(editor_client):
    """264 KB on disk, 60 MB of text operators inflated: it once held the only worker at
    full CPU for more than four minutes. Now a limited child process reads it, with the
    real limits, and the document is marked "Kunde inte läsas" with a Swedish reason."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    from search.models import DocumentText
    from tests.hostile_files import inflating_pdf

    crafted = inflating_pdf(60)
    assert len(crafted) < 300 * 1024
    response = editor_client.post(
        "/admin/documents/add/",
        {
            "title": "Konstruerad PDF",
            "file": SimpleUploadedFile("konstruerad.pdf", crafted, "application/pdf"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302
    document = get_document_model().objects.get(title="Konstruerad PDF")
    entry = DocumentText.objects.get(pk=document.pk)
    assert entry.status == DocumentText.Status.FAILED
    assert "hittas på sin titel" in entry.error


def test_a_gif_script_polyglot_is_refused_with_a_form(editor_client):
    from tests.hostile_files import POLYGLOT_GIF
    from tests.test_security import upload_image

    response = upload_image(editor_client, "bild.gif", POLYGLOT_GIF)
    assert response.status_code == 200
    assert "går inte att läsa som en bild" in response.content.decode()


@pytest.mark.parametrize("kind", ["undecodable", "too many rows", "too large"])
def test_hostile_csv_files_get_a_swedish_error(tmp_path, kind, settings):
    from django.core.management import CommandError, call_command

    from agreements import importing
    from tests.hostile_files import CSV_UNDECODABLE, csv_rows

    content = {
        "undecodable": CSV_UNDECODABLE,
        "too many rows": csv_rows(importing.MAX_ROWS + 1),
        "too large": csv_rows(200, summary="x" * (importing.MAX_FILE_BYTES // 150)),
    }[kind]
    path = tmp_path / "avtal.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        call_command("import_agreements", str(path), "--dry-run", stdout=io.StringIO())
    message = str(error.value)
    assert message.startswith(("Filen kan inte läsas", "Filen har fler än", "Filen är för stor"))
