"""Spelling hints for searches that found nothing ("Menade du …?").

The vocabulary is the site's own: words from the titles of public pages and published
agreements plus the editors' synonyms, cached for an hour. Close matches come from
difflib.
"""

import difflib
import re

from django.core.cache import cache

from agreements.models import Agreement

from .models import Synonym
from .results import public_pages

VOCABULARY_KEY = "search:vocabulary:v1"
VOCABULARY_SECONDS = 3600
MIN_LENGTH = 4
CUTOFF = 0.8
_WORD = re.compile(r"\w+", re.UNICODE)


def vocabulary():
    words = cache.get(VOCABULARY_KEY)
    if words is None:
        titles = list(public_pages().values_list("title", flat=True)[:10_000])
        titles += list(Agreement.objects.filter(live=True).values_list("title", flat=True))
        titles += [phrase for group in Synonym.groups() for phrase in group]
        words = sorted(
            {
                word
                for title in titles
                for word in _WORD.findall(title.casefold())
                if len(word) >= MIN_LENGTH and not word.isdigit()
            }
        )
        cache.set(VOCABULARY_KEY, words, VOCABULARY_SECONDS)
    return words


def suggest(parsed):
    """A corrected query, or "" when every word looks right or nothing is close."""
    known = vocabulary()
    known_set = set(known)
    corrected, changed = [], False
    for word in parsed.words:
        if len(word) < MIN_LENGTH or word.isdigit() or word in known_set:
            corrected.append(word)
            continue
        close = difflib.get_close_matches(word, known, n=1, cutoff=CUTOFF)
        if close:
            corrected.append(close[0])
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else ""
