"""A readable comparison of two web versions: what a new version added, removed and changed.

The web versions are read as passages (headings, paragraphs, list items, the text of
other blocks) and compared with Python's ``difflib``: passages that only one version has
are added or removed; a passage that was reworded is shown once with its removed and
added words. The template marks every change with words ("Tillagt", "Borttaget",
"Ändrat"), not with colour alone.
"""

import difflib
import html
import re
from dataclasses import dataclass, field

from django.utils.html import strip_tags
from django.utils.text import normalize_newlines

# Below this similarity a replaced passage is shown as removed + added, not as reworded.
REWORDED_RATIO = 0.5
_BREAKS = re.compile(r"</(p|li|h[1-6])>|<br\s*/?>", re.IGNORECASE)


@dataclass
class Change:
    kind: str  # "same", "added", "removed" or "changed"
    text: str = ""
    is_heading: bool = False
    parts: list = field(default_factory=list)  # for "changed": (kind, words) pairs

    @property
    def label(self):
        return {"added": "Tillagt", "removed": "Borttaget", "changed": "Ändrat"}.get(self.kind, "")


@dataclass
class Comparison:
    changes: list

    def count(self, kind):
        return sum(1 for change in self.changes if change.kind == kind)

    @property
    def added(self):
        return self.count("added")

    @property
    def removed(self):
        return self.count("removed")

    @property
    def changed(self):
        return self.count("changed")

    @property
    def has_changes(self):
        return any(change.kind != "same" for change in self.changes)


def _lines(source):
    text = html.unescape(strip_tags(_BREAKS.sub("\n", source)))
    return [" ".join(line.split()) for line in normalize_newlines(text).split("\n")]


def passages(body):
    """``(text, is_heading)`` for every passage of a web version, in order."""
    result = []
    for block in body:
        if block.block_type == "heading":
            result.append((block.value["text"].strip(), True))
            continue
        if block.block_type == "paragraph":
            lines = _lines(block.value.source)
        else:
            lines = [
                " ".join(str(t).split()) for t in block.block.get_searchable_content(block.value)
            ]
        result.extend((line, False) for line in lines if line)
    return result


def _words(old, new):
    """Word by word: ``(kind, words)`` runs of one reworded passage."""
    a, b = old.split(), new.split()
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("added", " ".join(b[j1:j2])))
    return parts


def compare(old_body, new_body):
    """The changes from ``old_body`` to ``new_body`` (two StreamField values)."""
    old, new = passages(old_body), passages(new_body)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    changes = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            changes.extend(Change("same", text, heading) for text, heading in new[j1:j2])
            continue
        removed, added = old[i1:i2], new[j1:j2]
        # Pair reworded passages one to one while they resemble each other.
        while removed and added:
            (old_text, old_heading), (new_text, new_heading) = removed[0], added[0]
            ratio = difflib.SequenceMatcher(
                None, old_text.split(), new_text.split(), autojunk=False
            ).ratio()
            if ratio < REWORDED_RATIO or old_heading != new_heading:
                break
            changes.append(
                Change("changed", new_text, new_heading, parts=_words(old_text, new_text))
            )
            removed, added = removed[1:], added[1:]
        changes.extend(Change("removed", text, heading) for text, heading in removed)
        changes.extend(Change("added", text, heading) for text, heading in added)
    return Comparison(changes)
