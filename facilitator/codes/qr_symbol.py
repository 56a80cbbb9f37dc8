"""QR symbols module for module as `qrcode` draws them, built on rows packed into integers.

`qrcode` is exact but slow for a badge sheet: it draws the whole symbol nine times (once per
mask pattern, then the chosen one), scores each drawing with four penalty rules visiting every
module in Python, and writes the data one bit at a time: about 1.6 ms a code, which was half
of a 20,000-badge sheet. Here each symbol size is worked out once (which modules carry data, in
which order, under which mask, with which fixed patterns and format bits, all taken from
`qrcode`'s own drawing code), and each code then costs a few dozen operations on integers that
hold the whole symbol, one bit per module: the data placed by one join, each mask one XOR,
each penalty rule a handful of shifts and ANDs over every row (and every column) at once.

Everything that decides what is printed is `qrcode`'s: the mode it picks for the text, its
version choice, its Reed-Solomon blocks and generator polynomials, its data order, its penalty
rules to the point (`qrcode.util.lost_point`: runs of five or more, 2x2 blocks, the 1:1:3:1:1
finder look-alikes, the share of dark modules) and its tie-break (the first lowest mask).
`tests/facilitator/codes/test_qr_symbol.py` checks the symbols against `qrcode` itself for
texts of every mode and many lengths and versions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from qrcode import LUT, base, util
from qrcode.exceptions import DataOverflowError
from qrcode.main import QRCode

from facilitator.i18n import t

Modules = list[list[bool]]

MASKS = range(8)

_PADS = (util.PAD0, util.PAD1)

#: Symbols with up to this many data modules (version 3 at most) place their data through
#: lookup tables, 16 integers per half codeword (about 0.5 MB for version 3); bigger ones
#: through one string join per symbol.
NIBBLE_TABLES_UP_TO = 600


class TooLong(DataOverflowError):
    """The text does not fit the largest QR at this error correction level (as `qrcode`)."""


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


def pack(cells: list[list[bool]] | list[list[bool | None]]) -> int:
    """Rows packed into one integer: module (r, c) of an n x n symbol is bit r * n + c."""
    bits = "".join("1" if cell else "0" for row in reversed(cells) for cell in reversed(row))
    return int(bits, 2) if bits else 0


def unpack(rows: int, n: int) -> Modules:
    """The packed rows of an n x n symbol as lists of modules (True = dark)."""
    return [[bit == "1" for bit in row] for row in row_texts(rows, n)]


def row_texts(rows: int, n: int, quiet_zone: int = 0) -> list[str]:
    """The packed rows of an n x n symbol as "1" (dark) and "0" strings, with `quiet_zone`
    light modules around."""
    bits = format(rows, f"0{n * n}b")[::-1]
    margin = "0" * quiet_zone
    blank = "0" * (n + 2 * quiet_zone)
    return [
        *(blank for _ in range(quiet_zone)),
        *(margin + bits[r * n : (r + 1) * n] + margin for r in range(n)),
        *(blank for _ in range(quiet_zone)),
    ]


def _transposed(cells: list[list[bool]]) -> list[list[bool]]:
    return [list(column) for column in zip(*cells, strict=True)]


def _drawn(version: int, error_correction: int, mask: int | None) -> list[list[bool | None]]:
    """`qrcode`'s fixed patterns for a symbol: with the format (and version) bits of `mask`,
    or, for mask None, light as in its test drawings; data modules are left None."""
    probe = QRCode(version=version, error_correction=error_correction)
    n = probe.modules_count = version * 4 + 17
    probe.modules = [[None] * n for _ in range(n)]
    for row, col in ((0, 0), (n - 7, 0), (0, n - 7)):
        probe.setup_position_probe_pattern(row, col)
    probe.setup_position_adjust_pattern()
    probe.setup_timing_pattern()
    probe.setup_type_info(mask is None, mask or 0)
    if version >= 7:
        probe.setup_type_number(mask is None)
    return probe.modules


def _data_order(cells: list[list[bool | None]]) -> list[tuple[int, int]]:
    """The data modules in the order `qrcode.QRCode.map_data` fills them."""
    n = len(cells)
    order = []
    row, step = n - 1, -1
    for col in range(n - 1, 0, -2):
        if col <= 6:
            col -= 1
        while True:
            for c in (col, col - 1):
                if cells[row][c] is None:
                    order.append((row, c))
            row += step
            if row < 0 or row >= n:
                row -= step
                step = -step
                break
    return order


@dataclass(frozen=True)
class SymbolPlan:
    """What building a symbol of one version and error correction level needs, worked out
    once: where the data bits go, each mask over the data, the fixed patterns, and the bit
    masks that keep the penalty rules' runs and windows inside one row."""

    version: int
    n: int
    data_bits: int
    rows_order: tuple[int, ...]  # for each module (packed string order): its data bit, or -1
    columns_order: tuple[int, ...]
    # Small symbols: for each half-codeword (high then low nibble of each) and each of its 16
    # values, those data bits placed (rows packed, then columns packed); empty otherwise.
    rows_nibbles: tuple[tuple[int, ...], ...]
    columns_nibbles: tuple[tuple[int, ...], ...]
    mask_rows: tuple[int, ...]  # data modules where mask p flips, rows packed
    mask_columns: tuple[int, ...]
    fixed_test_rows: int  # the fixed patterns, format and version areas light
    fixed_test_columns: int
    fixed_rows: tuple[int, ...]  # the fixed patterns with mask p's format (and version) bits
    everything: int
    pairs: int  # modules whose right neighbour is in the same row
    windows: int  # modules where an 11-module window starts inside the row
    blocks: int  # top-left corners of the 2x2 blocks


@cache
def symbol_plan(version: int, error_correction: int) -> SymbolPlan:
    """The plan for symbols of `version` at `error_correction` (`qrcode.constants`)."""
    test = _drawn(version, error_correction, None)
    n = len(test)
    order = _data_order(test)
    bit_of = {cell: i for i, cell in enumerate(order)}
    sentinel = len(order)  # a light module: the string of data bits ends with one "0"

    def packed_order(transpose: bool) -> tuple[int, ...]:
        cells = [(c, r) if transpose else (r, c) for r in range(n) for c in range(n)]
        return tuple(bit_of.get(cell, sentinel) for cell in reversed(cells))

    def nibbles(transpose: bool) -> tuple[tuple[int, ...], ...]:
        if len(order) > NIBBLE_TABLES_UP_TO:
            return ()
        place = [c * n + r if transpose else r * n + c for r, c in order]
        tables = []
        for first in range(0, len(order) // 4 * 4, 4):
            spots = place[first : first + 4]  # the nibble's bits, highest first
            tables.append(
                tuple(
                    sum(1 << spot for k, spot in enumerate(spots) if value >> (3 - k) & 1)
                    for value in range(16)
                )
            )
        return tuple(tables)

    def data_mask(pattern: int) -> list[list[bool]]:
        return [
            [(i, j) in bit_of and _mask_cell(pattern, i, j) for j in range(n)] for i in range(n)
        ]

    masks = [data_mask(p) for p in MASKS]
    fixed_test = [[bool(cell) for cell in row] for row in test]
    fixed = [
        [[bool(cell) for cell in row] for row in _drawn(version, error_correction, p)]
        for p in MASKS
    ]

    def in_rows(last_col: int, rows: int) -> int:
        row = (1 << (last_col + 1)) - 1 if last_col >= 0 else 0
        return sum(row << (r * n) for r in range(rows))

    return SymbolPlan(
        version=version,
        n=n,
        data_bits=len(order),
        rows_order=packed_order(False),
        columns_order=packed_order(True),
        rows_nibbles=nibbles(False),
        columns_nibbles=nibbles(True),
        mask_rows=tuple(pack(m) for m in masks),
        mask_columns=tuple(pack(_transposed(m)) for m in masks),
        fixed_test_rows=pack(fixed_test),
        fixed_test_columns=pack(_transposed(fixed_test)),
        fixed_rows=tuple(pack(f) for f in fixed),
        everything=(1 << (n * n)) - 1,
        pairs=in_rows(n - 2, n),
        windows=in_rows(n - 11, n),
        blocks=in_rows(n - 2, n - 1),
    )


# -- the data --------------------------------------------------------------------------------


def _segment(text: str) -> tuple[int, bytes]:
    """`qrcode.util.QRData(text)`: the text's bytes and the most compact mode for them."""
    data = util.to_bytestring(text)
    return util.optimal_mode(data), data


def _payload(mode: int, data: bytes) -> tuple[int, int]:
    """The segment's data bits (`QRData.write`) as (value, length)."""
    value = length = 0
    if mode == util.MODE_NUMBER:
        for i in range(0, len(data), 3):
            chars = data[i : i + 3]
            bits = util.NUMBER_LENGTH[len(chars)]
            value, length = (value << bits) | int(chars), length + bits
    elif mode == util.MODE_ALPHA_NUM:
        find = util.ALPHA_NUM.find
        for i in range(0, len(data) - 1, 2):
            value = (value << 11) | (find(data[i : i + 1]) * 45 + find(data[i + 1 : i + 2]))
            length += 11
        if len(data) % 2:
            value, length = (value << 6) | find(data[-1:]), length + 6
    else:
        value, length = int.from_bytes(data, "big") if data else 0, 8 * len(data)
    return value, length


def _version(mode: int, count: int, payload_bits: int, error_correction: int) -> int:
    """`QRCode.best_fit`: the smallest version whose data capacity takes the segment."""
    limits = util.BIT_LIMIT_TABLE[error_correction]
    for version in range(1, 41):
        needed = 4 + util.length_in_bits(mode, version) + payload_bits
        if needed <= limits[version]:
            return version
    raise TooLong(t("codes.error.qr_too_long", count=count))


@cache
def _generator(ec_count: int) -> tuple[int, ...]:
    """The Reed-Solomon generator's coefficients after the leading 1 (`qrcode`'s)."""
    if ec_count in LUT.rsPoly_LUT:
        poly = list(LUT.rsPoly_LUT[ec_count])
    else:
        product = base.Polynomial([1], 0)
        for i in range(ec_count):
            product = product * base.Polynomial([1, base.gexp(i)], 0)
        poly = list(product)
    return tuple(poly[1:])


@cache
def _feedback(ec_count: int) -> tuple[int, ...]:
    """For each byte leaving the shift register, what it XORs into the rest: the generator
    times that byte in GF(256), its ec_count bytes packed into one integer."""
    exp, log = base.EXP_TABLE, base.LOG_TABLE
    generator = _generator(ec_count)
    table = [0]
    for factor in range(1, 256):
        product = bytes(exp[(log[g] + log[factor]) % 255] if g else 0 for g in generator)
        table.append(int.from_bytes(product, "big"))
    return tuple(table)


def _error_correction(block: bytes, ec_count: int) -> bytes:
    """The block's Reed-Solomon remainder: `qrcode`'s polynomial division, as a shift
    register whose state is one integer (the remainder's bytes, first byte highest)."""
    table = _feedback(ec_count)
    shift = 8 * (ec_count - 1)
    keep = (1 << shift) - 1
    remainder = 0
    for byte in block:
        remainder = ((remainder & keep) << 8) ^ table[byte ^ (remainder >> shift)]
    return remainder.to_bytes(ec_count, "big")


def _codewords(mode: int, data: bytes, version: int, error_correction: int) -> bytes:
    """`qrcode.util.create_data`: mode, length, data, terminator, padding, blocks interleaved
    with their error correction."""
    value, length = _payload(mode, data)
    count_bits = util.length_in_bits(mode, version)
    bits = (((mode << count_bits) | len(data)) << length) | value
    size = 4 + count_bits + length
    blocks = base.rs_blocks(version, error_correction)
    limit = sum(block.data_count * 8 for block in blocks)
    terminator = min(limit - size, 4)
    bits, size = bits << terminator, size + terminator
    if size % 8:
        bits, size = bits << (8 - size % 8), size + 8 - size % 8
    stream = bits.to_bytes(size // 8, "big") + bytes(
        _PADS[i % 2] for i in range((limit - size) // 8)
    )
    data_blocks, ec_blocks = [], []
    offset = 0
    for block in blocks:
        chunk = stream[offset : offset + block.data_count]
        offset += block.data_count
        data_blocks.append(chunk)
        ec_blocks.append(_error_correction(chunk, block.total_count - block.data_count))
    out = bytearray()
    for i in range(max(len(b) for b in data_blocks)):
        out.extend(b[i] for b in data_blocks if i < len(b))
    for i in range(max(len(b) for b in ec_blocks)):
        out.extend(b[i] for b in ec_blocks if i < len(b))
    return bytes(out)


# -- the penalty rules -----------------------------------------------------------------------


def _runs(lines: int, plan: SymbolPlan) -> int:
    """Rule 1 along the packed lines: a run of k >= 5 same-coloured modules costs k - 2."""
    same = ~(lines ^ (lines >> 1)) & plan.pairs
    five = same & (same >> 1) & (same >> 2) & (same >> 3)
    # A run of k has k - 4 windows of five; its first window is the one without one before it.
    return five.bit_count() + 2 * (five & ~(five << 1)).bit_count()


def _finders(lines: int, plan: SymbolPlan) -> int:
    """Rule 3 along the packed lines: 40 for each finder look-alike in a window of 11,
    dark-light-dark-dark-dark-light-dark then four light (bits 0 to 10), or its mirror."""
    dark, light = lines, lines ^ plan.everything
    dark2, light2 = dark & (dark >> 1), light & (light >> 1)
    # What both share: light at 1, 5 and 9, dark at 4 and 6.
    both = plan.windows & (light >> 1) & (dark >> 4) & (light >> 5) & (dark >> 6) & (light >> 9)
    finder = both & dark & (dark2 >> 2) & (light2 >> 7) & (light >> 10)
    mirrored = both & light & (light2 >> 2) & (dark2 >> 7) & (dark >> 10)
    return 40 * (finder.bit_count() + mirrored.bit_count())


def _blocks(rows: int, plan: SymbolPlan) -> int:
    """Rule 2: 3 for each 2x2 block of one colour."""
    vertical = ~(rows ^ (rows >> plan.n))
    horizontal = ~(rows ^ (rows >> 1))
    return 3 * (vertical & (vertical >> 1) & horizontal & plan.blocks).bit_count()


def _balance(rows: int, n: int) -> int:
    """Rule 4, in `qrcode`'s floating-point arithmetic: 10 for each 5% away from half dark."""
    percent = float(rows.bit_count()) / (n**2)
    return int(abs(percent * 100 - 50) / 5) * 10


def lost_point(rows: int, columns: int, plan: SymbolPlan) -> int:
    """`qrcode.util.lost_point` of the symbol whose rows and columns are packed."""
    return (
        _runs(rows, plan)
        + _runs(columns, plan)
        + _blocks(rows, plan)
        + _finders(rows, plan)
        + _finders(columns, plan)
        + _balance(rows, plan.n)
    )


# -- the symbol ------------------------------------------------------------------------------


def _placed(
    codewords: bytes, order: tuple[int, ...], nibbles: tuple[tuple[int, ...], ...], data_bits: int
) -> int:
    """The data bits put where `map_data` puts them, unmasked, as a packed integer (the
    modules after the last codeword stay light, as `map_data` leaves them before masking)."""
    if nibbles:
        placed = 0
        for i, byte in enumerate(codewords):
            placed |= nibbles[2 * i][byte >> 4] | nibbles[2 * i + 1][byte & 15]
        return placed
    bits = "".join(format(byte, "08b") for byte in codewords)[:data_bits]
    bits = bits.ljust(data_bits + 1, "0")
    return int("".join(map(bits.__getitem__, order)), 2)


def qr_symbol(text: str, error_correction: int) -> tuple[int, int, int]:
    """(rows packed, side in modules, mask) of `text`'s QR without quiet zone, as `qrcode`
    makes it with `add_data(QRData(text))` and `make(fit=True)`."""
    mode, data = _segment(text)
    _, payload_bits = _payload(mode, data)
    version = _version(mode, len(data), payload_bits, error_correction)
    plan = symbol_plan(version, error_correction)
    codewords = _codewords(mode, data, version, error_correction)
    rows = _placed(codewords, plan.rows_order, plan.rows_nibbles, plan.data_bits)
    columns = _placed(codewords, plan.columns_order, plan.columns_nibbles, plan.data_bits)
    best, best_score = 0, 0
    for p in MASKS:
        score = lost_point(
            plan.fixed_test_rows | (rows ^ plan.mask_rows[p]),
            plan.fixed_test_columns | (columns ^ plan.mask_columns[p]),
            plan,
        )
        if p == 0 or score < best_score:
            best, best_score = p, score
    return plan.fixed_rows[best] | (rows ^ plan.mask_rows[best]), plan.n, best
