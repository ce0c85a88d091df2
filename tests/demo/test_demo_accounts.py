"""The demo's accounts: one per role, with passwords printed so a visitor can try each."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from pages.models import SectionPage
from pages.permissions import KOMMUNIKATOR, editor_group_for

pytestmark = pytest.mark.django_db


def setup_demo(*args):
    out = io.StringIO()
    call_command("setup_site", "--demo", *args, stdout=out)
    return out.getvalue()


def test_demo_accounts_exist_for_every_role():
    users = {user.username: user for user in get_user_model().objects.all()}
    assert users["admin"].is_superuser
    assert users["kommunikator"].groups.filter(name=KOMMUNIKATOR).exists()
    for section in SectionPage.objects.all():
        editor = users[f"redaktor-{section.slug}"]
        assert not editor.is_superuser
        assert list(editor.groups.all()) == [editor_group_for(section)]
    assert all(user.email.endswith("@example.org") for user in users.values())


def test_new_passwords_are_printed_on_request():
    text = setup_demo("--new-passwords")
    assert "kommunikator / " in text and "redaktor-fyrbodal / " in text
    line = next(line for line in text.splitlines() if "redaktor-fyrbodal / " in line)
    password = line.split(" / ")[1]
    client = Client()
    assert client.login(username="redaktor-fyrbodal", password=password)
    assert client.get("/admin/").status_code == 200


def test_the_accounts_are_the_last_thing_printed():
    """make run starts the server right after setup_site: the accounts must not be buried
    above the list of what was created."""
    lines = setup_demo("--new-passwords").strip().splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Demokonton"))
    assert all(" / " in line for line in lines[header + 1 :])
    assert len(lines) - header - 1 == 2 + SectionPage.objects.count()


def test_a_second_run_keeps_the_passwords_and_says_how_to_get_new_ones():
    user = get_user_model().objects.get(username="kommunikator")
    user.set_password("ett-eget-lösenord-1")
    user.save()
    text = setup_demo()
    assert " / " not in text
    assert "demokonton fanns redan" in text and "--new-passwords" in text
    assert Client().login(username="kommunikator", password="ett-eget-lösenord-1")
