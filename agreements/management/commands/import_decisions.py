"""``manage.py import_decisions FILE.csv [--dry-run]``: each party's decision on agreements
from CSV (see docs/agreements-import.md). Nothing is imported if any row is wrong."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agreements import decision_import
from agreements.importing import ImportFileError


class Command(BaseCommand):
    help = "Importerar parternas beslut om avtal från en CSV-fil."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV-fil (UTF-8 eller Windows-1252, ; eller ,)")
        parser.add_argument(
            "--dry-run", action="store_true", help="Kontrollera filen utan att spara något."
        )

    def handle(self, *args, file, dry_run=False, **options):
        if not Path(file).is_file():
            raise CommandError(f"Filen {file} finns inte.")
        try:
            result = decision_import.validate(Path(file).read_bytes())
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        for number, message in result.errors:
            self.stderr.write(f"Rad {number}: {message}")
        if result.errors:
            lines = len({number for number, _ in result.errors})
            raise CommandError(
                f"Filen har {len(result.errors)} fel på {lines} rader. Inga beslut importerades."
            )
        if dry_run:
            self.stdout.write(f"Provkörning: {len(result.rows)} beslut är giltiga. Inget sparades.")
            return
        decision_import.apply(result)
        self.stdout.write(
            self.style.SUCCESS(
                f"Klart: {len(result.created)} nya beslut, {len(result.updated)} uppdaterade, "
                f"{len(result.unchanged)} oförändrade."
            )
        )
