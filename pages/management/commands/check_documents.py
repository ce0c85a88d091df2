"""``manage.py check_documents [--all]``: run the accessibility check on documents that have
not been checked (documents uploaded before the check existed), or on every document."""

from django.core.management.base import BaseCommand
from wagtail.documents import get_document_model

from pages.documents import check_and_store


class Command(BaseCommand):
    help = "Kontrollerar dokumentens tillgänglighet (taggar, språk, titel)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Kontrollera alla dokument igen.")

    def handle(self, *args, all=False, **options):
        documents = get_document_model().objects.order_by("pk")
        if not all:
            documents = documents.filter(accessibility_check__isnull=True)
        failed = checked = 0
        for document in documents.iterator():
            check = check_and_store(document)
            checked += 1
            failed += not check.passed
        self.stdout.write(f"{checked} dokument kontrollerade, {failed} med brister.")
