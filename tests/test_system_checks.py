"""Django's system checks pass, including those of the PostgreSQL database the suite runs on,
and every model change has its migration."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_system_checks_pass():
    out = io.StringIO()
    call_command(
        "check", "--database", "default", "--fail-level", "WARNING", stdout=out, stderr=out
    )
    assert "no issues" in out.getvalue()


@pytest.mark.django_db
def test_no_model_changes_are_missing_a_migration():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    assert "No changes detected" in out.getvalue()
