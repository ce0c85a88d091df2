"""Issue 22: a section editor never sees a title, log entry or report row of another
section's unpublished agreement or page, through any admin URL (the chooser views, the
bulk-delete confirmation, the workflow reports, the site history, the page chooser and the
admin page search). Everything goes through the real admin URLs."""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories.pages import ContentPageFactory, section
from tests.test_roles import (
    SNIPPETS,
    agreement_edit_data,
    boss,  # noqa: F401  (fixtures)
    fyrbodal_editor,  # noqa: F401
    subregional_agreement,
)

pytestmark = pytest.mark.django_db

SECRET = "Hemligt utkast i Skaraborg"


def text(response):
    """What the admin shows: a modal's HTML is inside a JSON answer (ä as an escape)."""
    if response["Content-Type"].startswith("application/json"):
        return str(response.json())
    return response.content.decode()


@pytest.fixture
def skaraborg_draft(db):
    return subregional_agreement("Skaraborg", publish=False, title=SECRET)


@pytest.fixture
def skaraborg_in_moderation(boss, skaraborg_draft):  # noqa: F811
    """Skaraborg's draft, submitted for approval (by the kommunikatör, through the admin)."""
    response = boss.post(
        f"{SNIPPETS}edit/{skaraborg_draft.pk}/",
        agreement_edit_data(skaraborg_draft, **{"action-submit": "submit"}),
    )
    assert response.status_code == 302
    return skaraborg_draft


def test_agreement_chooser_does_not_answer_with_another_sections_title(
    fyrbodal_editor,  # noqa: F811
    skaraborg_draft,
):
    own = subregional_agreement("Fyrbodal", publish=False, title="Eget utkast i Fyrbodal")
    chosen = "/admin/snippets/choose/agreements/agreement/chosen/"
    response = fyrbodal_editor.get(f"{chosen}{skaraborg_draft.pk}/")
    assert response.status_code == 404
    assert SECRET not in text(response)
    response = fyrbodal_editor.get(f"{chosen}{own.pk}/")
    assert response.status_code == 200 and own.title in text(response)

    multiple = fyrbodal_editor.get(
        f"/admin/snippets/choose/agreements/agreement/chosen-multiple/"
        f"?id={skaraborg_draft.pk}&id={own.pk}"
    )
    assert SECRET not in text(multiple)
    assert own.title in text(multiple)


def test_bulk_delete_confirmation_does_not_name_another_sections_agreement(
    fyrbodal_editor,  # noqa: F811
    skaraborg_draft,
):
    own = subregional_agreement("Fyrbodal", title="Publicerat avtal i Fyrbodal")
    response = fyrbodal_editor.get(
        f"/admin/bulk/agreements/agreement/delete/?id={skaraborg_draft.pk}&id={own.pk}"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert SECRET not in html
    assert own.title in html  # the own published one: listed as "no permission to delete"


@pytest.mark.parametrize(
    "url",
    [
        "/admin/reports/workflow/",
        "/admin/reports/workflow/results/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/workflow_tasks/results/",
        "/admin/reports/site-history/",
        "/admin/reports/site-history/results/",
    ],
)
def test_reports_do_not_list_another_sections_agreement(
    fyrbodal_editor,  # noqa: F811
    boss,  # noqa: F811
    skaraborg_in_moderation,
    url,
):
    own = subregional_agreement("Fyrbodal", publish=False, title="Fyrbodals utkast på remiss")
    response = boss.post(
        f"{SNIPPETS}edit/{own.pk}/", agreement_edit_data(own, **{"action-submit": "submit"})
    )
    assert response.status_code == 302
    html = fyrbodal_editor.get(url).content.decode()
    assert SECRET not in html
    assert own.title in html  # the report still works for the own section
    assert SECRET in boss.get(url).content.decode()  # and the kommunikatör sees everything


@pytest.fixture
def skaraborg_pages(db):
    parent = section("Skaraborg")
    draft = ContentPageFactory(parent=parent, title="Opublicerad sida i Skaraborg", publish=False)
    private = ContentPageFactory(parent=parent, title="Skyddad sida i Skaraborg")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    public = ContentPageFactory(parent=parent, title="Öppen sida i Skaraborg")
    return draft, private, public


@pytest.mark.parametrize(
    "url",
    [
        "/admin/choose-page/search/?q=Skaraborg",
        "/admin/choose-page/{parent}/",
        "/admin/pages/search/?q=Skaraborg",
    ],
)
def test_page_chooser_and_admin_search_hide_other_sections_unpublished_and_private_pages(
    fyrbodal_editor,  # noqa: F811
    skaraborg_pages,
    url,
):
    draft, private, public = skaraborg_pages
    html = text(fyrbodal_editor.get(url.format(parent=section("Skaraborg").pk)))
    assert draft.title not in html
    assert private.title not in html
    if "choose-page" in url:
        assert public.title in html  # editors still link to the rest of the site


def test_page_chooser_still_lists_own_unpublished_pages(fyrbodal_editor):  # noqa: F811
    own = ContentPageFactory(
        parent=section("Fyrbodal"), title="Eget utkast Fyrbodal", publish=False
    )
    html = text(fyrbodal_editor.get("/admin/choose-page/search/?q=Fyrbodal"))
    assert own.title in html


def test_page_chooser_opened_at_another_sections_draft_does_not_show_its_title(
    fyrbodal_editor,  # noqa: F811
    skaraborg_pages,
):
    """``/admin/choose-page/<id>/`` heads its listing with the page's title."""
    draft, private, public = skaraborg_pages
    for page in (draft, private):
        response = fyrbodal_editor.get(f"/admin/choose-page/{page.pk}/")
        assert response.status_code == 404
        assert page.title not in response.content.decode()
    assert public.title in text(fyrbodal_editor.get(f"/admin/choose-page/{public.pk}/"))
    own = ContentPageFactory(parent=section("Fyrbodal"), title="Eget utkast", publish=False)
    assert own.title in text(fyrbodal_editor.get(f"/admin/choose-page/{own.pk}/"))
