"""Background work of the site search (Django's tasks framework).

In production these run in the ``db_worker`` process (django-tasks-db); in development and
tests the immediate backend runs them at once, in the process that enqueues them.
"""

from django.tasks import task

# Reading documents has a queue (and a worker) of its own, so e-mails and indexing never
# wait behind a large PDF (docs/deployment.md).
DOCUMENT_QUEUE = "dokument"


@task(queue_name=DOCUMENT_QUEUE)
def extract_document_text(document_id):
    """Read the text of an uploaded or replaced document and index it."""
    from .extraction import extract_and_store

    status = extract_and_store(document_id)
    return str(status) if status else None


@task()
def record_search_queries(entries):
    """Add buffered search counts to Wagtail's query log (see ``search.querylog``)."""
    from .querylog import write_counts

    write_counts(entries)
