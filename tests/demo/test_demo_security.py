"""What the demo site says and sets up about security: the cookie page and the demo accounts
(moved here from tests/test_security.py and tests/test_roles.py)."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from pages.models import ContentPage, SurveyPage

pytestmark = pytest.mark.django_db


def test_the_kakor_page_tells_the_truth_about_the_form_cookie(client):
    page = ContentPage.objects.live().get(slug="kakor")
    text = BeautifulSoup(client.get(page.url).content, "html.parser").main.get_text(" ")
    assert "csrftoken" in text
    assert "stänger webbläsaren" in text
    assert SurveyPage.objects.live().exists()


def test_section_editors_are_not_in_wagtails_default_groups():
    for username in ["redaktor-fyrbodal", "redaktor-skaraborg", "kommunikator"]:
        user = get_user_model().objects.get(username=username)
        assert not user.groups.filter(name__in=["Editors", "Moderators"]).exists()
        assert not user.is_superuser
