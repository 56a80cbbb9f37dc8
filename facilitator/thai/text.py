"""Thai names, search keys, dictionary sort order and phone numbers.

Everything here is pure string work so the registration desk, the roster
importer and the reports all agree on what a name *is*: which part is a title
(นาย, น.ส., ผศ.ดร. ...), how to look a person up when the volunteer typed a
tone mark wrong, how to sort a list the way a Thai reader expects, and how a
phone number is written (and masked, because of the PDPA).
"""

from __future__ import annotations

import re
import unicodedata

from facilitator.errors import UserError

__all__ = [
    "TITLES",
    "PhoneError",
    "clean_text",
    "digits_only",
    "join_full_name",
    "mask_phone",
    "normalize_phone",
    "phone_digits",
    "search_key",
    "search_keys",
    "split_extension",
    "split_full_name",
    "split_title",
    "thai_digits_to_arabic",
    "thai_sort_key",
    "toneless_key",
]

# --------------------------------------------------------------------------
# Characters
# --------------------------------------------------------------------------

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_THAI_DIGIT_TABLE = str.maketrans(THAI_DIGITS, "0123456789")

#: Vowels written *before* the consonant they are pronounced after.
LEADING_VOWELS = "เแโใไ"
#: Marks that only change tone or length, never which word it is; a volunteer
#: typing ่ for ้ should still find the person.  (ไม้ไต่คู้, ่ ้ ๊ ๋, ทัณฑฆาต,
#: พินทุ, ยามักการ)
TONE_AND_DIACRITICS = "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e3a\u0e4e"
#: Marks that sit on top of a consonant and may be typed in either order with
#: a tone mark; we put them before the tone mark, the order Thai keyboards
#: produce and the one NFC would produce if Unicode had given them a class.
_ABOVE_VOWELS = "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e4d"
_TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"\s+")
_TONE_THEN_VOWEL = re.compile(f"([{_TONE_MARKS}])([{_ABOVE_VOWELS}])")


def thai_digits_to_arabic(text: str) -> str:
    """Replace ๐-๙ by 0-9: official documents often use Thai digits."""
    return text.translate(_THAI_DIGIT_TABLE)


def clean_text(text: str) -> str:
    """NFC, no zero-width characters, one space between words, no outer spaces.

    Thai text copied from Word or LINE often carries zero-width spaces, NBSPs,
    a decomposed ำ (ํ + า) or a tone mark typed before an upper vowel.  All of
    them look identical on screen but make two spellings compare unequal.
    """
    text = unicodedata.normalize("NFC", text.translate(_ZERO_WIDTH))
    text = text.replace("\u0e4d\u0e32", "\u0e33")  # ํ + า is the same as ำ
    while True:  # a run of marks may need several swaps (่ิิ -> ิิ่)
        # NFC again after each swap: a swap can put a tone mark before a lower vowel, which
        # NFC orders the other way (่ิุ -> ิุ่ -> ิุ่). Both only move tone marks rightwards,
        # so this ends.
        swapped = unicodedata.normalize("NFC", _TONE_THEN_VOWEL.sub(r"\2\1", text))
        if swapped == text:
            break
        text = swapped
    return _SPACES.sub(" ", text).strip()


def digits_only(text: str) -> str:
    """Only the digits of ``text``, Thai digits converted: for phone look-ups."""
    return "".join(ch for ch in thai_digits_to_arabic(text) if ch.isascii() and ch.isdigit())


# --------------------------------------------------------------------------
# Titles
# --------------------------------------------------------------------------

#: Name titles seen on workshop rosters, longest first so that นางสาว wins
#: over นาง and ผศ.ดร. wins over ผศ.  Spaces inside a title (ว่าที่ ร.ต.)
#: and after its dots (ผศ. ดร.) are optional when matching.
# fmt: off
TITLES: tuple[str, ...] = tuple(
    sorted(
        {
            # everyday
            "นาย", "นาง", "นางสาว", "น.ส.", "คุณ", "ด.ช.", "ด.ญ.", "เด็กชาย", "เด็กหญิง",
            # academic
            "ดร.", "ศ.", "รศ.", "ผศ.", "ศ.ดร.", "รศ.ดร.", "ผศ.ดร.", "อ.", "อาจารย์",
            "ศาสตราจารย์", "รองศาสตราจารย์", "ผู้ช่วยศาสตราจารย์",
            # acting sub-lieutenant, common among civil servants
            "ว่าที่ ร.ต.", "ว่าที่ ร.ต.หญิง", "ว่าที่ร้อยตรี", "ว่าที่ร้อยตรีหญิง",
            # police
            "พล.ต.อ.", "พล.ต.ท.", "พล.ต.ต.", "พ.ต.อ.", "พ.ต.ท.", "พ.ต.ต.",
            "ร.ต.อ.", "ร.ต.ท.", "ร.ต.ต.", "ด.ต.", "จ.ส.ต.", "ส.ต.อ.", "ส.ต.ท.", "ส.ต.ต.",
            # army
            "พล.อ.", "พล.ท.", "พล.ต.", "พ.อ.", "พ.ท.", "พ.ต.", "ร.อ.", "ร.ท.", "ร.ต.",
            "จ.ส.อ.", "จ.ส.ท.", "ส.อ.", "ส.ท.", "ส.ต.", "พลทหาร",
            # royal lineage and clergy
            "ม.ร.ว.", "ม.ล.", "หม่อมราชวงศ์", "หม่อมหลวง", "คุณหญิง", "พระครู", "พระมหา",
            # English
            "Mr.", "Mrs.", "Ms.", "Miss", "Dr.", "Prof.", "Assoc. Prof.", "Asst. Prof.",
            "Mr", "Mrs", "Ms", "Dr", "Prof",
        },
        key=lambda t: (-len(t), t),
    )
)
# fmt: on

# A dependent vowel or mark can never start a Thai word, so "นางสาวิตรี"
# cannot be นางสาว + "ิตรี": it must be นาง + สาวิตรี.
_DEPENDENT = re.compile("[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]")
# An abbreviation we do not list (พ.จ.อ., ผอ.) still looks like one: Thai
# letters and dots ending in a dot, followed by the name.
_UNKNOWN_ABBREVIATION = re.compile(r"((?:[\u0e01-\u0e4e]{1,4}\.){2,})\s*(?=\S)")


def _title_pattern(title: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in title.split(" ")]
    body = r"\s*".join(parts)
    body = body.replace(r"\.", r"\.\s*")
    return re.compile(body, re.IGNORECASE)


_TITLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (t, _title_pattern(t)) for t in TITLES
)
#: Thai word titles that are also the start of real first names (คุณวุฒิ,
#: อาจารย์ is rarely glued): only a title when a space follows.
_NEEDS_SPACE = frozenset({"คุณ", "อาจารย์", "พลทหาร"})


def _accept(title: str, rest: str, had_space: bool) -> bool:
    """Whether ``title`` really is a title in front of ``rest``.

    The rule: something must follow the title; a title ending in a dot may be
    glued to the name (ดร.สมชาย); a Thai word title may be glued (นายสมชาย)
    unless the name would then start with a dependent vowel or tone mark;
    an English title without a dot, and คุณ, need a space (so "Drew" and
    "คุณวุฒิ" are names).
    The one ambiguity left is a first name that itself starts with a title
    word, e.g. "นางนวล ใจดี": it is read as นาง + นวล, because offices
    nearly always write a title and the desk can correct the rare miss.
    """
    if not rest:
        return False
    if title.endswith(".") or had_space:
        return True
    if title.isascii() or title in _NEEDS_SPACE:
        return False
    return not _DEPENDENT.match(rest)


def split_title(full_name: str) -> tuple[str, str]:
    """Split a leading title off a name: ``"นายสมชาย ใจดี"`` -> ``("นาย", "สมชาย ใจดี")``.

    The title comes back in its canonical spelling from ``TITLES`` (so
    "ผศ. ดร." becomes "ผศ.ดร." and "MR." becomes "Mr."); an unlisted
    Thai abbreviation such as "พ.จ.อ." is returned as written.  Without a
    title the result is ``("", name)``.
    """
    text = clean_text(full_name)
    for title, pattern in _TITLE_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        matched = match.group(0)
        rest = text[match.end() :].lstrip()
        had_space = matched[-1:].isspace() or text[match.end() : match.end() + 1] == " "
        if _accept(title, rest, had_space):
            return title, rest
    unknown = _UNKNOWN_ABBREVIATION.match(text)
    if unknown:
        return unknown.group(1).replace(" ", ""), text[unknown.end() :].lstrip()
    return "", text


def split_full_name(full: str) -> tuple[str, str, str]:
    """``"นางสาวบุญเรือง แก้วมณี"`` -> ``("นางสาว", "บุญเรือง", "แก้วมณี")``.

    The last name is everything after the first space of what follows the
    title, so double-barrelled surnames ("ณ นคร") stay whole.
    """
    title, rest = split_title(full)
    first, _, last = rest.partition(" ")
    return title, first, last


def clusters(text: str) -> list[str]:
    """Each base character with the marks stacked on it: the units Thai text may be cut
    between (cutting inside one leaves a stray tone mark, ยิ่ง -> ยิ + ่)."""
    out: list[str] = []
    for ch in text:
        if out and (unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Mc")):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def cell_width(text: str) -> int:
    """How many terminal cells `text` takes: a mark stacked on a letter (ิ ่ ั) takes none,
    a wide East Asian character two. `len` counts นี่ as 3 where a terminal draws 1."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def pad_cells(text: str, width: int) -> str:
    """`text` followed by spaces up to `width` terminal cells, so Thai columns line up."""
    return text + " " * max(0, width - cell_width(text))


def join_full_name(title: str, first: str, last: str) -> str:
    """Write a name the Thai way: a Thai title is glued to the first name.

    ("นาย", "สมชาย", "ใจดี") -> "นายสมชาย ใจดี"; an English title keeps its
    space: ("Mr.", "John", "Smith") -> "Mr. John Smith".
    """
    name = " ".join(p for p in (clean_text(first), clean_text(last)) if p)
    title = clean_text(title)
    if not title:
        return name
    separator = " " if title.isascii() else ""
    return f"{title}{separator}{name}" if name else title


# --------------------------------------------------------------------------
# Search keys
# --------------------------------------------------------------------------

_TONELESS_TABLE = dict.fromkeys(map(ord, TONE_AND_DIACRITICS))


def search_key(text: str) -> str:
    """Exact look-up key: clean, case-folded, Thai digits as 0-9."""
    return thai_digits_to_arabic(clean_text(text)).casefold()


def toneless_key(text: str) -> str:
    """Forgiving look-up key: :func:`search_key` without tone marks and diacritics.

    "บุญเรือง" typed as "บุญเรื่อง" or "บุญเรือง" without ็/์ still matches.
    Search exact keys first and fall back to this one.
    """
    return search_key(text).translate(_TONELESS_TABLE)


def search_keys(text: str) -> tuple[str, str]:
    """Both keys at once, ``(exact, toneless)``, for storing next to a record."""
    return search_key(text), toneless_key(text)


# --------------------------------------------------------------------------
# Thai dictionary order
# --------------------------------------------------------------------------

_SECONDARY_THAI = {
    ch: i + 1 for i, ch in enumerate("\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4e\u0e4c\u0e3a")
}
_DIGIT_BASE = 1_000
_THAI_BASE = 2_000
_LATIN_BASE = 10_000
_OTHER_BASE = 100_000


def _swap_leading_vowels(text: str) -> str:
    """เก -> กเ: Thai dictionaries file a leading vowel under its consonant."""
    chars = list(text)
    i = 0
    while i < len(chars) - 1:
        if chars[i] in LEADING_VOWELS and "\u0e01" <= chars[i + 1] <= "\u0e2e":
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
            i += 2
        else:
            i += 1
    return "".join(chars)


SortKey = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...], str]


def thai_sort_key(name: str) -> SortKey:
    """Sort key that orders names like a Thai dictionary (ICU's ``th`` collation).

    * the title is ignored: นายสมชาย sorts under ส;
    * a leading vowel is filed under the consonant after it (เก, แก, ไก under ก),
      so กา < กุ้ง < เก < ไก่;
    * tone marks and ็ ์ only break ties (กา < ก่า < ก้า);
    * spaces and punctuation only break ties after that;
    * digits first, then Thai, then Latin (case-insensitive), then anything else,
      as ICU does for the Thai locale.
    """
    _, rest = split_title(name)
    text = _swap_leading_vowels(clean_text(rest))
    text = unicodedata.normalize("NFD", thai_digits_to_arabic(text))
    primary: list[int] = []
    secondary: list[int] = []
    tertiary: list[int] = []
    shifted: list[int] = []
    for ch in text:
        if ch in _SECONDARY_THAI:
            secondary.append(_SECONDARY_THAI[ch])
            continue
        if unicodedata.combining(ch) and not "\u0e01" <= ch <= "\u0e5b":
            secondary.append(100 + unicodedata.combining(ch))
            continue
        if ch.isspace() or unicodedata.category(ch)[0] in "PSZ":
            shifted.append(ord(ch))
            continue
        if ch.isascii() and ch.isdigit():
            primary.append(_DIGIT_BASE + int(ch))
        elif "\u0e01" <= ch <= "\u0e5b":
            primary.append(_THAI_BASE + ord(ch) - 0x0E00)
        elif ch.isascii() and ch.isalpha():
            primary.append(_LATIN_BASE + ord(ch.lower()))
            tertiary.append(1 if ch.isupper() else 0)
            secondary.append(0)
            continue
        else:
            primary.append(_OTHER_BASE + ord(ch.casefold()[0]))
        secondary.append(0)
        tertiary.append(0)
    return tuple(primary), tuple(secondary), tuple(tertiary), tuple(shifted), name


# --------------------------------------------------------------------------
# Phone numbers
# --------------------------------------------------------------------------

_PHONE_ALLOWED = re.compile(r"[0-9\s\-.()/+]*")
#: An office landline's extension as people write it: "ต่อ 12", "ต. 12", "ext. 12", "x12",
#: "#12", "กด 12". The number before it is checked as usual; the extension is kept with it.
_EXTENSION = re.compile(
    r"\s*\(?\s*(?:ต่อ|ต\.|กด|ext(?:ension)?\.?|x|#)\s*:?\s*(\d{1,5})\s*\)?\s*$", re.IGNORECASE
)
EXTENSION_WORD = "ต่อ"
#: A number written the one way (081-234-5678, 042-611-234, 02-123-4567): its digits are it.
_WRITTEN_PHONE = re.compile(r"0[0-9]{1,2}-[0-9]{3}-[0-9]{3,4}")


def split_extension(text: str) -> tuple[str, str]:
    """ "042-611-234 ต่อ 12" -> ("042-611-234", "12"); without an extension, (text, "")."""
    raw = clean_text(thai_digits_to_arabic(text))
    match = _EXTENSION.search(raw)
    if match is None or not raw[: match.start()].strip():
        return raw, ""
    return raw[: match.start()].strip(), match.group(1)


def phone_digits(text: str) -> str:
    """The digits of the number itself, without an extension: what a phone look-up compares.

    "042-611-234 ต่อ 12", "042 611 234" and Excel's "42611234" are the same office, so all
    give "042611234"; text that is no phone number gives its digits as they are.
    """
    if _WRITTEN_PHONE.fullmatch(text):
        # As `normalize_phone` writes it, so as the roster stores it: nothing to undo. Opening
        # a 20,000-person event asks this of every phone.
        return text.replace("-", "")
    number, _ = split_extension(text)
    try:
        return digits_only(_normalize_number(number, text)) or digits_only(number)
    except ValueError:
        return digits_only(number)


class PhoneError(UserError, ValueError):
    """Text that is not one Thai phone number."""


def normalize_phone(text: str) -> str:
    """Write a Thai phone number one way: ``081-234-5678``, ``042-611-234``, ``02-123-4567``.

    Accepts spaces, dashes, dots, brackets, ``+66``/``66`` and Thai digits, and
    puts back the leading 0 that Excel drops from numbers stored as numbers.
    An extension is kept, written the Thai way: ``042-611-234 ต่อ 12`` (from
    "ต่อ 12", "ext. 12", "x12", "#12"), so the row is imported rather than refused.
    Empty input gives ``""``.  Anything that is not one Thai number raises
    ``PhoneError`` (a ``ValueError``) with a message fit for the user.
    """
    number, extension = split_extension(text)
    main = _normalize_number(number, text)
    return f"{main} {EXTENSION_WORD} {extension}" if extension and main else main


def _normalize_number(raw: str, text: str) -> str:
    if not raw:
        return ""
    if not _PHONE_ALLOWED.fullmatch(raw) or "/" in raw:
        raise PhoneError("thai.phone.not_a_number", text=text)
    digits = digits_only(raw)
    if digits.startswith("660") and len(digits) in (11, 12):
        digits = digits[2:]  # +66 (0)81 ...
    elif digits.startswith("66") and len(digits) in (10, 11):
        digits = "0" + digits[2:]
    elif len(digits) == 9 and digits[0] in "689":
        digits = "0" + digits  # mobile whose leading 0 Excel ate
    elif len(digits) == 8 and digits[0] in "234567":
        digits = "0" + digits  # landline whose leading 0 Excel ate
    if len(digits) == 10 and digits[:2] in ("06", "08", "09"):
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if len(digits) == 9 and digits.startswith("02"):
        return f"{digits[:2]}-{digits[2:5]}-{digits[5:]}"
    if len(digits) == 9 and digits[:2] in ("03", "04", "05", "07"):
        return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    raise PhoneError("thai.phone.not_thai", text=text)


def mask_phone(phone: str) -> str:
    """Hide a phone number for screens and print-outs (PDPA): ``08x-xxx-5678``.

    Keeps the first two digits (mobile or which area) and the last group, which
    is enough for a person to recognise their own number.  Input that is not a
    valid number is masked except for its last four digits.
    """
    if not phone.strip():
        return ""
    try:
        normal = normalize_phone(phone)
    except ValueError:
        digits = digits_only(phone)
        return "x" * max(len(digits) - 4, 0) + digits[-4:]
    number, extension = split_extension(normal)
    head, _, tail = number.rpartition("-")
    masked_head = "".join(ch if ch == "-" or i < 2 else "x" for i, ch in enumerate(head))
    # An office's extension names a desk, not a person: it stays readable.
    suffix = f" {EXTENSION_WORD} {extension}" if extension else ""
    return f"{masked_head}-{tail}{suffix}"
