"""Scan repair: what the scanner typed, turned back into what the QR says."""

from __future__ import annotations

import time

import pytest

from facilitator.codes.kedmanee import us_to_thai
from facilitator.codes.scan_repair import looks_thai, repair_scan

CODE = "ORGTTDVPKOTTROSFRCI"


@pytest.mark.parametrize(
    "raw",
    [
        CODE,
        CODE.lower(),
        CODE + "\r\n",
        CODE + "\n",
        CODE + "\r",
        CODE + "\t",
        "\t" + CODE,
        "\r\n" + CODE + "\r\n",
        " " + CODE + " \u00a0",
        "\x1b" + CODE,
        "\x02" + CODE + "\x03",
        "\ufeff" + CODE + "\u200b",
        "]Q1" + CODE,
        "]q1" + CODE,
        "]Q3" + CODE + "\n",
        "\\000026" + CODE,
        "]Q1\\000026" + CODE + "\r\n",
        us_to_thai(CODE),
        us_to_thai(CODE.lower()),
        us_to_thai(CODE) + "\r\n",
        us_to_thai("]Q1" + CODE),
        us_to_thai("]Q3\\000026" + CODE) + "\n",
        "\x1b" + us_to_thai("]Q1\\000026" + CODE.lower()) + "\t",
    ],
)
def test_a_scanned_code_comes_back_exactly_whatever_happened_on_the_way(raw: str) -> None:
    assert repair_scan(raw) == CODE


def test_kedmanee_punctuation_in_a_thai_scan_is_mapped_back_too() -> None:
    # On Kedmanee the US "2" and "3" keys type "/" and "-".
    assert us_to_thai("23") == "/-"
    assert repair_scan("/-") == "/"  # not Thai: left alone, but a hyphen never belongs to a code
    assert repair_scan("ก/-") == "D23"


def test_a_code_typed_by_hand_in_groups_with_hyphens_still_reads() -> None:
    grouped = "-".join(CODE[i : i + 4] for i in range(0, len(CODE), 4))
    assert repair_scan(grouped.lower()) == CODE


def test_text_that_is_not_a_code_is_only_cleaned_not_invented() -> None:
    assert repair_scan("") == ""
    assert repair_scan("hello world\n") == "HELLOWORLD"
    assert repair_scan("\r\n\t") == ""


def test_thai_is_recognised_including_combining_marks() -> None:
    assert looks_thai("ฟ")
    assert looks_thai("abc\u0e34")
    assert looks_thai(us_to_thai(CODE))
    assert not looks_thai(CODE)
    assert not looks_thai("")
    assert not looks_thai("café")


def test_repair_is_fast_enough_for_every_keystroke_burst() -> None:
    scans = [us_to_thai("]Q1" + CODE) + "\r\n", CODE.lower() + "\n"] * 5000
    started = time.perf_counter()
    for raw in scans:
        repair_scan(raw)
    assert time.perf_counter() - started < 1.0
