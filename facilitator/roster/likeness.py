"""How alike two names are: the edit distance behind "one letter off is still the same name".

Why its own module: two rules need it and must agree. A corrected roster (วีระพงษ์ → วีรพงษ์,
same phone) must update the person instead of adding them again, and a search typed one letter
off must still find them. Both compare search keys (clean, case-folded) letter by letter: a Thai
vowel or tone mark is a letter of its own, so dropping the ะ of วีระพงษ์ is one edit.

The distance is bounded: past `limit` the answer is only "too far", which lets the search
compare thousands of names per keystroke (a length check first, then a band of the table).
"""

from __future__ import annotations

#: Edits that still count as the same name: a letter dropped, added or changed, twice.
NAME_EDITS = 2


def within(a: str, b: str, limit: int = NAME_EDITS) -> bool:
    """Whether `a` becomes `b` in at most `limit` single-letter edits (Levenshtein)."""
    return distance(a, b, limit) <= limit


def distance(a: str, b: str, limit: int = NAME_EDITS) -> int:
    """The Levenshtein distance of `a` and `b`, or `limit + 1` when it is larger than `limit`."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if len(a) > len(b):
        a, b = b, a
    return _banded(a, b, limit, prefix=False)


def prefix_distance(word: str, name: str, limit: int = NAME_EDITS) -> int:
    """The fewest edits that turn `word` into the start of `name` (a search typed so far), or
    `limit + 1` when that is more than `limit`. Never more than `distance(word, name)`."""
    if name.startswith(word):
        return 0
    if len(name) < len(word) - limit:
        return limit + 1
    return _banded(word, name, limit, prefix=True)


def _banded(a: str, b: str, limit: int, prefix: bool) -> int:
    """The edit table of `a` against `b`, only the diagonal band `limit` wide (a path that
    leaves it costs more than `limit` anyway), stopping when a whole row is past the limit.
    With `prefix`, the answer is the best cell of the last row (`a` against any start of `b`)."""
    too_far = limit + 1
    previous = [j if j <= limit else too_far for j in range(len(b) + 1)]
    for i, ch in enumerate(a, start=1):
        low, high = max(1, i - limit), min(len(b), i + limit)
        current = [too_far] * (len(b) + 1)
        current[0] = i if i <= limit else too_far
        best = current[0]
        for j in range(low, high + 1):
            cost = previous[j - 1] + (ch != b[j - 1])
            if previous[j] + 1 < cost:
                cost = previous[j] + 1
            if current[j - 1] + 1 < cost:
                cost = current[j - 1] + 1
            current[j] = cost if cost <= limit else too_far
            if current[j] < best:
                best = current[j]
        if best > limit:
            return too_far
        previous = current
    return min(previous) if prefix else previous[len(b)]


def allowed_edits(word: str) -> int:
    """How many edits a search word may be off: none below 4 letters (too many names are that
    close), one up to 5, two from 6 (a Thai name of 6 letters often differs by a vowel mark)."""
    if len(word) < 4:
        return 0
    return 1 if len(word) < 6 else NAME_EDITS
