"""The Snowball stemmer for Swedish, as PostgreSQL's ``swedish`` configuration uses it.

Only for highlighting: the database decides what matches, this decides which words of a
snippet to mark, so that "kommunerna" marks "kommun" and "kommunernas" alike.
Algorithm: https://snowballstem.org/algorithms/swedish/stemmer.html
"""

from functools import lru_cache

_VOWELS = set("aeiouyäåö")
_S_ENDING = set("bcdfghjklmnoprtvy")
_STEP1 = sorted(
    """a arna erna heterna orna ad e ade ande arne are aste en anden aren heten ern ar er
    heter or as arnas ernas ornas es ades andes ens arens hetens erns at andet het ast""".split(),
    key=len,
    reverse=True,
)
_STEP2 = ("dd", "gd", "nn", "dt", "gt", "kt", "tt")


def _r1(word):
    for i in range(1, len(word)):
        if word[i] not in _VOWELS and word[i - 1] in _VOWELS:
            return max(i + 1, 3)
    return len(word)


@lru_cache(maxsize=4096)
def stem(word):
    word = word.casefold()
    r1 = _r1(word)
    # Step 1: the longest suffix in R1.
    for suffix in _STEP1:
        if word.endswith(suffix) and len(word) - len(suffix) >= r1:
            word = word[: -len(suffix)]
            break
    else:
        if word.endswith("s") and len(word) - 1 >= r1 and len(word) > 1:
            if word[-2] in _S_ENDING:
                word = word[:-1]
    # Step 2: undouble the consonant ending in R1.
    if any(word.endswith(e) and len(word) - len(e) >= r1 for e in _STEP2):
        word = word[:-1]
    # Step 3.
    for suffix, replacement in (("fullt", "full"), ("löst", "lös")):
        if word.endswith(suffix) and len(word) - len(suffix) >= r1:
            return word[: -len(suffix)] + replacement
    for suffix in ("lig", "els", "ig"):
        if word.endswith(suffix) and len(word) - len(suffix) >= r1:
            return word[: -len(suffix)]
    return word
