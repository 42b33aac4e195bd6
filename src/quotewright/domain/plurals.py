"""English plurals for the words a document counts: work units ("query",
"anomaly", "email"), months, packs, seats.

One rule, in one place: a word ending in a consonant and y takes -ies
("query" -> "queries", but "day" -> "days"), one ending in s, x, z, ch or
sh takes -es ("box" -> "boxes", "search" -> "searches"), any other takes -s.
Irregular words are not guessed at: a work unit may name its own plural
(`WorkUnit.unit_plural`, "analysis" -> "analyses"), which wins. Only the last
word of a phrase is made plural ("support ticket" -> "support tickets").
Pure: no formatting of numbers here; callers pass whether the count is one.
"""

from __future__ import annotations

_VOWELS = frozenset("aeiou")
_SIBILANT_ENDINGS = ("s", "x", "z", "ch", "sh")


def plural(word: str) -> str:
    """The English plural of `word` (its last word, for a phrase); the case
    of the ending follows the word's ("QUERY" -> "QUERIES")."""
    if not word or not word[-1].isalpha():
        return word
    shout = word[-1].isupper()
    lower = word.lower()
    if lower.endswith("y") and len(lower) > 1 and lower[-2].isalpha() and lower[-2] not in _VOWELS:
        return word[:-1] + ("IES" if shout else "ies")
    if lower.endswith(_SIBILANT_ENDINGS):
        return word + ("ES" if shout else "es")
    return word + ("S" if shout else "s")


def unit_word(singular: str, count_is_one: bool, own_plural: str = "") -> str:
    """The word for a count: `singular` when the count is exactly one, else
    `own_plural` when given, else `plural(singular)`."""
    if count_is_one:
        return singular
    return own_plural or plural(singular)


def is_one(count) -> bool:
    """Whether a count reads as singular: exactly one (1, 1.0, Decimal("1.00"))."""
    return count == 1
