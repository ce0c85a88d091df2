"""Roles through the real admin: a Fyrbodal editor can do everything with Fyrbodal's pages
and agreements and nothing with Skaraborg's; the kommunikatör can do everything.

Every refusal is checked twice: the response is not the page/form, and nothing changed in
the database (no revision, no lock, no deletion, no publication).
"""

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import Collection, GroupPagePermission, Revision, WorkflowState

from agreements.models import Agreement, Level
from agreements.permissions import URL_ACTIONS
from demo.pdf import make_pdf
from pages.models import ContentPage, SectionPage
from pages.permissions import KOMMUNIKATOR
from tests.factories.agreements import AgreementFactory
from tests.factories.pages import ContentPageFactory, editor, kommunikator, section

pytestmark = pytest.mark.django_db

PASSWORD = "ett-langt-testlosenord-2026"
SNIPPETS = "/admin/snippets/agreements/agreement/"


def login(user):
    client = Client()
    # Sign in through the real admin login form.
    response = client.post("/admin/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "login failed"
    return client


@pytest.fixture
def fyrbodal_editor(db):
    """A Fyrbodal editor, signed in."""
    return login(editor(section("Fyrbodal"), password=PASSWORD))


@pytest.fixture
def boss(db):
    """A kommunikatör, signed in."""
    return login(kommunikator(password=PASSWORD))


@pytest.fixture
def own_page(db):
    page = ContentPageFactory(parent=section("Fyrbodal"), title="Vårdsamverkan i Fyrbodal")
    page.save_revision().publish()  # published through a revision, as in the admin
    return page


@pytest.fixture
def other_page(db):
    page = ContentPageFactory(parent=section("Skaraborg"), title="Vårdsamverkan i Skaraborg")
    page.save_revision().publish()
    return page


def subregional_agreement(short_name, publish=True, **fields):
    agreement = AgreementFactory(
        section=section(short_name), level=Level.SUBREGIONAL, publish=publish, **fields
    )
    if publish:
        agreement.save_revision().publish()  # published through a revision, as in the admin
    return agreement


@pytest.fixture
def own(db):
    """Fyrbodal's published agreement."""
    return subregional_agreement("Fyrbodal", title="Närsjukvårdsgrupper i Fyrbodal")


@pytest.fixture
def own_draft(db):
    """A Fyrbodal agreement that was never published."""
    return subregional_agreement("Fyrbodal", publish=False)


@pytest.fixture
def other(db):
    """Skaraborg's published agreement."""
    return subregional_agreement("Skaraborg", title="Mobila team i norra Skaraborg")


@pytest.fixture
def other_draft(db):
    return subregional_agreement("Skaraborg", publish=False)


def agreement_state(agreement):
    fresh = Agreement.objects.filter(pk=agreement.pk).first()
    if fresh is None:
        return None
    return (
        fresh.title,
        fresh.live,
        fresh.locked,
        fresh.section_id,
        Revision.objects.for_instance(fresh).count(),
        WorkflowState.objects.for_instance(fresh).count(),
    )


def page_state(page):
    fresh = ContentPage.objects.filter(pk=page.pk).first()
    if fresh is None:
        return None
    return (
        fresh.title,
        fresh.live,
        fresh.locked,
        fresh.path,
        Revision.objects.for_instance(fresh).count(),
        fresh.get_children_count(),
    )


def refused(response):
    """The admin refuses with its "no permission" redirect (or a 403/404), never the view."""
    if response.status_code == 302:
        return (
            response["Location"].rstrip("/").endswith("/admin") or "login" in response["Location"]
        )
    return response.status_code in (403, 404)


def agreement_edit_data(agreement, **changes):
    data = {
        "title": agreement.title,
        "slug": agreement.slug,
        "document_type": agreement.document_type_id,
        "level": agreement.level,
        "section": agreement.section_id,
        "summary": agreement.summary,
        "parties": agreement.parties,
        "valid_from": agreement.valid_from.isoformat() if agreement.valid_from else "",
        "stage": agreement.stage,
        "whats_new": agreement.whats_new,
        "body-count": "0",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def agreement_actions(agreement, draft):
    """(label, method, url, data) for every admin URL that takes an agreement id."""
    rev = Revision.objects.for_instance(agreement).order_by("pk").first().pk
    pk = agreement.pk
    edit = agreement_edit_data(agreement, title="Ändrad av fel sektion")
    return [
        ("edit GET", "get", f"{SNIPPETS}edit/{pk}/", None),
        ("edit POST", "post", f"{SNIPPETS}edit/{pk}/", edit),
        ("delete GET", "get", f"{SNIPPETS}delete/{draft.pk}/", None),
        ("delete POST", "post", f"{SNIPPETS}delete/{draft.pk}/", {}),
        ("unpublish GET", "get", f"{SNIPPETS}unpublish/{pk}/", None),
        ("unpublish POST", "post", f"{SNIPPETS}unpublish/{pk}/", {}),
        ("history", "get", f"{SNIPPETS}history/{pk}/", None),
        ("history results", "get", f"{SNIPPETS}history-results/{pk}/", None),
        ("revision view", "get", f"{SNIPPETS}history/{pk}/revisions/{rev}/view/", None),
        (
            "revision compare",
            "get",
            f"{SNIPPETS}history/{pk}/revisions/compare/earliest...latest/",
            None,
        ),
        ("revision revert GET", "get", f"{SNIPPETS}history/{pk}/revisions/{rev}/revert/", None),
        ("revision revert POST", "post", f"{SNIPPETS}history/{pk}/revisions/{rev}/revert/", edit),
        ("revision unschedule", "post", f"{SNIPPETS}history/{pk}/revisions/{rev}/unschedule/", {}),
        ("usage", "get", f"{SNIPPETS}usage/{pk}/", None),
        ("inspect", "get", f"{SNIPPETS}inspect/{pk}/", None),
        ("preview POST", "post", f"{SNIPPETS}preview/{pk}/", edit),
        ("preview GET", "get", f"{SNIPPETS}preview/{pk}/", None),
        ("copy", "get", f"{SNIPPETS}copy/{pk}/", None),
        ("lock", "post", f"{SNIPPETS}lock/{pk}/", {}),
        ("unlock", "post", f"{SNIPPETS}unlock/{pk}/", {}),
        ("workflow history", "get", f"{SNIPPETS}workflow_history/{pk}/", None),
        ("workflow cancellation", "get", f"{SNIPPETS}workflow/confirm_cancellation/{pk}/", None),
        ("bulk delete GET", "get", f"/admin/bulk/agreements/agreement/delete/?id={draft.pk}", None),
        ("bulk delete POST", "post", f"/admin/bulk/agreements/agreement/delete/?id={draft.pk}", {}),
    ]


AGREEMENT_ACTION_LABELS = [
    "edit GET",
    "edit POST",
    "delete GET",
    "delete POST",
    "unpublish GET",
    "unpublish POST",
    "history",
    "history results",
    "revision view",
    "revision compare",
    "revision revert GET",
    "revision revert POST",
    "revision unschedule",
    "usage",
    "inspect",
    "preview POST",
    "preview GET",
    "copy",
    "lock",
    "unlock",
    "workflow history",
    "workflow cancellation",
    "bulk delete GET",
    "bulk delete POST",
]


@pytest.mark.parametrize("label", AGREEMENT_ACTION_LABELS)
def test_fyrbodal_editor_is_refused_every_action_on_a_skaraborg_agreement(
    fyrbodal_editor, other, other_draft, label
):
    client = fyrbodal_editor

    def state():
        return agreement_state(other), agreement_state(other_draft), Agreement.objects.count()

    before = state()
    _, method, url, data = next(a for a in agreement_actions(other, other_draft) if a[0] == label)
    response = (
        getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
    )
    if label.startswith("bulk delete"):
        # Wagtail's bulk view lists the agreement under "no access" and skips it.
        assert response.status_code in (200, 302)
    else:
        assert refused(response), (label, response.status_code, response.get("Location"))
    assert state() == before


def test_workflow_actions_on_another_sections_agreement_are_refused(fyrbodal_editor, boss, other):
    client = fyrbodal_editor
    # Skaraborg's agreement is in the approval workflow (submitted by the kommunikatör).
    response = boss.post(
        f"{SNIPPETS}edit/{other.pk}/", agreement_edit_data(other, **{"action-submit": "submit"})
    )
    assert response.status_code == 302
    state = WorkflowState.objects.for_instance(other).get()
    task_state = state.current_task_state
    before = agreement_state(other)
    for url in [
        f"{SNIPPETS}workflow/action/{other.pk}/approve/{task_state.pk}/",
        f"{SNIPPETS}workflow/collect_action_data/{other.pk}/approve/{task_state.pk}/",
        f"{SNIPPETS}workflow/preview/{other.pk}/{task_state.task_id}/",
        f"{SNIPPETS}workflow_history/{other.pk}/detail/{state.pk}/",
    ]:
        assert refused(client.post(url, {})), url
        assert refused(client.get(url)), url
    assert agreement_state(other) == before
    task_state.refresh_from_db()
    assert task_state.status == "in_progress"


def test_every_admin_url_taking_an_agreement_id_is_guarded():
    names = {
        p.name
        for p in Agreement.snippet_viewset.get_urlpatterns()
        if "pk" in p.pattern.regex.groupindex
    }
    assert names <= set(URL_ACTIONS), names - set(URL_ACTIONS)


@pytest.mark.parametrize(
    ("label", "expect"),
    [
        ("edit GET", 200),
        ("history", 200),
        ("history results", 200),
        ("revision view", 200),
        ("revision compare", 200),
        ("revision revert GET", 200),
        ("usage", 200),
        ("inspect", 200),
        ("preview GET", 200),
        ("copy", 200),
        ("workflow history", 200),
        ("delete GET", 200),
    ],
)
def test_the_same_views_open_for_fyrbodals_own_agreement(
    fyrbodal_editor, own, own_draft, label, expect
):
    client = fyrbodal_editor
    if label == "preview GET":
        client.post(f"{SNIPPETS}preview/{own.pk}/", agreement_edit_data(own))
    _, method, url, data = next(a for a in agreement_actions(own, own_draft) if a[0] == label)
    response = getattr(client, method)(url)
    assert response.status_code == expect, (label, response.get("Location"))


def test_fyrbodal_editor_edits_locks_and_submits_own_agreement(fyrbodal_editor, boss, own):
    client = fyrbodal_editor
    revisions = Revision.objects.for_instance(own).count()

    response = client.post(
        f"{SNIPPETS}edit/{own.pk}/", agreement_edit_data(own, title="Ny titel från Fyrbodal")
    )
    assert response.status_code == 302
    assert Revision.objects.for_instance(own).count() == revisions + 1
    own.refresh_from_db()
    assert own.title != "Ny titel från Fyrbodal"  # a draft: published only after approval

    assert client.post(f"{SNIPPETS}lock/{own.pk}/").status_code == 302
    own.refresh_from_db()
    assert own.locked
    assert client.post(f"{SNIPPETS}unlock/{own.pk}/").status_code == 302
    own.refresh_from_db()
    assert not own.locked

    # No direct publishing for section editors: the edit form offers "submit" instead.
    page = client.get(f"{SNIPPETS}edit/{own.pk}/").content.decode()
    assert 'name="action-submit"' in page
    assert 'name="action-publish"' not in page
    response = client.post(
        f"{SNIPPETS}edit/{own.pk}/",
        agreement_edit_data(own, title="Ny titel från Fyrbodal", **{"action-submit": "submit"}),
    )
    assert response.status_code == 302
    state = WorkflowState.objects.for_instance(own).get()
    assert state.status == "in_progress"

    # The kommunikatör approves, which publishes.
    task_state = state.current_task_state
    response = boss.post(
        f"{SNIPPETS}workflow/action/{own.pk}/approve/{task_state.pk}/", {"comment": "Ok"}
    )
    assert response.status_code in (200, 302)
    own.refresh_from_db()
    assert own.live and own.title == "Ny titel från Fyrbodal"


def test_fyrbodal_editor_deletes_own_draft_but_not_published(fyrbodal_editor, own, own_draft):
    client = fyrbodal_editor
    assert client.post(f"{SNIPPETS}delete/{own_draft.pk}/").status_code == 302
    assert not Agreement.objects.filter(pk=own_draft.pk).exists()
    assert refused(client.post(f"{SNIPPETS}delete/{own.pk}/"))
    assert Agreement.objects.filter(pk=own.pk).exists()
    assert refused(client.post(f"{SNIPPETS}unpublish/{own.pk}/"))
    assert Agreement.objects.get(pk=own.pk).live


def test_bulk_delete_of_own_draft_works(fyrbodal_editor, own_draft):
    client = fyrbodal_editor
    response = client.post(f"/admin/bulk/agreements/agreement/delete/?id={own_draft.pk}")
    assert response.status_code == 302
    assert not Agreement.objects.filter(pk=own_draft.pk).exists()


def test_editor_listing_shows_only_own_sections_agreements(fyrbodal_editor, own, other):
    county = AgreementFactory(title="Hälso- och sjukvårdsavtalet")  # Länsnivå's
    client = fyrbodal_editor
    html = client.get(SNIPPETS).content.decode()
    assert own.title in html
    assert other.title not in html
    assert county.title not in html


def test_owner_choice_offers_only_own_section_and_forged_post_is_refused(fyrbodal_editor, own):
    client = fyrbodal_editor
    form = client.get(f"{SNIPPETS}add/").content.decode()
    options = [
        o.get_text(strip=True)
        for o in BeautifulSoup(form, "html.parser").select("select[name=section] option")
        if o.get("value")
    ]
    assert options == ["Fyrbodal"]
    skaraborg = section("Skaraborg")
    before = Agreement.objects.count()
    data = agreement_edit_data(own, slug="forfalskat", title="Förfalskat", section=skaraborg.pk)
    response = client.post(f"{SNIPPETS}add/", data)
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert Agreement.objects.count() == before
    # Nor can an own agreement be moved to another section.
    response = client.post(
        f"{SNIPPETS}edit/{own.pk}/", agreement_edit_data(own, section=skaraborg.pk)
    )
    assert response.status_code == 200
    own.refresh_from_db()
    assert own.section.short_name == "Fyrbodal"


def test_section_editor_cannot_manage_users_or_groups(fyrbodal_editor):
    client = fyrbodal_editor
    for url in [
        "/admin/users/",
        "/admin/users/new/",
        "/admin/groups/",
        "/admin/groups/new/",
        "/admin/settings/pages/sitesettings/",
        "/admin/redirects/",
        "/admin/workflows/list/",
    ]:
        assert refused(client.get(url)), url


def test_kommunikator_manages_users_and_puts_them_in_groups(boss):
    client = boss
    assert client.get("/admin/users/").status_code == 200
    fyrbodal_group = Group.objects.get(name="Redaktör – Fyrbodal")
    response = client.post(
        "/admin/users/new/",
        {
            "username": "ny-redaktor",
            "email": "ny@example.org",
            "first_name": "Ny",
            "last_name": "Redaktör",
            "password1": "ett-bra-losenord-9876",
            "password2": "ett-bra-losenord-9876",
            "groups": [fyrbodal_group.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert (
        get_user_model()
        .objects.get(username="ny-redaktor")
        .groups.filter(pk=fyrbodal_group.pk)
        .exists()
    )


def test_kommunikator_can_do_everything_with_both_sections(
    boss, own, other, other_draft, own_page, other_page
):
    client = boss
    for agreement in (own, other):
        assert client.get(f"{SNIPPETS}edit/{agreement.pk}/").status_code == 200
        response = client.post(
            f"{SNIPPETS}edit/{agreement.pk}/",
            agreement_edit_data(
                agreement, title=agreement.title + " (rev)", **{"action-publish": "publish"}
            ),
        )
        assert response.status_code == 302
        agreement.refresh_from_db()
        assert agreement.title.endswith("(rev)") and agreement.live
    assert client.post(f"{SNIPPETS}unpublish/{other.pk}/").status_code == 302
    assert not Agreement.objects.get(pk=other.pk).live
    assert client.post(f"{SNIPPETS}delete/{other_draft.pk}/").status_code == 302
    assert not Agreement.objects.filter(pk=other_draft.pk).exists()
    for page in (own_page, other_page):
        assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    for url in ["/admin/settings/pages/sitesettings/", "/admin/redirects/", "/admin/users/"]:
        response = client.get(url, follow=True)
        assert response.status_code == 200 and not refused(response), url


# -- pages ------------------------------------------------------------------------------------


def page_actions(page):
    rev = Revision.objects.for_instance(page).order_by("pk").first().pk
    parent = page.get_parent()
    edit = {
        "title": "Ändrad av fel sektion",
        "slug": page.slug,
        "intro": "x",
        "body-count": "0",
        "last_reviewed": "",
    }
    return [
        ("edit GET", "get", f"/admin/pages/{page.pk}/edit/", None),
        ("edit POST", "post", f"/admin/pages/{page.pk}/edit/", {**edit, "action-publish": "1"}),
        (
            "add child",
            "post",
            f"/admin/pages/add/pages/contentpage/{page.pk}/",
            {**edit, "slug": "ny-undersida", "title": "Ny undersida"},
        ),
        ("delete", "post", f"/admin/pages/{page.pk}/delete/", {}),
        ("unpublish", "post", f"/admin/pages/{page.pk}/unpublish/", {}),
        ("lock", "post", f"/admin/pages/{page.pk}/lock/", {}),
        ("move", "post", f"/admin/pages/{page.pk}/move/{parent.pk}/confirm/", {}),
        (
            "copy",
            "post",
            f"/admin/pages/{page.pk}/copy/",
            {"new_title": "Kopia", "new_slug": "kopia", "new_parent_page": parent.pk},
        ),
        ("history", "get", f"/admin/pages/{page.pk}/history/", None),
        ("revision view", "get", f"/admin/pages/{page.pk}/revisions/{rev}/view/", None),
        ("revision revert", "get", f"/admin/pages/{page.pk}/revisions/{rev}/revert/", None),
        ("preview", "post", f"/admin/pages/{page.pk}/edit/preview/", edit),
    ]


@pytest.mark.parametrize(
    "label",
    [
        "edit GET",
        "edit POST",
        "add child",
        "delete",
        "unpublish",
        "lock",
        "move",
        "copy",
        "history",
        "revision view",
        "revision revert",
        "preview",
    ],
)
def test_fyrbodal_editor_is_refused_every_action_on_a_skaraborg_page(
    fyrbodal_editor, other_page, label
):
    client = fyrbodal_editor
    page = other_page
    before = page_state(page)
    _, method, url, data = next(a for a in page_actions(page) if a[0] == label)
    response = getattr(client, method)(url, data) if data is not None else client.get(url)
    assert refused(response) or response.status_code == 403, (label, response.status_code)
    assert page_state(page) == before


def test_fyrbodal_editor_does_everything_with_own_pages(fyrbodal_editor, own_page):
    client = fyrbodal_editor
    page = own_page
    for label in ["edit GET", "history", "revision view", "revision revert"]:
        _, method, url, _ = next(a for a in page_actions(page) if a[0] == label)
        assert client.get(url).status_code == 200, label
    response = client.post(
        f"/admin/pages/add/pages/contentpage/{page.pk}/",
        {
            "title": "Ny undersida",
            "slug": "ny-undersida",
            "intro": "x",
            "body-count": "0",
            "action-publish": "1",
        },
    )
    assert response.status_code == 302
    child = ContentPage.objects.get(slug="ny-undersida")
    assert child.live and child.get_parent().pk == page.pk
    assert client.post(f"/admin/pages/{child.pk}/lock/").status_code == 302
    child.refresh_from_db()
    assert child.locked
    assert client.post(f"/admin/pages/{child.pk}/unlock/").status_code == 302
    assert client.post(f"/admin/pages/{child.pk}/unpublish/").status_code == 302
    assert not ContentPage.objects.get(pk=child.pk).live
    assert client.post(f"/admin/pages/{child.pk}/delete/").status_code == 302
    assert not ContentPage.objects.filter(pk=child.pk).exists()


def test_editor_cannot_unpublish_or_delete_the_section_itself(fyrbodal_editor):
    client = fyrbodal_editor
    fyrbodal = section("Fyrbodal")
    response = client.post(f"/admin/pages/{fyrbodal.pk}/unpublish/", follow=True)
    assert "Bara kommunikatören kan avpublicera en hel sektion" in response.content.decode()
    assert SectionPage.objects.get(pk=fyrbodal.pk).live
    client.post(f"/admin/pages/{fyrbodal.pk}/delete/")
    assert SectionPage.objects.filter(pk=fyrbodal.pk).exists()


# -- documents -----------------------------------------------------------------------------------


def test_editor_uploads_to_own_collection_only(fyrbodal_editor):
    client = fyrbodal_editor
    form = client.get("/admin/documents/add/")
    assert form.status_code == 200
    assert ">Skaraborg<" not in form.content.decode()  # no other section is offered
    own = Collection.objects.get(name="Fyrbodal")
    other = Collection.objects.get(name="Skaraborg")
    Document = get_document_model()
    for collection in (own, other):  # the second is a forged choice
        client.post(
            "/admin/documents/add/",
            {
                "title": f"Uppladdat till {collection.name}",
                "collection": collection.pk,
                "file": SimpleUploadedFile(
                    "a.pdf", make_pdf("Test", ["Text"]), content_type="application/pdf"
                ),
            },
        )
    assert Document.objects.get(title="Uppladdat till Fyrbodal").collection == own
    assert not Document.objects.filter(collection=other).exists()


# -- setup_site repairs the roles ----------------------------------------------------------------


def role_snapshot():
    return {
        group.name: (
            sorted(group.permissions.values_list("codename", flat=True)),
            sorted(group.page_permissions.values_list("page_id", "permission__codename")),
            sorted(
                group.collection_permissions.values_list("collection__name", "permission__codename")
            ),
        )
        for group in Group.objects.order_by("name")
    }


def test_setup_site_twice_gives_the_same_groups_and_permissions():
    before = role_snapshot()
    assert KOMMUNIKATOR in before
    assert {f"Redaktör – {s.short_name}" for s in SectionPage.objects.all()} <= set(before)
    call_command("setup_site", stdout=io.StringIO())
    assert role_snapshot() == before


def test_setup_site_restores_a_permission_removed_by_hand():
    before = role_snapshot()
    fyrbodal = Group.objects.get(name="Redaktör – Fyrbodal")
    fyrbodal.permissions.remove(Permission.objects.get(codename="change_agreement"))
    GroupPagePermission.objects.filter(group=fyrbodal, permission__codename="publish_page").delete()
    assert role_snapshot() != before
    out = io.StringIO()
    call_command("setup_site", stdout=out)
    assert "Återställde behörigheterna för gruppen Redaktör – Fyrbodal" in out.getvalue()
    assert role_snapshot() == before
