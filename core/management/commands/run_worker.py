"""``manage.py run_worker [--queue-name Q] [--interval S]``: django-tasks-db's ``db_worker``,
after recovering the tasks a dead worker left "running" (``core.taskrecovery``), with the
host and process id as its worker id. The image's entry point starts one per queue."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from core.taskrecovery import recover, worker_id


class Command(BaseCommand):
    help = "Startar en bakgrundsprocess för en kö, efter att ha tagit hand om avbrutna jobb."

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="default")
        parser.add_argument("--interval", type=float, default=1)

    def handle(self, *args, queue_name, interval, **options):
        retried, failed = recover(queue_name.split(","))
        self.stderr.write(
            f"Avbrutna jobb i kön {queue_name}: {retried} körs igen, {failed} markerade som "
            "misslyckade."
        )
        call_command(
            "db_worker",
            queue_name=queue_name,
            interval=interval,
            worker_id=worker_id(),
            verbosity=options["verbosity"],
        )
