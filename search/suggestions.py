"""Spelling hints ("Menade du …?") for searches that find little: the closest words (difflib)
of the site's own vocabulary (public titles and synonyms), kept until content changes."""

import difflib
import re

from agreements.models import Agreement
from core.caching import cached

from .models import Synonym
from .results import public_pages


def vocabulary():
    def compute():
        titles = [*public_pages().values_list("title", flat=True)[:10_000]]
        titles += Agreement.objects.filter(live=True).values_list("title", flat=True)
        titles += [phrase for group in Synonym.groups() for phrase in group]
        return sorted({word for title in titles for word in re.findall(r"\w{4,}", title.lower())})

    return cached("search-vocabulary", compute, local=False)


def suggest(parsed):
    """A corrected query, or "" when every word looks right or nothing is close."""
    known = vocabulary()
    corrected = [
        next(iter(difflib.get_close_matches(word, known, n=1, cutoff=0.8)), word)
        if len(word) >= 4 and not word.isdigit() and word not in known
        else word
        for word in parsed.words
    ]
    return " ".join(corrected) if corrected != parsed.words else ""
