"""Choosing a QR's mask pattern exactly as `qrcode` does, on rows packed into integers.

`qrcode` picks the mask by drawing the whole symbol eight times and scoring each drawing with
four penalty rules written cell by cell in Python: about 1.4 ms of a 1.6 ms QR, so most of a
20,000-badge sheet's QR time. The data region only differs between masks by a fixed pattern,
so here the symbol is drawn once (mask 0, in `qrcode`'s test mode), each other mask is one XOR
per row block, and the rules run bit-parallel on the rows (and the columns) of the whole symbol
packed into one integer: about 40 integer operations a mask instead of some 10,000 cell visits.

The score is `qrcode.util.lost_point`'s to the point (runs of five or more, 2x2 blocks, the
1:1:3:1:1 finder look-alikes, the share of dark modules, ties to the lowest pattern), so the
symbol printed is the very one `qrcode` would draw; `tests/facilitator/codes/test_qr_mask.py`
checks that against `qrcode` itself for codes of many lengths and versions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

Modules = Sequence[Sequence[bool | None]]

MASKS = range(8)

# The 1:1:3:1:1 finder look-alike with four light modules after it, and its mirror, as 11 bits
# (bit k = the k-th module of the window), as `qrcode.util._lost_point_level3` matches them.
_FINDER = 0b00001011101
_FINDER_MIRRORED = 0b10111010000


def _mask_cell(pattern: int, i: int, j: int) -> bool:
    """`qrcode.util.mask_func(pattern)(i, j)`, with integer arithmetic."""
    if pattern == 0:
        return (i + j) % 2 == 0
    if pattern == 1:
        return i % 2 == 0
    if pattern == 2:
        return j % 3 == 0
    if pattern == 3:
        return (i + j) % 3 == 0
    if pattern == 4:
        return (i // 2 + j // 3) % 2 == 0
    if pattern == 5:
        return (i * j) % 2 + (i * j) % 3 == 0
    if pattern == 6:
        return ((i * j) % 2 + (i * j) % 3) % 2 == 0
    return ((i * j) % 3 + (i + j) % 2) % 2 == 0


def pack(cells: Sequence[Sequence[bool | None]]) -> int:
    """Rows packed into one integer: cell (r, c) is bit r * n + c (None counts as light)."""
    n = len(cells)
    bits = "".join("1" if cell else "0" for row in reversed(cells) for cell in reversed(row))
    return int(bits, 2) if n else 0


def transposed(cells: Sequence[Sequence[bool | None]]) -> list[list[bool]]:
    return [[bool(cell) for cell in column] for column in zip(*cells, strict=True)]


@dataclass(frozen=True)
class SymbolMasks:
    """What scoring needs for one symbol size: each mask's XOR from mask 0, and the bit masks
    that keep runs and windows inside one row."""

    n: int
    row_flips: tuple[int, ...]  # mask p's data modules XOR mask 0's, rows packed
    column_flips: tuple[int, ...]  # the same, columns packed
    everything: int
    pairs: int  # bits whose right neighbour is in the same row
    windows: int  # bits where an 11-module window starts inside the row
    blocks: int  # top-left corners of the 2x2 blocks


@cache
def symbol_masks(data_cells: tuple[tuple[bool, ...], ...]) -> SymbolMasks:
    """The masks of a symbol whose data modules are `data_cells` (True = data)."""
    n = len(data_cells)

    def flips(pattern: int) -> list[list[bool]]:
        return [
            [
                data_cells[i][j] and (_mask_cell(pattern, i, j) != _mask_cell(0, i, j))
                for j in range(n)
            ]
            for i in range(n)
        ]

    each = [flips(p) for p in MASKS]

    def in_rows(last_col: int, rows: int) -> int:
        row = (1 << (last_col + 1)) - 1 if last_col >= 0 else 0
        return sum(row << (r * n) for r in range(rows))

    return SymbolMasks(
        n=n,
        row_flips=tuple(pack(f) for f in each),
        column_flips=tuple(pack(transposed(f)) for f in each),
        everything=(1 << (n * n)) - 1,
        pairs=in_rows(n - 2, n),
        windows=in_rows(n - 11, n),
        blocks=in_rows(n - 2, n - 1),
    )


def _runs(lines: int, masks: SymbolMasks) -> int:
    """Rule 1 along the packed lines: a run of k >= 5 same-coloured modules costs k - 2."""
    same = ~(lines ^ (lines >> 1)) & masks.pairs
    five = same & (same >> 1) & (same >> 2) & (same >> 3)
    # A run of k has k - 4 windows of five; its first window is the one without one before it.
    return five.bit_count() + 2 * (five & ~(five << 1)).bit_count()


def _finders(lines: int, masks: SymbolMasks) -> int:
    """Rule 3 along the packed lines: 40 for each finder look-alike in a window of 11."""
    light = lines ^ masks.everything
    found = 0
    for pattern in (_FINDER, _FINDER_MIRRORED):
        match = masks.windows
        for k in range(11):
            match &= (lines if pattern >> k & 1 else light) >> k
        found += match.bit_count()
    return 40 * found


def _blocks(rows: int, masks: SymbolMasks) -> int:
    """Rule 2: 3 for each 2x2 block of one colour."""
    n = masks.n
    vertical = ~(rows ^ (rows >> n))
    horizontal = ~(rows ^ (rows >> 1))
    return 3 * (vertical & (vertical >> 1) & horizontal & masks.blocks).bit_count()


def _balance(rows: int, n: int) -> int:
    """Rule 4, in `qrcode`'s floating-point arithmetic: 10 for each 5% away from half dark."""
    percent = float(rows.bit_count()) / (n**2)
    return int(abs(percent * 100 - 50) / 5) * 10


def lost_point(rows: int, columns: int, masks: SymbolMasks) -> int:
    """`qrcode.util.lost_point` of the symbol whose rows and columns are packed."""
    return (
        _runs(rows, masks)
        + _runs(columns, masks)
        + _blocks(rows, masks)
        + _finders(rows, masks)
        + _finders(columns, masks)
        + _balance(rows, masks.n)
    )


def best_mask(test_modules: Modules, data_cells: tuple[tuple[bool, ...], ...]) -> tuple[int, int]:
    """The mask `qrcode`'s `best_mask_pattern` picks (the lowest score, the first of equals)
    and the symbol's rows under it, packed, given the symbol drawn in `qrcode`'s test mode with
    mask 0 (format and version areas light) and which of its modules carry data."""
    masks = symbol_masks(data_cells)
    rows0 = pack(test_modules)
    columns0 = pack(transposed(test_modules))
    best, best_score = 0, 0
    for p in MASKS:
        score = lost_point(rows0 ^ masks.row_flips[p], columns0 ^ masks.column_flips[p], masks)
        if p == 0 or score < best_score:
            best, best_score = p, score
    return best, rows0 ^ masks.row_flips[best]


def unpack(rows: int, n: int) -> list[list[bool]]:
    """The packed rows of an n x n symbol as lists of modules (True = dark)."""
    bits = format(rows, f"0{n * n}b")[::-1]
    return [[bit == "1" for bit in bits[r * n : (r + 1) * n]] for r in range(n)]
