"""No e-mail address is ever shown on a public page except the site's own contact addresses
(the contact persons and the footer's e-mail), whatever visitors have submitted.

The test builds a small site with one page of every public page type, submits the survey
with a reference-group address and subscribes two addresses (one confirmed, one not), then
fetches every public URL of the site (every live page, every agreement, the register's
exports, API and feeds, the report feed, the survey's thank-you page, the subscription
pages and site searches for the addresses) and collects every e-mail address in them.
"""

import re

import pytest
from django.core import mail
from wagtail.models import Page

from agreements.models import Agreement, AgreementIndexPage
from pages.models import Contact, StatusReportIndexPage, SurveyPage
from subscriptions.models import Subscriber
from subscriptions.topics import section_key
from tests.factories.forms import answers
from tests.factories.site import small_site

pytestmark = pytest.mark.django_db

EMAIL_PATTERN = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
SURVEY_ADDRESS = "referens.hemlig@example.org"
SUBSCRIBER_ADDRESS = "prenumerant.hemlig@example.org"
UNCONFIRMED_ADDRESS = "obekraftad.hemlig@example.org"


def public_urls(client):
    urls = set()
    for page in Page.objects.live().public().filter(depth__gte=2).specific():
        urls.add(page.url)
    register = AgreementIndexPage.objects.live().get()
    urls.update(register.agreement_url(a) for a in Agreement.objects.public())
    urls.update(
        {
            f"{register.url}export.csv",
            f"{register.url}api/",
            f"{register.url}flode/",
            "/prenumerera/",
            "/prenumerera/skickat/",
        }
    )
    urls.update(f"{index.url}flode/" for index in StatusReportIndexPage.objects.live())
    urls.update(page.thanks_url for page in SurveyPage.objects.live())
    return sorted(urls)


def test_submitted_addresses_never_appear_on_a_public_page(client):
    site = small_site()
    # A survey answer with a reference-group address.
    survey = site.survey
    sign_up = answers(survey, referensgrupp="on", referensgrupp_epost=SURVEY_ADDRESS)
    assert client.post(survey.url, sign_up).status_code == 303

    # A confirmed and an unconfirmed subscriber.
    mail.outbox.clear()
    topic = section_key(site.section.pk)
    client.post("/prenumerera/", {"amnen": [topic, "allt"], "epost": SUBSCRIBER_ADDRESS})
    confirm = re.search(r"https?://\S+/prenumerera/bekrafta/\S+/", mail.outbox[0].body).group()
    assert client.post(confirm).status_code == 200
    client.post("/prenumerera/", {"amnen": [topic], "epost": UNCONFIRMED_ADDRESS})
    assert Subscriber.objects.count() == 2

    allowed = {e.lower() for e in Contact.objects.exclude(email="").values_list("email", flat=True)}
    allowed.add(site.footer.email.lower())

    urls = public_urls(client)
    assert len(urls) > 20, "the crawl should cover every page type"
    found = {}
    # Site searches for parts of the submitted addresses, as a visitor might try. (Not the
    # whole address: the results page repeats the visitor's own query, which is no leak.)
    searches = [f"/sok/?q={q}" for q in ("example.org", "hemlig", "referens prenumerant")]
    for url in urls + searches:
        response = client.get(url)
        assert response.status_code == 200, url
        body = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        for address in EMAIL_PATTERN.findall(body):
            found.setdefault(address.lower(), set()).add(url)

    for secret in (SURVEY_ADDRESS, SUBSCRIBER_ADDRESS, UNCONFIRMED_ADDRESS):
        assert secret not in found, (secret, found.get(secret))
    not_ours = {address: pages for address, pages in found.items() if address not in allowed}
    assert not not_ours, not_ours
    # The site's own addresses are shown (the crawl really looked at footers and contacts).
    assert site.footer.email.lower() in found
    assert "sara.samordnare@example.org" in found
