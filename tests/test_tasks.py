"""Entry points by task: the editors' short list on the home page, each task's page built
from the register's own data (what applies today in its area, contacts, groups)."""

import pytest
from bs4 import BeautifulSoup

from agreements.models import Task, TaskGroup
from tests.conftest import sitemap_entries
from tests.factories.agreements import AgreementFactory, days, document_type, register, topic
from tests.factories.pages import ContactFactory, GroupPageFactory, section

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 12


def soup_of(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return BeautifulSoup(response.content, "html.parser")


def test_setup_site_creates_the_six_common_tasks_and_the_home_page_links_them(client):
    names = list(Task.objects.values_list("name", flat=True))
    assert names == [
        "In- och utskrivning",
        "SIP",
        "Hjälpmedel",
        "Läkemedel",
        "Psykisk hälsa",
        "Barn och unga",
    ]
    home = soup_of(client, "/")
    links = {a.get_text(strip=True): a["href"] for a in home.select("#home-tasks ~ ul a")}
    assert links["SIP"] == f"{register().url}uppgift/sip/"
    assert len(links) == 6


def test_a_task_page_shows_what_applies_today_with_contacts_and_groups(client):
    area = topic("In- och utskrivning")
    contact = ContactFactory(name="Vera Kontakt", email="vera@example.org")
    AgreementFactory(
        title="Överenskommelse om utskrivning",
        topics=[area],
        document_type=document_type("Överenskommelse"),
        contact=contact,
    )
    AgreementFactory(
        title="Rutin vid utskrivning", topics=[area], document_type=document_type("Rutin")
    )
    AgreementFactory(title="Gammal rutin", topics=[area], valid_to=days(-1))
    AgreementFactory(title="Avtal om något annat", topics=[topic("SIP")])
    group = GroupPageFactory(parent=section("Fyrbodal"), title="Arbetsgrupp utskrivning")
    GroupPageFactory(parent=section("Fyrbodal"), title="Temagrupp barn")
    TaskGroup.objects.create(task=Task.objects.get(slug="in-och-utskrivning"), group=group)

    page = soup_of(client, f"{register().url}uppgift/in-och-utskrivning/")
    text = page.get_text(" ", strip=True)
    assert page.h1.get_text() == "In- och utskrivning"
    types = [h.get_text() for h in page.select("#task-agreements ~ h3")]
    assert types == ["Överenskommelse", "Rutin"]
    assert "Vera Kontakt" in text and "Gällande" in text
    assert "Gammal rutin" not in text and "Avtal om något annat" not in text
    assert [a.get_text() for a in page.select("#task-groups ~ ul a")] == [group.title]
    assert soup_of(client, f"{register().url}uppgift/finns-inte/", status=404)


def test_a_task_page_keeps_the_query_budget_and_is_in_the_sitemap(
    client, render_queries, django_assert_max_num_queries
):
    url = f"{register().url}uppgift/sip/"
    render_queries(url, QUERY_BUDGET)
    with django_assert_max_num_queries(0):
        assert client.get(url).status_code == 200
    assert f"http://localhost{url}" in sitemap_entries(client)
