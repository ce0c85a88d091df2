"""Tests about the demo site itself: ``setup_site --demo`` builds it once (``demo_site``)."""

import pytest


@pytest.fixture(scope="package", autouse=True)
def _demo(demo_site):
    """Built before the first test of this package opens its transaction."""
