"""Tests about the demo site itself: it is in place while they run (tests/conftest.py)."""

import pytest

from tests.conftest import use_demo_site


@pytest.fixture(scope="package", autouse=True)
def _demo(django_db_setup, django_db_blocker):
    """Set up before the first test of this package opens its transaction."""
    yield from use_demo_site(django_db_blocker)
