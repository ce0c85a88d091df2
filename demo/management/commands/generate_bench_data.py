"""``manage.py generate_bench_data``: fill the site with generated content for measuring.

Used by the benchmark (bench/run.sh). ``--large`` adds the large site of
``bench/run.sh --large`` (docs/performance.md). Refused under production settings, like
demo content.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.benchdata import generate, generate_large


class Command(BaseCommand):
    help = "Lägger till genererade sidor och avtal för prestandamätning (aldrig i produktion)."

    def add_arguments(self, parser):
        parser.add_argument("--pages-per-section", type=int, default=50)
        parser.add_argument("--agreements", type=int, default=2000)
        parser.add_argument(
            "--large",
            action="store_true",
            help="Den stora webbplatsen: 20 000 avtal, 3 000 nyheter, 500 grupper m.m.",
        )

    def handle(self, *args, pages_per_section, agreements, large, **options):
        if not getattr(settings, "DEMO_CONTENT_ALLOWED", False):
            raise CommandError("Genererat innehåll får inte skapas med produktionsinställningar.")
        started = time.monotonic()
        if large:
            generate_large(log=self.stdout.write)
            self.stdout.write(f"Klart på {time.monotonic() - started:.0f} s.")
            return
        created = generate(pages_per_section=pages_per_section, agreements=agreements)
        self.stdout.write(f"Lade till {pages_per_section} sidor per sektion och {created} avtal.")
