"""The page tree can only be built as the design says (DESIGN.md section 3)."""

import pytest
from wagtail.models import Page

from pages.models import (
    AccessibilityStatementPage,
    ContentPage,
    GroupPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    SectionPage,
)
from tests.factories.pages import (
    ContentPageFactory,
    GroupPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    home,
    section,
)

pytestmark = pytest.mark.django_db

ALLOWED = [
    (SectionPage, HomePage),
    (NewsIndexPage, HomePage),
    (ContentPage, HomePage),
    (GroupPage, SectionPage),
    (ContentPage, SectionPage),
    (ContentPage, ContentPage),
    (NewsPage, NewsIndexPage),
    (AccessibilityStatementPage, HomePage),
    (AccessibilityStatementPage, ContentPage),
]
FORBIDDEN = [
    (SectionPage, NewsPage),
    (SectionPage, SectionPage),
    (SectionPage, ContentPage),
    (GroupPage, HomePage),
    (GroupPage, GroupPage),
    (NewsPage, SectionPage),
    (NewsPage, HomePage),
    (ContentPage, NewsPage),
    (ContentPage, GroupPage),
    (HomePage, SectionPage),
    (AccessibilityStatementPage, SectionPage),
    (AccessibilityStatementPage, NewsPage),
]
# A live page of each type to try to add below.
PARENTS = {
    HomePage: home,
    SectionPage: section,
    ContentPage: ContentPageFactory,
    GroupPage: GroupPageFactory,
    NewsPage: NewsPageFactory,
}


@pytest.mark.parametrize(("child", "parent"), ALLOWED)
def test_allowed_parent_child_pairs(child, parent):
    assert child in parent.allowed_subpage_models()
    assert parent in child.allowed_parent_page_models()


@pytest.mark.parametrize(("child", "parent"), FORBIDDEN)
def test_forbidden_parent_child_pairs(child, parent):
    assert child not in parent.allowed_subpage_models()
    assert not child.can_create_at(PARENTS[parent]())


def test_admin_refuses_a_section_under_a_news_page(admin_client_logged_in):
    news = NewsPageFactory()
    before = Page.objects.count()
    url = f"/admin/pages/add/pages/sectionpage/{news.pk}/"
    response = admin_client_logged_in.get(url, follow=True)
    assert response.redirect_chain, "the add form must not be shown"
    assert "saknar rättigheter" in response.content.decode()
    admin_client_logged_in.post(url, {"title": "Olaglig sektion", "slug": "olaglig"})
    assert Page.objects.count() == before


def test_admin_offers_only_allowed_types_under_a_section(admin_client_logged_in):
    response = admin_client_logged_in.get(f"/admin/pages/{section().pk}/add_subpage/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/admin/pages/add/pages/grouppage/" in html
    assert "/admin/pages/add/pages/sectionpage/" not in html
    assert "/admin/pages/add/pages/newspage/" not in html


def test_only_one_home_page_can_exist():
    assert not HomePage.can_create_at(Page.get_first_root_node())


def test_a_section_has_at_most_one_news_index():
    fyrbodal = section("Fyrbodal")
    assert NewsIndexPage.can_create_at(fyrbodal)
    NewsIndexPageFactory(parent=fyrbodal)
    assert not NewsIndexPage.can_create_at(fyrbodal)
