"""An agreement's validity in plain Swedish: the one text the register, the detail page,
the CSV/JSON/Atom exports and the admin listing all show.

The wording depends on the derived status. Each status that needs its own wording has an
entry in ``WORDING``; a new status adds an entry there and every place follows.
"""

from django.utils.formats import date_format


def swedish_date(value):
    """ "1 april 2017" (what every Swedish text on the site uses)."""
    return date_format(value, "j F Y") if value else ""


def _period(start, end):
    if start and end:
        return f"{swedish_date(start)} – {swedish_date(end)}"
    if start:
        return f"Från {swedish_date(start)}, tills vidare"
    return f"Till {swedish_date(end)}" if end else "Tills vidare"


def _replaced(agreement):
    """A replaced agreement applied until the day before its successor started."""
    end = agreement.replaced_on or agreement.valid_to
    if end is None:
        start = swedish_date(agreement.valid_from)
        return f"Från {start}, numera ersatt" if start else "Numera ersatt"
    return f"{_period(agreement.valid_from, end)} (därefter ersatt)"


# Status value -> function(agreement) -> text. Statuses not named use the plain period.
WORDING = {"ersatt": _replaced}


def validity_text(agreement):
    """E.g. "Från 1 april 2017, tills vidare", "1 april 2012 – 31 december 2020 (därefter
    ersatt)", "Tills vidare"."""
    wording = WORDING.get(agreement.status.value)
    if wording is not None:
        return wording(agreement)
    return _period(agreement.valid_from, agreement.valid_to)
