"""Issue 22: document reading has hard limits and a queue of its own, and a task whose
worker died is run again or marked failed and shown to the kommunikatör. The real kill of a
worker in the middle of a task is ``scripts/fault_load_check.sh``."""

import socket
import subprocess
import sys

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_tasks_db.models import DBTaskResult
from wagtail.documents import get_document_model
from wagtail.models import Collection

from core.taskrecovery import MAX_ATTEMPTS, recover
from search import extraction
from search.models import DocumentText
from subscriptions.topics import section_key
from tests.factories.pages import kommunikator, section
from tests.hostile_files import inflating_pdf
from tests.test_roles import PASSWORD, login
from tests.test_search_pdf import run_worker

pytestmark = pytest.mark.django_db

Document = get_document_model()
DATABASE_QUEUES = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "dokument"],
    }
}


@pytest.fixture
def boss():
    return login(kommunikator(password=PASSWORD))


def upload_pdf(client, title, content):
    response = client.post(
        "/admin/documents/add/",
        {
            "title": title,
            "file": SimpleUploadedFile("stor.pdf", content, "application/pdf"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Document.objects.get(title=title)


def test_a_pdf_over_the_time_limit_could_not_be_read_and_the_kommunikator_sees_why(
    boss, monkeypatch
):
    monkeypatch.setattr(extraction, "MAX_SECONDS", 1)
    document = upload_pdf(boss, "Uppblåst protokoll", inflating_pdf(40))
    entry = DocumentText.objects.get(pk=document.pk)
    assert entry.status == DocumentText.Status.FAILED
    assert entry.get_status_display() == "Kunde inte läsas"
    # The CPU limit, or on a machine busy with other work the wall-clock limit, ends it.
    assert "sekunders datortid" in entry.error or "läsningen avbröts" in entry.error
    assert "hittas på sin titel" in entry.error
    dashboard = boss.get("/admin/").content.decode()
    assert "Dokument som inte kunde läsas" in dashboard
    assert "Uppblåst protokoll" in dashboard and "hittas på sin titel" in dashboard


def test_an_ordinary_pdf_is_still_read(boss):
    from demo.pdf import make_pdf

    document = upload_pdf(boss, "Vanligt protokoll", make_pdf("Protokoll", ["Hemgångsrutin."]))
    entry = DocumentText.objects.get(pk=document.pk)
    assert entry.status == DocumentText.Status.DONE
    assert "Hemgångsrutin" in entry.text


def test_e_mails_do_not_wait_behind_document_reading(boss, settings):
    settings.TASKS = DATABASE_QUEUES
    upload_pdf(boss, "Stort dokument", inflating_pdf(1))
    form = {"epost": "snabb@example.org", "amnen": [section_key(section("Fyrbodal").pk)]}
    assert Client().post("/prenumerera/", form).status_code == 302
    queues = dict(DBTaskResult.objects.values_list("task_path", "queue_name"))
    assert queues["search.tasks.extract_document_text"] == "dokument"
    assert queues["subscriptions.tasks.send_confirmation"] == "default"

    # The e-mail worker serves only its own queue: the mail goes out, the reading waits
    # for the document worker.
    mail.outbox.clear()
    assert run_worker(["default"]) >= 1
    assert [m.to for m in mail.outbox] == [["snabb@example.org"]]
    reading = DBTaskResult.objects.get(task_path="search.tasks.extract_document_text")
    assert reading.status == "READY"


def dead_worker_id():
    """The id a worker on this host had, whose process has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return f"{socket.gethostname()}:{process.pid}"


def queued_confirmation(settings, address):
    settings.TASKS = DATABASE_QUEUES
    form = {"epost": address, "amnen": [section_key(section("Fyrbodal").pk)]}
    assert Client().post("/prenumerera/", form).status_code == 302
    return DBTaskResult.objects.get(task_path="subscriptions.tasks.send_confirmation")


def test_a_task_whose_worker_died_is_run_again(settings):
    task = queued_confirmation(settings, "avbruten@example.org")
    task.claim(dead_worker_id())  # the worker took it, then died
    assert recover(["default"]) == (1, 0)
    mail.outbox.clear()
    assert run_worker(["default"]) == 1
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert [m.to for m in mail.outbox] == [["avbruten@example.org"]]


def test_a_task_whose_worker_dies_every_time_is_failed_and_shown(settings, boss):
    task = queued_confirmation(settings, "aterkommande@example.org")
    for _ in range(MAX_ATTEMPTS):
        task.claim(dead_worker_id())
    assert recover(["default"]) == (0, 1)
    task.refresh_from_db()
    assert task.status == "FAILED"
    dashboard = boss.get("/admin/").content.decode()
    assert "Bakgrundsjobb som misslyckades" in dashboard
    assert "Bekräftelsemejl till en prenumerant" in dashboard
    assert "avbröts mitt i jobbet (2 försök)" in dashboard


def test_a_task_running_in_a_live_worker_is_left_alone(settings):
    task = queued_confirmation(settings, "pagaende@example.org")
    task.claim(f"{socket.gethostname()}:1")  # process 1 is alive
    assert recover(["default"]) == (0, 0)
    task.refresh_from_db()
    assert task.status == "RUNNING"
