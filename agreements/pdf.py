"""The accessible PDF of an agreement's web version ("Ladda ner som tillgänglig PDF").

Made with the site's PDF generator (``core.documents``: tagged PDF/UA-1, Swedish, titled,
bookmarks from the headings) from the same fields and body as the agreement's page: the
title is the one level-1 heading, "Om avtalet" holds the facts as a table with row
headers, each chapter of the web version is a level-2 heading and every other heading a
level-3 heading. The file is kept in storage under a digest of its HTML, so it is made
once per published text: by the task worker when the agreement is published
(``agreements.tasks``), or by the first request if the worker has not got to it yet.
"""

from django.template.loader import render_to_string

from core.documents import stored_pdf

FOLDER = "tillganglig-pdf/avtal"


def agreement_pdf_html(agreement):
    return render_to_string(
        "agreements/pdf/agreement.html",
        {
            "agreement": agreement,
            "pdf_title": agreement.title,
            "page_url": agreement.get_full_url(),
        },
    )


def agreement_pdf_path(agreement):
    """The storage path of the agreement's PDF, made now if it is not there yet."""
    return stored_pdf(FOLDER, str(agreement.pk), agreement_pdf_html(agreement))
