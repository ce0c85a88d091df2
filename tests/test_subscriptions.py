"""E-mail subscriptions: double opt-in, a daily digest of what was published in what one
follows, one-click unsubscribe, clean-up of unconfirmed addresses, spam protection and
the admin's counts per topic. Mail goes to Django's in-memory outbox."""

import datetime
import email.policy
import io
import re
import time
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from core.antispam import HONEYPOT_FIELD
from subscriptions import tokens
from subscriptions.models import Subscriber
from subscriptions.topics import reports_key, section_key
from subscriptions.views import ADDRESS_LIMIT
from tests.factories.agreements import AgreementFactory
from tests.factories.pages import (
    NewsPageFactory,
    StatusReportIndexPageFactory,
    StatusReportPageFactory,
    UserFactory,
    county,
    editor,
    kommunikator,
    news_index,
    section,
)

pytestmark = pytest.mark.django_db

SUBSCRIBE_URL = "/prenumerera/"
ADDRESS = "anna.prenumerant@example.org"
QUERY_BUDGET = 12


# -- helpers ----------------------------------------------------------------------------------


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def subscribe(client, *keys, email=ADDRESS, **extra):
    return client.post(SUBSCRIBE_URL, {"amnen": list(keys), "epost": email, **extra})


def links(message):
    return re.findall(r"https?://\S+", message.body)


def path_of(url):
    return urlsplit(url).path


def link_to(message, part):
    return next(path_of(url) for url in links(message) if part in url)


def publish_news(section_page, title):
    return NewsPageFactory(parent=news_index(section_page), title=title)


def run_digest():
    mail.outbox.clear()
    call_command("send_digests", stdout=io.StringIO())
    return list(mail.outbox)


def confirmed_subscriber(client, *keys, email=ADDRESS):
    mail.outbox.clear()
    assert subscribe(client, *keys, email=email).status_code == 302
    (message,) = mail.outbox
    assert client.post(link_to(message, "/bekrafta/")).status_code == 200
    mail.outbox.clear()
    return Subscriber.objects.get(email=email)


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


class BackdatedSigner(signing.TimestampSigner):
    """Signs as if it were a while ago: a genuine link that has expired."""

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - tokens.CONFIRM_MAX_AGE - 60)


# -- the whole flow -----------------------------------------------------------------------------


def test_whole_flow_subscribe_confirm_digest_unsubscribe(client):
    fyrbodal, skaraborg = section("Fyrbodal"), section("Skaraborg")
    mail.outbox.clear()

    # Subscribe to Fyrbodal: a confirmation mail, nothing followed yet.
    response = subscribe(client, section_key(fyrbodal.pk))
    assert response.status_code == 302
    assert response["Location"] == "/prenumerera/skickat/"
    assert "Bekräfta i din e-post" in client.get(response["Location"]).content.decode()
    (confirmation,) = mail.outbox
    assert confirmation.to == [ADDRESS]
    assert "Fyrbodal" in confirmation.body
    assert confirmation.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(
        r"<https?://\S+/prenumerera/avsluta/\S+/>", confirmation.extra_headers["List-Unsubscribe"]
    )
    subscriber = Subscriber.objects.get(email=ADDRESS)
    assert not subscriber.is_confirmed

    # Unconfirmed addresses get no digest.
    publish_news(fyrbodal, "Nyhet före bekräftelsen")
    assert run_digest() == []

    # The link opens a page with a button: opening it (as a mail scanner does) confirms
    # nothing.
    link = link_to(confirmation, "/bekrafta/")
    page = client.get(link)
    assert page.status_code == 200
    form = soup_of(page).select_one(f"form[method=post][action='{link}']")
    assert form.button.get_text(strip=True) == "Bekräfta prenumerationen"
    subscriber.refresh_from_db()
    assert not subscriber.is_confirmed
    # Confirmed by the button.
    page = client.post(link)
    assert page.status_code == 200
    text = soup_of(page).get_text(" ", strip=True)
    assert "Din prenumeration är bekräftad" in text and "Fyrbodal" in text
    subscriber.refresh_from_db()
    assert subscriber.is_confirmed
    assert list(subscriber.sections.all()) == [fyrbodal]

    # Nothing published since confirming: no mail at all.
    assert run_digest() == []

    # Something published in Fyrbodal: one digest with it.
    news = publish_news(fyrbodal, "Fyrbodal inför nya rutiner")
    (digest,) = run_digest()
    assert digest.to == [ADDRESS]
    assert "Fyrbodal inför nya rutiner" in digest.body
    assert news.get_full_url() in digest.body
    assert "Nyhet före bekräftelsen" not in digest.body
    assert digest.extra_headers["List-Unsubscribe"].startswith("<http")
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # As sent: the header is one plain line (not folded into RFC 2047 encoded words).
    raw = digest.message(policy=email.policy.SMTP).as_bytes().decode()
    assert re.search(r"^List-Unsubscribe: <https?://\S+/avsluta/\S+/>\r?$", raw, re.M)
    assert re.search(r"^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r?$", raw, re.M)

    # Something published in another section only: no mail. Nor is the old news repeated.
    publish_news(skaraborg, "Skaraborg har möte om SIP")
    assert run_digest() == []

    # Unsubscribe by the link in the digest: a page with one button, then gone.
    unsubscribe_path = link_to(digest, "/avsluta/")
    assert path_of(digest.extra_headers["List-Unsubscribe"].strip("<>")) == unsubscribe_path
    page = client.get(unsubscribe_path)
    assert page.status_code == 200
    assert soup_of(page).select_one(f"form[method=post][action='{unsubscribe_path}'] button")
    assert Subscriber.objects.filter(email=ADDRESS).exists()  # a GET alone changes nothing
    done = client.post(unsubscribe_path)
    assert done.status_code == 200
    assert "Prenumerationen är avslutad" in done.content.decode()
    assert not Subscriber.objects.filter(email=ADDRESS).exists()

    # Nothing after that.
    publish_news(fyrbodal, "Fyrbodal efter avslutet")
    assert run_digest() == []

    # The old link still answers clearly.
    again = client.get(unsubscribe_path)
    assert again.status_code == 200
    assert "redan avslutad" in again.content.decode()


def test_one_click_unsubscribe_from_a_mail_program_needs_no_csrf_token():
    subscriber = confirmed_subscriber(Client(), section_key(section("SIMBA").pk))
    url = f"/prenumerera/avsluta/{tokens.unsubscribe_token(subscriber)}/"
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Subscriber.objects.filter(pk=subscriber.pk).exists()


def test_report_series_and_agreement_register_topics(client):
    index = StatusReportIndexPageFactory()
    subscriber = confirmed_subscriber(client, reports_key(index.pk), "avtal")
    StatusReportPageFactory(parent=index, title="Lägesrapport för test")
    agreement = AgreementFactory(title="Nytt avtal om hemsjukvård", section=section("SAMLA"))
    publish_news(section("SAMLA"), "Nyhet som ingen av dem följer")

    (digest,) = run_digest()
    assert "LÄGESRAPPORTER: KOMMUN-FVM" in digest.body
    assert "Lägesrapport för test (lägesrapport, ny)" in digest.body
    assert "AVTAL OCH ÖVERENSKOMMELSER" in digest.body
    assert f"{agreement.title} (avtal, ny)" in digest.body
    assert f"/avtal/{agreement.slug}/" in digest.body
    assert "Nyhet som ingen av dem följer" not in digest.body
    subscriber.refresh_from_db()
    assert subscriber.last_digest_at is not None


def test_a_section_brings_its_agreements_and_each_item_comes_once(client):
    reports = StatusReportIndexPageFactory(parent=county())
    confirmed_subscriber(
        client,
        reports_key(reports.pk),
        section_key(county().pk),
        section_key(section("Fyrbodal").pk),
    )
    StatusReportPageFactory(parent=reports, title="Rapport i två ämnen")
    AgreementFactory(title="Avtal i Fyrbodal", section=section("Fyrbodal"))
    AgreementFactory(title="Avtal i Skaraborg", section=section("Skaraborg"))
    (digest,) = run_digest()
    # The report is listed once, under its series (the first topic it belongs to).
    assert digest.body.count("Rapport i två ämnen") == 1
    assert digest.body.index("LÄGESRAPPORTER: KOMMUN-FVM") < digest.body.index("Rapport i två")
    assert "LÄNSNIVÅ" not in digest.body
    assert digest.body.index("FYRBODAL") < digest.body.index("Avtal i Fyrbodal (avtal, ny)")
    assert "Avtal i Skaraborg" not in digest.body


def test_whole_site_topic_gets_everything_once(client):
    confirmed_subscriber(client, "allt", section_key(section("Fyrbodal").pk))
    publish_news(section("Fyrbodal"), "Fyrbodal nyhet för alla")
    publish_news(section("SAMLA"), "SAMLA nyhet för alla")
    (digest,) = run_digest()
    assert digest.body.count("Fyrbodal nyhet för alla") == 1
    assert "SAMLA nyhet för alla" in digest.body


# -- links that do not work ------------------------------------------------------------------


def test_tampered_confirmation_link_gives_a_clear_swedish_message(client):
    mail.outbox.clear()
    subscribe(client, section_key(section("Fyrbodal").pk))
    good = link_to(mail.outbox[0], "/bekrafta/")
    token = good.rstrip("/").rsplit("/", 1)[1]
    tampered = good.replace(token, token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"))
    response = client.get(tampered)
    assert response.status_code == 400
    soup = soup_of(response)
    assert soup.h1.get_text(strip=True) == "Länken fungerar inte"
    assert soup.select_one("a[href='/prenumerera/']")
    assert not Subscriber.objects.get(email=ADDRESS).is_confirmed
    # Garbage and a link of the other kind are refused the same way.
    assert client.get("/prenumerera/bekrafta/inte-en-riktig-lank/").status_code == 400
    subscriber = Subscriber.objects.get(email=ADDRESS)
    unsubscribe_token = tokens.unsubscribe_token(subscriber)
    assert client.get(f"/prenumerera/bekrafta/{unsubscribe_token}/").status_code == 400
    assert client.get("/prenumerera/avsluta/fel:token/").status_code == 400


def test_expired_confirmation_link_gives_a_clear_swedish_message(client):
    subscriber = Subscriber.objects.create(email=ADDRESS)
    keys = [section_key(section("Fyrbodal").pk)]
    old = tokens.confirm_token(subscriber, keys, signer=BackdatedSigner(salt=tokens.CONFIRM_SALT))
    response = client.get(f"/prenumerera/bekrafta/{old}/")
    assert response.status_code == 410
    soup = soup_of(response)
    assert soup.h1.get_text(strip=True) == "Länken har slutat gälla"
    assert "Anmäl dig igen" in soup.get_text()
    subscriber.refresh_from_db()
    assert not subscriber.is_confirmed
    # The same token signed now works.
    fresh = tokens.confirm_token(subscriber, keys)
    assert client.get(f"/prenumerera/bekrafta/{fresh}/").status_code == 200


def test_link_for_an_address_that_was_removed(client):
    subscriber = Subscriber.objects.create(email=ADDRESS)
    token = tokens.confirm_token(subscriber, [section_key(section("Fyrbodal").pk)])
    subscriber.delete()
    response = client.get(f"/prenumerera/bekrafta/{token}/")
    assert response.status_code == 410
    assert "Länken gäller inte längre" in response.content.decode()


# -- the form --------------------------------------------------------------------------------


def test_subscribe_page_lists_topics_and_preselects_from_the_link(client):
    StatusReportIndexPageFactory(title="Kommun-FVM")
    fyrbodal = section("Fyrbodal")
    response = client.get(
        SUBSCRIBE_URL, {"amne": [section_key(fyrbodal.pk), "nonsens", "sektion-x"]}
    )
    assert response.status_code == 200
    soup = soup_of(response)
    checked = [i["value"] for i in soup.select("input[name=amnen][checked]")]
    assert checked == [section_key(fyrbodal.pk)]
    labels = [label.get_text(" ", strip=True) for label in soup.select("fieldset label")]
    for name in [
        "Allt som publiceras",
        "Avtal och överenskommelser",
        "Fyrbodal",
        "SAMLA",
        "Kommun-FVM",
    ]:
        assert any(name in label for label in labels), name
    email = soup.select_one("input[name=epost]")
    assert soup.select_one(f"label[for={email['id']}]")
    assert email["autocomplete"] == "email"
    assert not [s for s in soup.select("script") if not s.get("src")]


def test_subscribe_page_query_count(client, django_assert_max_num_queries):
    StatusReportIndexPageFactory()
    with django_assert_max_num_queries(QUERY_BUDGET):
        assert client.get(SUBSCRIBE_URL).status_code == 200


@pytest.mark.parametrize(
    "keys, email, field, message",
    [
        ([], ADDRESS, "id_amnen", "Välj minst ett alternativ att följa."),
        (["allt"], "", "id_epost", "Skriv din e-postadress."),
        (
            ["allt"],
            "inte en adress",
            "id_epost",
            "Skriv e-postadressen i formatet namn@exempel.se.",
        ),
        (["sektion-999999"], ADDRESS, "id_amnen", "finns inte längre"),
    ],
)
def test_invalid_subscription_is_refused_with_messages_tied_to_fields(
    client, keys, email, field, message
):
    mail.outbox.clear()
    response = subscribe(client, *keys, email=email)
    assert response.status_code == 400
    soup = soup_of(response)
    target = (
        soup.select_one(f"#{field}")
        if field == "id_epost"
        else soup.select_one("fieldset.topic-choice")
    )
    error_id = next(i for i in target["aria-describedby"].split() if i.endswith("_error"))
    assert message in soup.select_one(f"#{error_id}").get_text()
    assert soup.select_one("#felsammanfattning")
    assert mail.outbox == [] and not Subscriber.objects.exists()


def test_honeypot_refuses_visibly_and_sends_nothing(client):
    mail.outbox.clear()
    response = subscribe(client, "allt", **{HONEYPOT_FIELD: "spam"})
    assert response.status_code == 400
    assert "verkar ha fyllts i automatiskt" in response.content.decode()
    assert mail.outbox == [] and not Subscriber.objects.exists()


def test_rate_limit_per_address_says_so_and_keeps_what_was_typed(client):
    mail.outbox.clear()
    for _ in range(ADDRESS_LIMIT.limit):
        assert subscribe(client, "allt").status_code == 302
    response = subscribe(client, "allt")
    assert response.status_code == 429
    assert "Retry-After" in response
    soup = soup_of(response)
    assert "flera bekräftelsemejl" in soup.select_one("#felsammanfattning").get_text()
    assert soup.select_one("input[name=epost]")["value"] == ADDRESS
    assert len(mail.outbox) == ADDRESS_LIMIT.limit


def test_an_existing_subscriber_is_not_revealed_and_changes_need_confirmation(client):
    fyrbodal, samla = section("Fyrbodal"), section("SAMLA")
    subscriber = confirmed_subscriber(client, section_key(fyrbodal.pk))
    response = subscribe(client, section_key(samla.pk), email=ADDRESS.upper())
    assert response.status_code == 302 and response["Location"] == "/prenumerera/skickat/"
    (message,) = mail.outbox
    assert "vill ändra" in message.body
    subscriber.refresh_from_db()
    assert list(subscriber.sections.all()) == [fyrbodal]  # unchanged until confirmed
    client.post(link_to(message, "/bekrafta/"))
    assert list(subscriber.sections.all()) == [samla]
    assert Subscriber.objects.count() == 1


def test_unconfirmed_addresses_are_deleted_after_three_days():
    now = timezone.now()
    stale = Subscriber.objects.create(email="gammal@example.org")
    fresh = Subscriber.objects.create(email="ny@example.org")
    old_but_confirmed = Subscriber.objects.create(email="trogen@example.org", confirmed_at=now)
    Subscriber.objects.filter(pk__in=[stale.pk, old_but_confirmed.pk]).update(
        requested_at=now - datetime.timedelta(days=tokens.CONFIRM_MAX_AGE_DAYS, hours=1)
    )
    Subscriber.objects.filter(pk=fresh.pk).update(requested_at=now - datetime.timedelta(days=2))
    out = io.StringIO()
    call_command("delete_unconfirmed_subscribers", stdout=out)
    assert "Raderade 1 obekräftade adresser" in out.getvalue()
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "ny@example.org",
        "trogen@example.org",
    }


# -- links from other pages ----------------------------------------------------------------------


def test_report_index_and_sections_link_to_the_subscription(client):
    index = StatusReportIndexPageFactory()
    soup = soup_of(client.get(index.url))
    assert soup.select_one(f"a[href='/prenumerera/?amne={reports_key(index.pk)}']")
    # The section panel comes through the section_page_panels hook.
    fyrbodal = section("Fyrbodal")
    soup = soup_of(client.get(fyrbodal.url))
    panel = soup.select_one("section.follow-box")
    assert panel.h2.get_text(strip=True) == "Följ Fyrbodal via e-post"
    assert panel.select_one(f"a[href='/prenumerera/?amne={section_key(fyrbodal.pk)}']")
    assert soup.select_one("footer a[href='/prenumerera/']")


# -- the admin -------------------------------------------------------------------------------------

STATS_URL = "/admin/prenumeranter-per-amne/"
LIST_URL = "/admin/prenumeranter/"


@pytest.fixture
def some_subscribers():
    now = timezone.now()
    fyrbodal, samla = section("Fyrbodal"), section("SAMLA")
    made = []
    for n, followed in enumerate([fyrbodal, fyrbodal, samla]):
        subscriber = Subscriber.objects.create(email=f"person{n}@example.org", confirmed_at=now)
        subscriber.sections.set([followed])
        made.append(subscriber)
    Subscriber.objects.create(email="obekraftad@example.org").sections.set([fyrbodal])
    made[0].all_content = True
    made[0].save()
    return made


@pytest.fixture
def plain_staff():
    """A user who may log in to the admin and nothing more."""
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user, logged_in(user)


def count_for(soup, label):
    row = next(th for th in soup.select("tbody th") if th.get_text(strip=True) == label)
    return int(row.find_next_sibling("td").get_text(strip=True))


def test_superuser_sees_counts_per_topic_without_addresses(
    admin_client_logged_in, some_subscribers
):
    response = admin_client_logged_in.get(STATS_URL)
    assert response.status_code == 200
    soup = soup_of(response)
    assert count_for(soup, "Fyrbodal") == 2
    assert count_for(soup, "SAMLA") == 1
    assert count_for(soup, "Skaraborg") == 0
    assert count_for(soup, "Allt som publiceras på webbplatsen") == 1
    assert soup.select_one("[data-total]").get_text(strip=True) == "3"
    assert soup.select_one("[data-unconfirmed]").get_text(strip=True) == "1"
    assert "@example.org" not in soup.select_one("main").get_text()
    # The superuser may also open the address list (to delete one on request) ...
    listing = admin_client_logged_in.get(LIST_URL)
    assert listing.status_code == 200
    assert "person0@example.org" in listing.content.decode()
    # ... but nobody adds or edits an address in the admin.
    assert admin_client_logged_in.get(f"{LIST_URL}new/").status_code != 200
    assert (
        admin_client_logged_in.get(f"{LIST_URL}edit/{some_subscribers[0].pk}/").status_code != 200
    )
    delete = admin_client_logged_in.post(f"{LIST_URL}delete/{some_subscribers[1].pk}/")
    assert delete.status_code == 302
    assert not Subscriber.objects.filter(pk=some_subscribers[1].pk).exists()


def test_staff_without_permission_sees_neither_counts_nor_addresses(plain_staff, some_subscribers):
    user, client = plain_staff
    for url in (STATS_URL, LIST_URL, f"{LIST_URL}inspect/{some_subscribers[0].pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "person0@example.org" not in response.content.decode()
    home = client.get("/admin/")
    assert home.status_code == 200
    assert STATS_URL not in home.content.decode() and LIST_URL not in home.content.decode()


def test_statistics_permission_alone_shows_counts_but_no_addresses(plain_staff, some_subscribers):
    user, client = plain_staff
    user.user_permissions.add(Permission.objects.get(codename="view_subscription_statistics"))
    assert client.get(STATS_URL).status_code == 200
    response = client.get(LIST_URL)
    assert response.status_code in (302, 403)
    assert "person0@example.org" not in response.content.decode()


def test_kommunikator_role_sees_counts_and_addresses_section_editor_neither(some_subscribers):
    communicator = logged_in(kommunikator())
    assert communicator.get(STATS_URL).status_code == 200
    listing = communicator.get(LIST_URL)
    assert listing.status_code == 200 and "person0@example.org" in listing.content.decode()

    fyrbodal_editor = logged_in(editor(section("Fyrbodal")))
    for url in (STATS_URL, LIST_URL):
        response = fyrbodal_editor.get(url)
        assert response.status_code in (302, 403), url
        assert "person0@example.org" not in response.content.decode()
