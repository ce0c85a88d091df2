"""``manage.py setup_site [--demo]``: create (or repair) the site's structure.

Idempotent: it only adds what is missing. Other apps extend it through the Wagtail hook
``setup_site`` (a callable taking ``demo``, ``report``, ``stdout`` and ``new_passwords``), so
this command never needs to import them; the demo content comes from the ``demo`` app.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail import hooks

from pages.permissions import ensure_roles
from pages.setup import SetupReport, ensure_structure


class Command(BaseCommand):
    help = "Skapar startsida, sektioner och kommuner (och med --demo exempelinnehåll)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", action="store_true", help="Lägg till exempelinnehåll (aldrig i produktion)."
        )
        parser.add_argument(
            "--new-passwords",
            action="store_true",
            help="Ge demokontona nya lösenord och skriv ut dem (bara med --demo).",
        )

    def handle(self, *args, demo=False, new_passwords=False, **options):
        if demo and not getattr(settings, "DEMO_CONTENT_ALLOWED", False):
            raise CommandError(
                "Exempelinnehåll får inte skapas med produktionsinställningar (--demo vägras)."
            )
        if new_passwords and not demo:
            raise CommandError("--new-passwords kan bara användas tillsammans med --demo.")
        report = SetupReport()
        with transaction.atomic():
            ensure_structure(report)
            roles = ensure_roles()
            for hook in hooks.get_hooks("setup_site"):
                hook(demo=demo, report=report, stdout=self.stdout, new_passwords=new_passwords)
        for name in roles.created_groups:
            report.add("grupp", name)
        for name in roles.restored:
            self.stdout.write(f"Återställde behörigheterna för gruppen {name}.")
        if report.created:
            self.stdout.write(self.style.SUCCESS(f"Skapade {len(report.created)} objekt:"))
            for kind, name in report.created:
                self.stdout.write(f"  {kind}: {name}")
        elif not roles.restored:
            self.stdout.write("Allt fanns redan; inget ändrades.")
        for line in report.closing:
            self.stdout.write(line)
