"""Background tasks whose worker died while running them.

django-tasks-db marks a task "running" when a worker claims it and "successful" or
"failed" when the task ends; a worker that is killed (out of memory, a container stopped
hard, a crash) leaves its task "running" for ever. ``recover`` finds such tasks before a
worker starts (``manage.py run_worker``) and runs each once more or, if it has already been
tried ``MAX_ATTEMPTS`` times, marks it failed with a Swedish explanation. Failed tasks are
listed for the kommunikatör on the admin's dashboard (``core.wagtail_hooks``).

A task is orphaned when the worker that claimed it (``host:pid`` as worker id, see
``worker_id``) ran on this host and is gone, or when it has been running longer than
``STALE_AFTER`` (a worker on another host, such as a replaced container).
"""

import datetime
import logging
import os
import socket

from django.db import transaction
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 2
STALE_AFTER = datetime.timedelta(hours=1)


class WorkerDied(Exception):
    """Stored as the failure of a task whose worker died on every attempt."""


def worker_id():
    """This process as a worker id: the host and the process id."""
    return f"{socket.gethostname()}:{os.getpid()}"[-64:]


def _process_exists(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def orphaned(result, now=None):
    now = now or timezone.now()
    host, _, pid = (result.worker_ids or [""])[-1].rpartition(":")
    if host == socket.gethostname() and pid.isdigit() and int(pid) != os.getpid():
        return not _process_exists(int(pid))
    return result.started_at is not None and result.started_at < now - STALE_AFTER


def recover(queue_names):
    """Retry or fail the orphaned tasks of these queues; return (retried, failed) counts."""
    retried = failed = 0
    with transaction.atomic():
        running = (
            DBTaskResult.objects.running()
            .filter(queue_name__in=queue_names)
            .select_for_update(skip_locked=True)
        )
        for result in running:
            if not orphaned(result):
                continue
            if len(result.worker_ids) >= MAX_ATTEMPTS:
                result.set_failed(
                    WorkerDied(
                        f"Bakgrundsprocessen avbröts mitt i jobbet {len(result.worker_ids)} "
                        "gånger, så jobbet har inte gjorts."
                    )
                )
                failed += 1
            else:
                DBTaskResult.objects.filter(pk=result.pk).update(
                    status=TaskResultStatus.READY, started_at=None
                )
                retried += 1
    if retried or failed:
        logger.warning(
            "Tasks whose worker died: %s queued again, %s marked failed", retried, failed
        )
    return retried, failed
