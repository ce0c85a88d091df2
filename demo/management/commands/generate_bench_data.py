"""``manage.py generate_bench_data``: fill the site with generated content for measuring.

Used by the benchmark (bench/run.sh). Refused under production settings, like demo content.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.benchdata import generate


class Command(BaseCommand):
    help = "Lägger till genererade sidor och avtal för prestandamätning (aldrig i produktion)."

    def add_arguments(self, parser):
        parser.add_argument("--pages-per-section", type=int, default=50)
        parser.add_argument("--agreements", type=int, default=2000)

    def handle(self, *args, pages_per_section, agreements, **options):
        if not getattr(settings, "DEMO_CONTENT_ALLOWED", False):
            raise CommandError("Genererat innehåll får inte skapas med produktionsinställningar.")
        created = generate(pages_per_section=pages_per_section, agreements=agreements)
        self.stdout.write(f"Lade till {pages_per_section} sidor per sektion och {created} avtal.")
