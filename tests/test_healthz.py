import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_healthz_answers_probes_by_ip_whatever_allowed_hosts_says(settings):
    settings.ALLOWED_HOSTS = ["www.vardsamverkan.se"]
    response = Client(HTTP_HOST="10.0.0.7:8000").get("/healthz")
    assert response.status_code == 200
    assert Client(HTTP_HOST="10.0.0.7:8000").get("/").status_code == 400
