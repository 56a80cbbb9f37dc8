"""Where a line of Thai text may end, and text wrapped or shortened only there.

Thai is written without spaces between words, so a cut between two character clusters (the
old rule) lands inside a word: "เอกลักษณ์ข / องชุมชน" on a badge, "…นักท่อ…" in a table. The
places a line may end are the word boundaries, which only a dictionary knows: pythainlp's
``newmm`` maximal-matching tokenizer with its own word list (no network, no model), plus a few
abbreviations a roster is full of (มผช., อย., ผศ.ดร.) that must not fall apart at their dots.

pythainlp is imported the first time a text does not fit its line, never at start-up: loading
its dictionary costs about half a second, and most texts (and every CLI command that lays out
nothing) never need it. Latin words and numbers break at spaces and after a hyphen or slash;
no line starts with closing punctuation, ๆ or ฯ, and none ends with an opening bracket.

Every face lays text out through `wrap` and `shorten` here: the badge sheet, the badge
pictures and the PDF tables, each measuring with its own `width_fn` (shaped widths in mm or
pixels), so all of them break at the same places.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable, Sequence
from functools import cache, lru_cache

from facilitator.thai.text import TITLES, clusters

__all__ = [
    "ELLIPSIS",
    "Measure",
    "WidthFn",
    "break_opportunities",
    "fit_lines",
    "shorten",
    "size_steps",
    "split_lines",
    "words",
    "wrap",
]

WidthFn = Callable[[str], float]
ELLIPSIS = "…"

_THAI = re.compile(r"[\u0e00-\u0e7f]")
_THAI_RUN = re.compile(r"[\u0e00-\u0e7f]+(?:\.[\u0e00-\u0e7f]+)*\.?")
_SPACE = re.compile(r"\s+")

#: Words the dictionary lacks but a workshop's paperwork is full of: abbreviations whose dots
#: would otherwise split them ("ม | ผช."), titles with dots, and the province's district
#: names, which a line should not split ("หนอง | สูง").
EXTRA_WORDS: frozenset[str] = frozenset(
    {"มผช.", "อย.", "พ.ศ.", "ค.ศ.", "จ.", "อ.", "ต.", "ม.", "น.", "ร.ต.", "ว่าที่ร.ต.", "กทม."}
    | {t.replace(" ", "") for t in TITLES if "." in t and not t.isascii()}
    | {"มุกดาหาร", "นิคมคำสร้อย", "ดอนตาล", "ดงหลวง", "คำชะอี", "หว้านใหญ่", "หนองสูง"}
)

# Breaks the dictionary would allow but a reader would not.
_NO_BREAK_BEFORE = frozenset(")]}»”’.,;:!?%…ๆฯ")
_NO_BREAK_AFTER = frozenset("([{«“‘")
_QUOTES = frozenset("\"'")
_BREAK_AFTER_IN_LATIN = frozenset("-/–—")


@cache
def _tokenizer() -> Callable[[str], list[str]]:
    """newmm with its dictionary and ours, loaded once per process, on first need."""
    # pythainlp creates ~/pythainlp-data on import unless told it may not write: it needs
    # nothing from there for newmm, and the desk's home folder is not its to fill.
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
    from pythainlp.corpus import thai_words
    from pythainlp.tokenize import word_tokenize
    from pythainlp.util import Trie

    trie = Trie(set(thai_words()) | EXTRA_WORDS)

    def tokenize(text: str) -> list[str]:
        return word_tokenize(text, custom_dict=trie, engine="newmm", keep_whitespace=True)

    return tokenize


@lru_cache(maxsize=20_000)
def words(text: str) -> tuple[str, ...]:
    """The text cut into words, spaces and punctuation; joined back they are the text.

    Only Thai runs go through the dictionary; Latin words, numbers and spaces are kept as
    written (split at whitespace), so "KBO-จังหวัดมุกดาหาร 2564" costs one dictionary call.
    """
    out: list[str] = []
    pos = 0
    for match in _THAI_RUN.finditer(text):
        out += _latin_words(text[pos : match.start()])
        out += _tokenizer()(match.group())
        pos = match.end()
    out += _latin_words(text[pos:])
    return tuple(token for token in out if token)


def _latin_words(text: str) -> list[str]:
    return [part for part in re.split(r"(\s+)", text) if part]


def _thai(ch: str) -> bool:
    return bool(_THAI.match(ch))


def _may_break(left: str, right: str) -> bool:
    """Whether a line may end between the tokens `left` and `right` (both non-empty)."""
    last, first = left[-1], right[0]
    if last.isspace():
        return not first.isspace()
    if first.isspace():
        return False  # the space stays at the end of the line before it
    if first in _NO_BREAK_BEFORE or last in _NO_BREAK_AFTER:
        return False
    if first in _QUOTES or last in _QUOTES:
        return False
    if not _thai(last) and not _thai(first):
        return last in _BREAK_AFTER_IN_LATIN  # inside "KBO-2564", "08:30" or "e-mail"
    return True


@lru_cache(maxsize=20_000)
def break_opportunities(text: str) -> tuple[int, ...]:
    """Offsets (0 < i < len(text)) where a line may end and the next begin at text[i:]."""
    tokens = words(text)
    points: list[int] = []
    offset = 0
    for left, right in itertools.pairwise(tokens):
        offset += len(left)
        if _may_break(left, right):
            points.append(offset)
    return tuple(points)


def _pieces(text: str) -> list[str]:
    """The text split at its break opportunities; each piece keeps its trailing spaces."""
    cuts = (0, *break_opportunities(text), len(text))
    return [text[a:b] for a, b in itertools.pairwise(cuts) if b > a]


def _units(text: str) -> list[str]:
    """Clusters, with ๆ, ฯ and closing punctuation kept on the cluster before them: the
    pieces a word longer than a line may be cut into."""
    units: list[str] = []
    for cluster in clusters(text):
        if units and cluster[0] in _NO_BREAK_BEFORE:
            units[-1] += cluster
        else:
            units.append(cluster)
    return units


def _cluster_prefix(text: str, width_fn: WidthFn, max_width: float, tail: str = "") -> int:
    """How many leading characters of `text` (whole clusters, plus `tail`) fit; at least one
    cluster, so a line always makes progress."""
    parts = _units(text)
    low, high = 1, len(parts)
    while low < high:
        mid = (low + high + 1) // 2
        if width_fn("".join(parts[:mid]) + tail) <= max_width:
            low = mid
        else:
            high = mid - 1
    return len("".join(parts[:low]))


def _cut_word(word: str, width_fn: WidthFn, max_width: float) -> list[str]:
    """A word longer than a line, cut between clusters: the last resort."""
    lines: list[str] = []
    rest = word
    while rest and width_fn(rest) > max_width:
        n = _cluster_prefix(rest, width_fn, max_width)
        lines.append(rest[:n])
        rest = rest[n:]
    if rest:
        lines.append(rest)
    return lines


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def wrap(
    text: str,
    width_fn: WidthFn,
    max_width: float,
    max_lines: int | None = None,
    ellipsis: str = ELLIPSIS,
) -> list[str]:
    """Lines of at most `max_width` (as `width_fn` measures), broken only between words.

    Greedy, like a typewriter: each line takes as many words as fit. A single word longer
    than a line is cut between character clusters, never inside one. With `max_lines`, the
    last line allowed is shortened with `ellipsis` (again at a word boundary) when the text
    needs more. Empty text gives no lines.
    """
    text = _clean(text)
    if not text:
        return []
    if width_fn(text) <= max_width:
        return [text]
    lines: list[str] = []
    current = ""
    for piece in _pieces(text):
        if current and width_fn((current + piece).rstrip()) > max_width:
            lines.append(current.rstrip())
            current = ""
        if not current and width_fn(piece.rstrip()) > max_width:
            *full, last = _cut_word(piece.rstrip(), width_fn, max_width)
            lines += full
            current = last + piece[len(piece.rstrip()) :]
        else:
            current += piece
        if max_lines is not None and len(lines) > max_lines:
            break  # the rest will not be shown anyway
    if current.strip():
        lines.append(current.rstrip())
    if max_lines is not None and len(lines) > max_lines:
        keep = lines[: max_lines - 1]
        keep.append(shorten(_rest_after(text, keep), width_fn, max_width, ellipsis))
        return keep
    return lines


def _rest_after(text: str, lines: Sequence[str]) -> str:
    """The text left once `lines` (prefixes of it, spaces trimmed at the joins) are placed."""
    pos = 0
    for line in lines:
        pos = text.index(line, pos) + len(line)
    return text[pos:].lstrip()


def shorten(text: str, width_fn: WidthFn, max_width: float, ellipsis: str = ELLIPSIS) -> str:
    """The text if it fits; else its longest run of whole words that fits with `ellipsis`.

    Only when not even the first word fits is it cut between character clusters (so a cut
    name never ends in a stray tone mark); when not even the ellipsis fits, the ellipsis.
    """
    text = _clean(text)
    if not text or width_fn(text) <= max_width:
        return text
    ends = [i for i in break_opportunities(text) if text[:i].strip()]
    low, high = 0, len(ends)
    while low < high:  # the most words that fit, found by halving (widths grow with length)
        mid = (low + high + 1) // 2
        if width_fn(text[: ends[mid - 1]].rstrip() + ellipsis) <= max_width:
            low = mid
        else:
            high = mid - 1
    if low:
        return text[: ends[low - 1]].rstrip() + ellipsis
    if width_fn(ellipsis) > max_width:
        return ellipsis
    n = _cluster_prefix(text, width_fn, max_width, ellipsis)
    prefix = text[:n].rstrip()
    if width_fn(prefix + ellipsis) > max_width:
        return ellipsis
    return prefix + ellipsis


def split_lines(text: str, width_fn: WidthFn, lines: int = 2) -> list[str]:
    """The text in `lines` lines as even in width as word boundaries allow (for a name on a
    badge: two lines of one size read better than one long and one short)."""
    text = _clean(text)
    points = [i for i in break_opportunities(text) if text[:i].strip()]
    if lines != 2 or not points:
        return [text] if text else []
    best = min(
        points,
        key=lambda i: (
            max(width_fn(text[:i].rstrip()), width_fn(text[i:].strip())),
            not text[i - 1].isspace(),  # a tie goes to the space between given name and surname
        ),
    )
    return [text[:best].rstrip(), text[best:].strip()]


Measure = Callable[[str, float], float]


def fit_lines(
    text: str,
    measure: Measure,
    max_width: float,
    sizes: Sequence[float],
    max_lines: int,
    ellipsis: str = ELLIPSIS,
) -> tuple[list[str], float]:
    """The largest of `sizes` (largest first) at which the text wraps into `max_lines` lines
    or fewer, and those lines; failing every size, the smallest, its last line shortened.

    `measure(text, size)` is the shaped width at that size. Smaller type never needs more
    lines, so the sizes are searched by halving.
    """
    if not sizes:
        raise ValueError("fit_lines needs at least one size")

    def lines_at(size: float, limit: int | None = None) -> list[str]:
        return wrap(text, lambda t: measure(t, size), max_width, limit, ellipsis)

    low, high = 0, len(sizes)  # sizes[:low] are known not to fit
    while low < high:
        mid = (low + high) // 2
        if len(lines_at(sizes[mid])) <= max_lines:
            high = mid
        else:
            low = mid + 1
    if low < len(sizes):
        return lines_at(sizes[low]), sizes[low]
    return lines_at(sizes[-1], max_lines), sizes[-1]


def size_steps(largest: float, smallest: float, step: float = 0.25) -> list[float]:
    """Sizes from `largest` down to `smallest` by `step`, both ends included."""
    if largest <= smallest:
        return [smallest]
    count = int((largest - smallest) / step)
    steps = [round(largest - i * step, 4) for i in range(count + 1)]
    return steps if steps[-1] == smallest else [*steps, smallest]
