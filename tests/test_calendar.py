"""The meeting calendar (/kalender/) and its iCalendar feeds, and the organisation chart."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from pages.models import GroupMeeting, GroupPage
from tests.conftest import sitemap_entries
from tests.factories.pages import (
    GroupMeetingFactory,
    GroupPageFactory,
    calendar_page,
    county,
    section,
)

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 12
TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


def soup_of(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, (url, response.status_code)
    return BeautifulSoup(response.content, "html.parser")


def meetings_in_two_sections():
    sro = GroupPageFactory(parent=county(), title="SRO", group_type=GroupPage.GroupType.POLITICAL)
    theme = GroupPageFactory(
        parent=section("Fyrbodal"), title="Temagrupp barn", group_type=GroupPage.GroupType.THEME
    )
    GroupMeetingFactory(page=sro, date=days(3), place="Regionens hus, Vänersborg")
    GroupMeetingFactory(page=theme, date=days(10), start_time=None, end_time=None, note="Digitalt")
    GroupMeetingFactory(page=theme, date=days(-5), place="Uddevalla")
    return sro, theme


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return calendar, [event for event in calendar.walk("VEVENT")]


def test_calendar_lists_coming_meetings_of_every_group_by_month(client):
    sro, theme = meetings_in_two_sections()
    page = soup_of(client, calendar_page().url)
    rows = [li.get_text(" ", strip=True) for li in page.select(".calendar__meeting")]
    assert len(rows) == 2, "past meetings are not coming meetings"
    assert "SRO" in rows[0] and "Regionens hus, Vänersborg" in rows[0] and "kl. 09.00" in rows[0]
    assert "Temagrupp barn" in rows[1] and "Fyrbodal" in rows[1] and "Digitalt" in rows[1]
    assert page.select_one(".calendar__meeting a")["href"] == sro.url


def test_calendar_filters_by_section_and_group_type_and_explains_bad_values(client):
    meetings_in_two_sections()
    url = calendar_page().url
    page = soup_of(client, url, sektion="fyrbodal")
    assert [a.get_text() for a in page.select(".calendar__meeting a")] == ["Temagrupp barn"]
    assert page.select_one("#kalender-sektion option[selected]")["value"] == "fyrbodal"
    page = soup_of(client, url, typ="politiskt_samrad")
    assert [a.get_text() for a in page.select(".calendar__meeting a")] == ["SRO"]
    page = soup_of(client, url, sektion="atlantis", typ="fikagrupp")
    notices = page.select_one(".notice").get_text(" ", strip=True)
    assert "Sektionen ”atlantis” finns inte" in notices and "Grupptypen ”fikagrupp”" in notices
    assert len(page.select(".calendar__meeting")) == 2, "the bad filters were not used"
    page = soup_of(client, url, sektion="samla")
    assert "Inga kommande möten är inlagda för det du valt" in page.get_text(" ", strip=True)


def test_ical_feeds_for_all_a_section_and_a_group_parse_back(client):
    sro, theme = meetings_in_two_sections()
    calendar_url = calendar_page().url
    calendar, events = parse(client.get(f"{calendar_url}ical/"))
    assert str(calendar["VERSION"]) == "2.0"
    assert {str(e["SUMMARY"]) for e in events} == {"SRO", "Temagrupp barn"}
    assert len(events) == 3, "a meeting held recently stays in subscribers' calendars"
    timed = next(e for e in events if str(e["SUMMARY"]) == "SRO")
    start = timed.decoded("DTSTART")
    assert start.date() == days(3) and start.hour == 9 and str(start.tzinfo) == "Europe/Stockholm"
    assert timed.decoded("DTEND").hour == 11
    assert str(timed["LOCATION"]) == "Regionens hus, Vänersborg"
    assert str(timed["URL"]).endswith(sro.url)
    all_day = next(e for e in events if e.decoded("DTSTART") == days(10))
    assert not isinstance(all_day.decoded("DTSTART"), datetime.datetime)
    assert calendar.walk("VTIMEZONE"), "the time zone is described for calendar programs"
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == 3

    _, fyrbodal = parse(client.get(f"{calendar_url}sektion/fyrbodal/ical/"))
    assert {str(e["SUMMARY"]) for e in fyrbodal} == {"Temagrupp barn"}
    _, group = parse(client.get(f"{calendar_url}grupp/{sro.pk}/ical/"))
    assert [str(e["SUMMARY"]) for e in group] == ["SRO"]
    assert client.get(f"{calendar_url}grupp/999999/ical/").status_code == 404
    assert client.get(f"{calendar_url}sektion/atlantis/ical/").status_code == 404


def test_group_pages_link_their_feed(client):
    sro, _ = meetings_in_two_sections()
    page = soup_of(client, sro.url)
    link = page.find("a", string="Prenumerera på gruppens möten i din kalender (iCalendar)")
    assert link["href"] == f"{calendar_page().url}grupp/{sro.pk}/ical/"


def test_a_meeting_added_in_the_admin_is_in_the_feeds_on_the_next_request(
    client, admin_client_logged_in
):
    group = GroupPageFactory(parent=section("Skaraborg"), title="Ledningsgrupp Skaraborg")
    GroupMeetingFactory(page=group, date=days(7))
    feed_url = f"{calendar_page().url}ical/"
    group_feed = f"{calendar_page().url}grupp/{group.pk}/ical/"
    for url in (feed_url, group_feed, calendar_page().url):
        client.get(url)  # cached now
    existing = group.meetings.get()
    data = nested_form_data(
        {
            "title": group.title,
            "slug": group.slug,
            "group_type": group.group_type,
            "intro": group.intro,
            "mandate": rich_text(group.mandate),
            "contact": "",
            "members": inline_formset([]),
            "meetings": inline_formset(
                [
                    {
                        "id": existing.pk,
                        "date": existing.date.isoformat(),
                        "start_time": "09:00",
                        "end_time": "11:00",
                        "place": existing.place,
                        "note": "",
                    },
                    {
                        "date": days(21).isoformat(),
                        "start_time": "13:00",
                        "end_time": "15:00",
                        "place": "Skövde, Stadshuset",
                        "note": "Nytt möte",
                    },
                ]
            ),
            "documents": inline_formset([]),
            "meeting_frequency": "",
            "last_reviewed": "",
            "action-publish": "action-publish",
        }
    )
    response = admin_client_logged_in.post(
        reverse("wagtailadmin_pages:edit", args=[group.pk]), data
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert GroupMeeting.objects.filter(page=group, place="Skövde, Stadshuset").exists()
    for url in (feed_url, group_feed):
        _, events = parse(client.get(url))
        assert "Skövde, Stadshuset" in {str(e.get("LOCATION")) for e in events}, url
    page = soup_of(client, calendar_page().url)
    assert "Skövde, Stadshuset" in page.get_text()


def test_calendar_and_feeds_keep_the_query_budget_and_come_from_the_cache(
    client, render_queries, django_assert_max_num_queries
):
    sro, _ = meetings_in_two_sections()
    url = calendar_page().url
    for path, params in (
        (url, {}),
        (url, {"sektion": "fyrbodal", "typ": "temagrupp"}),
        (f"{url}ical/", {}),
        (f"{url}sektion/fyrbodal/ical/", {}),
        (f"{url}grupp/{sro.pk}/ical/", {}),
    ):
        render_queries(path, QUERY_BUDGET, **params)
        with django_assert_max_num_queries(0, info=path):
            assert client.get(path, params).status_code == 200


def test_calendar_is_in_the_sitemap(client):
    assert f"http://localhost{calendar_page().url}" in sitemap_entries(client)


# -- the organisation chart ------------------------------------------------------------------


def test_county_page_shows_the_whole_organisation_as_a_chart_of_links(client):
    GroupPageFactory(parent=county(), title="VVG", group_type=GroupPage.GroupType.MANAGEMENT)
    GroupPageFactory(
        parent=section("Fyrbodal"), title="DPS Fyrbodal", group_type=GroupPage.GroupType.POLITICAL
    )
    GroupPageFactory(
        parent=section("SAMLA"), title="Tema SAMLA", group_type=GroupPage.GroupType.THEME
    )
    page = soup_of(client, county().url)
    chart = page.select_one(".org-chart")
    sections = [a.get_text(" ", strip=True) for a in chart.select("a.org-box--section")]
    assert sections[0] == "Länsnivå" and len(sections) == 7
    assert chart.select_one("a.org-box--section[aria-current=page]").get_text() == "Länsnivå"
    groups = [a.get_text(strip=True) for a in chart.select(".org-chart__groups a")]
    assert {"VVG", "DPS Fyrbodal", "Tema SAMLA"} <= set(groups)
    types = [s.get_text(strip=True) for s in chart.select(".org-chart__type-label")]
    assert "Ledningsgrupp" in types and "Temagrupp" in types
    # Every box is a link (nothing in the chart is a box without one).
    assert all(box.name == "a" and box.get("href") for box in chart.select(".org-box"))


def test_a_subregion_page_shows_its_own_groups_and_the_others_in_short(client):
    GroupPageFactory(
        parent=section("Fyrbodal"), title="DPS Fyrbodal", group_type=GroupPage.GroupType.POLITICAL
    )
    GroupPageFactory(
        parent=section("Skaraborg"), title="DPS Skaraborg", group_type=GroupPage.GroupType.POLITICAL
    )
    chart = soup_of(client, section("Fyrbodal").url).select_one(".org-chart")
    groups = [a.get_text(strip=True) for a in chart.select(".org-chart__groups a")]
    assert "DPS Fyrbodal" in groups and "DPS Skaraborg" not in groups
    skaraborg = next(a for a in chart.select("a.org-box--section") if "Skaraborg" in a.get_text())
    assert "(1 grupp)" in skaraborg.get_text(" ", strip=True)


def test_a_long_list_of_groups_is_summarised_with_a_link(client):
    fyrbodal = section("Fyrbodal")
    for n in range(10):
        GroupPageFactory(
            parent=fyrbodal, title=f"Närvårdsgrupp {n}", group_type=GroupPage.GroupType.LOCAL
        )
    chart = soup_of(client, fyrbodal.url).select_one(".org-chart")
    more = chart.select_one(".org-box--more")
    assert more.get_text(strip=True) == "och 2 till i Fyrbodal" and more["href"] == fyrbodal.url


def test_the_page_lists_the_coming_year_and_the_feed_every_future_meeting(client):
    group = GroupPageFactory(parent=section("SIMBA"), title="Samordningsgrupp SIMBA")
    GroupMeetingFactory(page=group, date=days(400), place="Långt fram")
    page = soup_of(client, calendar_page().url)
    assert "Långt fram" not in page.get_text()
    _, events = parse(client.get(f"{calendar_page().url}ical/"))
    assert "Långt fram" in {str(e.get("LOCATION")) for e in events}
