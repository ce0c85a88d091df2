"""Editors keep Wagtail's built-in content checker (axe-core) on the public pages: it runs
under the strict Content-Security-Policy and finds nothing to complain about."""

import pytest

from .targets import PAGES_BY_NAME

PASSWORD = "x-test-password-1"  # noqa: S105


@pytest.mark.django_db(transaction=True)  # the login is written by the live server
def test_logged_in_editor_gets_the_content_checker_on_a_public_page(visit, django_user_model):
    django_user_model.objects.create_superuser("redaktor", "redaktor@example.org", PASSWORD)
    page = visit("/admin/login/")
    page.fill("#id_username", "redaktor")
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url("**/admin/")

    page.goto(PAGES_BY_NAME["group"].url())
    count = page.locator("wagtail-userbar [data-content-checker-count]").first
    page.wait_for_function(
        "() => document.querySelector('wagtail-userbar').shadowRoot"
        ".querySelector('[data-content-checker-count]').textContent !== ''"
    )
    assert count.text_content() == "0", "Wagtail's checker reports problems on the page"
