"""Swedish words as staff type them. Stemming handles inflections and prefix matching the
start of a compound; this splits a compound the texts never use ("hemsjukvårdsavtalet" →
"hemsjukvård" + "avtalet") and finds "hälsa" in "ohälsa", by the base forms of the Swedish
Hunspell dictionary (the ``hunspell-sv`` package, read once per process)."""

import functools
import sys
from pathlib import Path

import snowballstemmer

DICTIONARY = Path(sys.prefix, "share", "hunspell", "sv_SE.dic")
MIN_PART = 4  # shorter pieces ("bus", "sam") would split ordinary words


@functools.cache
def lexicon():
    if not DICTIONARY.exists():
        return frozenset()
    with DICTIONARY.open(encoding="utf-8") as file:
        return frozenset(line.split("/", 1)[0].strip().casefold() for line in file)


def variants(word):
    """Word groups that also find ``word``: a compound's parts (all must match) or a known
    word without its negating "o-"."""
    known, stem = lexicon(), snowballstemmer.stemmer("swedish").stemWord
    if word in known or stem(word) in known:
        root = word[1:]
        return [(root,)] if word[0] == "o" and len(root) >= MIN_PART and root in known else []
    parts = split(word, known, stem)
    return [tuple(parts)] if parts else []


def split(word, known, stem):
    """``word`` as known words, the longest first part first, a joining "s" dropped."""
    for end in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        head, tail = word[:end], word[end:]
        head = head[:-1] if head not in known and head[-1] == "s" else head
        if head in known and (tail in known or stem(tail) in known):
            return [head, tail]
        if head in known and len(tail) >= 2 * MIN_PART and (rest := split(tail, known, stem)):
            return [head, *rest]
    return None
