"""Wagtail's built-in accessibility checker (axe-core) stays on for editors: in the userbar
on every public page and in the page editor's "Kontroller" panel beside the preview.
Visitors never get the userbar. (tests/browser/test_content_checker.py runs it for real.)"""

import json

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.models import GroupPagePermission

from tests.factories.pages import NewsPageFactory, news_index, section

pytestmark = pytest.mark.django_db

# Rules Wagtail's checker runs on editors' content; losing any of them would hide mistakes
# the StreamField blocks cannot prevent (empty headings, skipped levels, link text).
CHECKER_RULES = {"empty-heading", "heading-order", "link-name", "button-name", "p-as-heading"}


@pytest.fixture
def editor(django_user_model):
    """An editor of one section, with no more rights than the admin and that section."""
    group = Group.objects.create(name="Redaktör – testsektion")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group, page=section("Fyrbodal"), permission_type="change"
    )
    user = django_user_model.objects.create_user("redaktor", "redaktor@example.org", "x-pw-1")
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


def checker_configuration(html):
    script = BeautifulSoup(html, "html.parser").find("script", id="checker-axe-configuration")
    assert script is not None, "the content checker is not on the page"
    return json.loads(script.string)


def test_editor_gets_the_userbar_with_the_checker_on_a_public_page(editor):
    response = editor.get(section("Fyrbodal").url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<wagtail-userbar>" in html
    config = checker_configuration(html)
    assert CHECKER_RULES <= set(config["options"]["runOnly"])
    assert config["context"]["include"] == ["body"]


def test_visitors_get_no_userbar(client):
    html = client.get(section("Fyrbodal").url).content.decode()
    assert "wagtail-userbar" not in html and "checker-axe-configuration" not in html


def test_page_editor_has_the_checks_panel_beside_the_preview(editor):
    news = NewsPageFactory(parent=news_index(section("Fyrbodal")))
    response = editor.get(f"/admin/pages/{news.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-side-panel="preview"' in html and 'data-side-panel="checks"' in html
    assert CHECKER_RULES <= set(checker_configuration(html)["options"]["runOnly"])
