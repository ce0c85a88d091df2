"""Swedish words as staff type them: the parts of a compound and the root of a derived word.

PostgreSQL's Swedish stemming handles inflections ("barnens" → "barn"), and prefix matching
the beginnings of compounds. What neither does is split a compound that the texts never use
("hemsjukvårdsavtalet" → "hemsjukvård" + "avtalet") or see "hälsa" in "ohälsa". For that the
base forms of the Swedish Hunspell dictionary (the ``hunspell-sv`` package, read once per
process) tell which pieces are words.
"""

import functools
import sys
from pathlib import Path

import snowballstemmer

DICTIONARY = Path(sys.prefix, "share", "hunspell", "sv_SE.dic")
MIN_PART = 4  # shorter pieces ("bus", "sam") split too many ordinary words


@functools.cache
def lexicon():
    """The dictionary's base forms, lower-cased (none if the package is missing)."""
    if not DICTIONARY.exists():
        return frozenset()
    with DICTIONARY.open(encoding="utf-8") as file:
        return frozenset(line.split("/", 1)[0].strip().casefold() for line in file)


def variants(word):
    """Other word groups that find ``word``: the parts of a compound the dictionary does not
    know (all of them must match), or a word without its negating "o-" ("ohälsa" → "hälsa")."""
    words, stem = lexicon(), snowballstemmer.stemmer("swedish").stemWord
    if word in words or stem(word) in words:
        root = word[1:]
        return [(root,)] if word[0] == "o" and len(root) >= MIN_PART and root in words else []
    parts = split(word, words, stem)
    return [tuple(parts)] if parts else []


def split(word, words, stem):
    """``word`` as known words, longest first part first ("hemsjukvårds|avtalet", with the
    joining "s" dropped), or None."""
    for end in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        head, tail = word[:end], word[end:]
        if head not in words and head[-1] == "s" and head[:-1] in words:
            head = head[:-1]
        if head not in words:
            continue
        if tail in words or stem(tail) in words:
            return [head, tail]
        rest = split(tail, words, stem) if len(tail) >= 2 * MIN_PART else None
        if rest:
            return [head, *rest]
    return None
