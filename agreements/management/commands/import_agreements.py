"""``manage.py import_agreements FILE.csv [--dry-run]``: see docs/agreements-import.md."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agreements.importing import ImportFileError, apply, validate

PROGRESS_FROM_ROWS = 200
BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Importerar avtal från en CSV-fil. Ingenting importeras om någon rad är felaktig."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV-fil (UTF-8 eller Windows-1252, ; eller ,)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Kontrollera filen och visa vad som skulle hända, utan att spara något.",
        )

    def handle(self, *args, file, dry_run=False, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Filen {file} finns inte.")
        try:
            result = validate(path.read_bytes(), progress=self.progress)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        if result.errors:
            for number, message in result.errors:
                self.stderr.write(f"Rad {number}: {message}")
            raise CommandError(
                f"Filen har {len(result.errors)} fel på "
                f"{len({n for n, _ in result.errors})} rader. Inget importerades."
            )
        if dry_run:
            self.stdout.write(
                f"Provkörning: {len(result.rows)} rader är giltiga. Inget sparades "
                "(kör utan --dry-run för att importera)."
            )
            return
        apply(result)
        self.stdout.write(
            self.style.SUCCESS(
                f"Klart: {len(result.created)} nya, {len(result.updated)} uppdaterade, "
                f"{len(result.unchanged)} oförändrade."
            )
        )

    def progress(self, done, total):
        """A text progress bar on standard error, for long files only."""
        if total < PROGRESS_FROM_ROWS:
            return
        if done % 50 and done != total:
            return
        filled = BAR_WIDTH * done // total
        bar = "#" * filled + " " * (BAR_WIDTH - filled)
        self.stderr.write(f"\rKontrollerar [{bar}] {done}/{total}", ending="")
        if done == total:
            self.stderr.write("")
        self.stderr.flush()
