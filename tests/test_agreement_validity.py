"""One validity text per agreement, the same in the register, on its page, in the CSV,
JSON and Atom exports and in the admin listing."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup

from agreements.validity import validity_text
from tests.factories.agreements import AgreementFactory, days

pytestmark = pytest.mark.django_db

ADMIN_LIST = "/admin/snippets/agreements/agreement/"


def replaced_agreement():
    old = AgreementFactory(
        title="Gammal överenskommelse",
        slug="gammal",
        valid_from=datetime.date(2012, 4, 1),
        valid_to=None,
    )
    AgreementFactory(
        title="Ny överenskommelse", slug="ny", valid_from=datetime.date(2021, 1, 1), replaces=old
    )
    return old


REPLACED_TEXT = "1 april 2012 – 31 december 2020 (därefter ersatt)"


def test_texts_for_each_kind_of_validity():
    cases = [
        ({"valid_from": datetime.date(2017, 4, 1)}, "Från 1 april 2017, tills vidare"),
        (
            {"valid_from": datetime.date(2017, 4, 1), "valid_to": datetime.date(2019, 3, 31)},
            "1 april 2017 – 31 mars 2019",
        ),
        ({"valid_from": None}, "Tills vidare"),
    ]
    for fields, text in cases:
        assert validity_text(AgreementFactory(**fields)) == text
    assert validity_text(replaced_agreement()) == REPLACED_TEXT


def test_register_detail_exports_and_admin_agree_on_a_replaced_agreement(
    client, admin_client_logged_in
):
    replaced_agreement()
    register = client.get("/avtal/", {"status": "alla"}).content.decode()
    detail = client.get("/avtal/gammal/").content.decode()
    csv_text = client.get("/avtal/export.csv", {"status": "alla"}).content.decode("utf-8-sig")
    api = json.loads(client.get("/avtal/api/", {"status": "alla"}).content)
    feed = client.get("/avtal/flode/").content.decode()
    admin = admin_client_logged_in.get(ADMIN_LIST).content.decode()
    for output in (register, detail, csv_text, feed, admin):
        assert REPLACED_TEXT in output
        assert "Från 1 april 2012, tills vidare" not in output
    by_slug = {row["slug"]: row for row in api["results"]}
    assert by_slug["gammal"]["validity"] == REPLACED_TEXT


def test_admin_listing_shows_dates_as_dates_and_the_owner(admin_client_logged_in):
    AgreementFactory(
        title="Rutin med framtida datum",
        valid_from=datetime.date(2020, 1, 1),
        valid_to=days(400),
        review_by=datetime.date(days(600).year, 3, 15),
    )
    AgreementFactory(title="Rutin tills vidare", valid_to=None)
    soup = BeautifulSoup(admin_client_logged_in.get(ADMIN_LIST).content, "html.parser")
    headers = [th.get_text(" ", strip=True) for th in soup.select("table thead th")]
    rows = {
        row.select_one("td a").get_text(strip=True): [
            td.get_text(" ", strip=True) for td in row.select("td")
        ]
        for row in soup.select("table tbody tr")
    }
    future = dict(zip(headers, rows["Rutin med framtida datum"], strict=False))
    assert "Precis nu" not in soup.get_text()
    assert future["Revideras senast"] == f"15 mars {days(600).year}"
    assert future["Gäller till"] == days(400).strftime("%-d ") + _month(days(400)) + str(
        days(400).year
    )
    assert future["Ägare (sektion)"] == "Länsnivå"
    until_further = dict(zip(headers, rows["Rutin tills vidare"], strict=False))
    assert until_further["Gäller till"] == "Tills vidare"


def _month(date):
    months = "januari februari mars april maj juni juli augusti september oktober november december"
    return months.split()[date.month - 1] + " "
