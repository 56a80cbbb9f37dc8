"""Opening a database parses it a piece at a time, and reads exactly what a whole-file
`json.loads` reads: the same tables, the same documents (Thai, quotes, line separators, names
that look like the layout), the same refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from facilitator.storage.durable import (
    _CHUNK_ROWS,
    _parse_streamed,
    parse_generation,
    serialise,
    stream_generation,
)

AWKWARD = ['ชื่อ "ในวงเล็บ"', "a line\nbreak", "\u2028 and \u2029", ": {", "},", "\\", ""]


def _file(tables: dict[str, list[dict]], meta: dict | None = None) -> bytes:
    header = {"format": 3, "generation": 7, **(meta or {})}
    return b"".join(stream_generation(tables, header))


def _tables(people: int) -> dict[str, list[dict]]:
    return {
        "_local": [{"id": "station", "value": "desk-1"}],
        "empty": [],
        "participants": [
            {"id": f"p{n}", "name": AWKWARD[n % len(AWKWARD)] + f" สมชาย {n}", "n": n}
            for n in range(people)
        ],
        "also empty": [],
        "notes": [{"id": "x", "nested": {"list": [1, {"deep": "ใจดี", "k": ": {"}]}}],
    }


@pytest.mark.parametrize("people", [0, 1, _CHUNK_ROWS - 1, _CHUNK_ROWS, _CHUNK_ROWS + 1, 1234])
def test_rows_read_as_the_whole_file_does(people: int) -> None:
    raw = _file(_tables(people))
    assert _parse_streamed(raw) == json.loads(raw.decode("utf-8"))


def test_a_table_name_that_looks_like_the_layout_still_reads_right() -> None:
    raw = _file({'a "quoted": {name': [{"id": "x"}], "people": [{"id": "a"}]})
    whole = json.loads(raw.decode("utf-8"))
    assert _parse_streamed(raw) in (None, whole)  # read whole instead, never misread
    data, _ = parse_generation(raw)
    assert data == {k: v for k, v in whole.items() if k != "_storage"}


def test_a_file_with_no_tables_reads_as_only_its_header() -> None:
    raw = _file({})
    assert _parse_streamed(raw) == json.loads(raw.decode("utf-8"))


def test_a_file_that_ends_with_an_empty_table() -> None:
    raw = _file({"people": [{"id": "a"}], "last": []})
    assert _parse_streamed(raw) == json.loads(raw.decode("utf-8"))


def test_a_verified_file_opens_with_its_documents() -> None:
    tables = _tables(700)
    data, generation = parse_generation(_file(tables))
    assert generation.number == 7
    assert list(data["participants"].values()) == tables["participants"]
    assert data["empty"] == {}


def test_older_layouts_are_parsed_whole() -> None:
    raw = serialise({"people": {"1": {"id": "a", "name": "สมหญิง"}}}, {"format": 1})
    assert _parse_streamed(raw) is None  # not this storage's layout: read whole instead


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw.replace(b'"n": 3}', b'"n": 3},', 1),  # a comma too many
        lambda raw: raw.replace(b'},\n"2"', b'}\n"2"', 1),  # a comma missing
        lambda raw: raw.replace(b'"n": 5}', b'"n": 5', 1),  # a document cut short
        lambda raw: raw.replace(b"\n}", b"\n", 1),  # a table not closed
        lambda raw: raw[: len(raw) // 2],  # the file cut in half
    ],
)
def test_damage_is_refused_as_the_whole_parse_refuses_it(damage) -> None:
    raw = damage(_file(_tables(30)))
    with pytest.raises(ValueError):
        json.loads(raw.decode("utf-8"))
    with pytest.raises(ValueError):
        parse_generation(raw)


def test_a_store_reopens_the_same_after_a_fold(tmp_path: Path) -> None:
    from facilitator.storage.store import Store

    with Store.open(tmp_path / "event.json", station="desk-1") as store:
        ids = [store.put("participants", {"name": name})["id"] for name in AWKWARD * 20]
        store.fold()
        before = {i: store.get("participants", i) for i in ids}
    raw = (tmp_path / "event.json").read_bytes()
    assert _parse_streamed(raw) == json.loads(raw.decode("utf-8"))
    with Store.open(tmp_path / "event.json") as store:
        assert {i: store.get("participants", i) for i in ids} == before
