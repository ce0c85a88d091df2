"""``/healthz``: 200 while the database answers, 503 (take this instance out) when it does not;
answered before ALLOWED_HOSTS, so load balancers can probe by IP address."""

import pytest
from django.db import DatabaseError, connection
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_healthz_says_503_when_the_database_gives_an_error_instead_of_an_answer(client):
    # A failed statement leaves this connection's transaction refusing every further query
    # until it is rolled back (the test's own rollback does that afterwards).
    with pytest.raises(DatabaseError), connection.cursor() as cursor:
        cursor.execute("SELECT 1 / 0")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response["Cache-Control"] == "no-store"


def test_healthz_answers_probes_by_ip_whatever_allowed_hosts_says(settings):
    settings.ALLOWED_HOSTS = ["www.vardsamverkan.se"]
    response = Client(HTTP_HOST="10.0.0.7:8000").get("/healthz")
    assert response.status_code == 200
    assert Client(HTTP_HOST="10.0.0.7:8000").get("/").status_code == 400
