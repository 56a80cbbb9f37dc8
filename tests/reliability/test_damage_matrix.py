"""The red team's damaged files, each reproduced: nothing acknowledged is ever lost in silence.

Issue 13 counted 2,677 of 13,427 damage cases recovered (19.9%): a damaged main file fell back
to `.prev` and lost the newest generation's writes, a raised generation skipped the journal, a
non-digit clock was a traceback, a journal cut mid-line was called "never confirmed" and then
truncated, a bit flip in a complete line was skipped and forgotten, and a journal without its
base opened as an empty event. Each of those is a named test here; a sample of the full matrix
(`damage.cases`) runs too, and `make soak` runs more than ten thousand.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from facilitator.storage.backups import restore_backup
from facilitator.storage.durable import header_fields_line, previous_path
from facilitator.storage.errors import CorruptDatabase
from facilitator.storage.journal import journal_path
from facilitator.storage.salvage import salvage_journal
from facilitator.storage.store import Store
from tests.reliability.damage import (
    NINE_AM,
    Case,
    Clock,
    Damage,
    Reference,
    Tally,
    cases,
    run_case,
)

SAMPLE = 160
CHUNKS = 4


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_a_sample_of_the_damage_matrix_is_recovered_whole_or_refused_with_a_message(
    reference: Reference, tmp_path: Path, chunk: int
) -> None:
    tally = Tally()
    for i, case in enumerate(cases(reference, SAMPLE * 4, seed=13)):
        if i % (CHUNKS * 4) == chunk * 4:  # a spread of systematic and random cases
            tally.add(run_case(reference, case, tmp_path / f"case-{i}"))
    assert tally.total >= SAMPLE // CHUNKS
    assert tally.good == tally.total, [(f.verdict, str(f.case), f.detail) for f in tally.failures]


def copy_of(reference: Reference, tmp_path: Path) -> Path:
    shutil.copytree(reference.folder, tmp_path / "event")
    return tmp_path / "event" / reference.db_name


def names(store: Store) -> set[str]:
    return {r["name"] for r in store.records("participants")}


def everything(reference: Reference) -> set[str]:
    return set(reference.acknowledged.values())


def open_again(db: Path) -> Store:
    return Store.open(db, station="desk-a", wall_ms=Clock(NINE_AM + 86_400_000))


def files_of(db: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(db.parent.rglob("*")) if p.is_file()}


def assert_refused_untouched(db: Path, code: str, reference: Reference) -> CorruptDatabase:
    before = {k: v for k, v in files_of(db).items() if not k.endswith(".lock")}
    with pytest.raises(CorruptDatabase) as refused:
        open_again(db)
    after = {k: v for k, v in files_of(db).items() if not k.endswith(".lock")}
    assert after == before, "a refused open must leave every file as it was"
    assert refused.value.code == code, str(refused.value)
    message = str(refused.value)
    assert reference.backup_name in message and f"facilitator --db {db} restore" in message
    assert refused.value.params["latest_backup"] == reference.backup_name
    return refused.value


@pytest.mark.parametrize(
    "damage",
    [
        Damage("main", "truncate", 200),
        Damage("main", "flip", 300, bit=2),
        Damage("main", "zero", 0, 4096),
        Damage("main", "delete"),
    ],
    ids=str,
)
def test_a_damaged_main_file_is_rebuilt_from_prev_and_the_journal_with_nothing_lost(
    reference: Reference, tmp_path: Path, damage: Damage
) -> None:
    db = copy_of(reference, tmp_path)
    damage.apply(db)

    with open_again(db) as store:
        assert names(store) == everything(reference)
        [notice] = store.notices
        assert notice.code == "rebuilt_from_previous"
        assert "nothing confirmed was lost" in notice.message
        assert notice.params["previous"] == previous_path(db).name


def edit_header(db: Path, recompute: bool, **fields: object) -> None:
    """Edit the header, the file's last line; a deliberate forger also recomputes the (unkeyed)
    checksum over the header's fields and the bytes before it, as format 3 does."""
    raw = db.read_bytes()
    cut = raw.rfind(b'\n"_storage": ')
    body, line = raw[:cut], raw[cut:]
    header = json.loads(line[len(b'\n"_storage": ') : -2])["1"]
    header.update(fields)
    if recompute:
        digest = hashlib.sha256(header_fields_line(header) + b"\n" + body)
        header["checksum"] = "sha256:" + digest.hexdigest()
    closing = json.dumps({"1": header}, ensure_ascii=False).encode()
    db.write_bytes(body + b'\n"_storage": ' + closing + b"}\n")


def test_a_raised_generation_no_longer_skips_the_journal(
    reference: Reference, tmp_path: Path
) -> None:
    db = copy_of(reference, tmp_path)
    edit_header(db, recompute=False, generation=99)

    with open_again(db) as store:  # the header is under the checksum: main is damaged
        assert names(store) == everything(reference)
        assert store.notices[0].code == "rebuilt_from_previous"


def test_a_raised_generation_with_a_forged_checksum_is_refused_not_skipped(
    reference: Reference, tmp_path: Path
) -> None:
    db = copy_of(reference, tmp_path)
    edit_header(db, recompute=True, generation=99)

    refused = assert_refused_untouched(db, "writes_missing", reference)
    assert refused.params["count"] == 3  # the three writes only the journal holds


@pytest.mark.parametrize("clock", ["12a", 17, None, "9" * 30])
def test_a_header_clock_that_is_not_a_stamp_is_damage_not_a_traceback(
    reference: Reference, tmp_path: Path, clock: object
) -> None:
    db = copy_of(reference, tmp_path)
    edit_header(db, recompute=True, clock=clock)

    with open_again(db) as store:
        if clock is None:  # no clock in the header is allowed (older files)
            assert store.notices == []
        else:
            assert store.notices[0].code == "rebuilt_from_previous"
            assert "clock" in store.notices[0].params["reason"]
        assert names(store) == everything(reference)


@pytest.mark.parametrize("field", ["generation", "sequence", "format", "station"])
def test_every_header_field_of_the_wrong_type_is_damage_not_a_traceback(
    reference: Reference, tmp_path: Path, field: str
) -> None:
    db = copy_of(reference, tmp_path)
    edit_header(db, recompute=True, **{field: ["not", "a", "value"]})

    with open_again(db) as store:
        assert field in store.notices[0].params["reason"] or "format" in store.notices[0].message
        assert names(store) == everything(reference)


def journal_lines(db: Path) -> list[bytes]:
    return journal_path(db).read_bytes().splitlines(keepends=True)


def test_a_journal_cut_mid_line_is_refused_and_left_as_it_was(
    reference: Reference, tmp_path: Path
) -> None:
    db = copy_of(reference, tmp_path)
    lines = journal_lines(db)
    # Cut inside the second-to-last line: the last two writes were confirmed, not unfinished.
    journal_path(db).write_bytes(b"".join(lines[:-2]) + lines[-2][:30])

    refused = assert_refused_untouched(db, "writes_missing", reference)
    assert refused.params["count"] == 2
    assert "unfinished" not in str(refused)


def test_a_zeroed_journal_is_refused_and_left_as_it_was(
    reference: Reference, tmp_path: Path
) -> None:
    db = copy_of(reference, tmp_path)
    journal_path(db).write_bytes(bytes(journal_path(db).stat().st_size))

    assert_refused_untouched(db, "writes_missing", reference)


def test_a_bit_flip_in_a_complete_journal_line_is_refused_not_skipped(
    reference: Reference, tmp_path: Path
) -> None:
    db = copy_of(reference, tmp_path)
    lines = journal_lines(db)
    damaged = bytearray(lines[1])
    damaged[len(damaged) // 2] ^= 0x04
    journal_path(db).write_bytes(b"".join([lines[0], bytes(damaged), *lines[2:]]))

    refused = assert_refused_untouched(db, "journal_damaged", reference)
    assert refused.params["line"] == 2
    assert refused.params["reason"] in ("CRC mismatch", "not JSON")


def test_a_journal_without_its_base_is_refused_not_replayed_onto_nothing(
    reference: Reference, tmp_path: Path
) -> None:
    db = copy_of(reference, tmp_path)
    db.unlink()
    previous_path(db).unlink()

    assert_refused_untouched(db, "journal_without_base", reference)


def test_a_crash_mid_write_is_discarded_and_said_to_lose_nothing(
    reference: Reference, tmp_path: Path
) -> None:
    db = copy_of(reference, tmp_path)
    # The power went out while the next (never acknowledged) write was being appended.
    with journal_path(db).open("ab") as journal:
        journal.write(b'{"crc":123,"e":{"g":2,"ops":[["participants",{"id":"x')
    torn = journal_path(db).stat().st_size

    with open_again(db) as store:
        assert names(store) == everything(reference)
        [notice] = store.notices
        assert notice.code == "torn_tail" and "nothing confirmed was lost" in notice.message
        assert journal_path(db).stat().st_size < torn  # cut, so the next write starts clean


def test_a_deleted_journal_that_held_confirmed_writes_is_refused(
    reference: Reference, tmp_path: Path
) -> None:
    db = copy_of(reference, tmp_path)
    journal_path(db).unlink()

    refused = assert_refused_untouched(db, "writes_missing", reference)
    assert refused.params["count"] == 3


def test_a_journal_deleted_after_a_clean_close_loses_nothing_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "event.json"
    with Store.open(db, wall_ms=Clock()) as store:
        store.put("participants", {"name": "สมชาย"})
    with Store.open(db, wall_ms=Clock()) as store:
        store.put("participants", {"name": "มาลี"})
    journal_path(db).unlink()  # everything in it was folded into the main file at close

    with Store.open(db, wall_ms=Clock()) as store:
        assert names(store) == {"สมชาย", "มาลี"}
        assert [n.code for n in store.notices] == ["journal_missing"]


def test_every_file_gone_but_the_lock_remembering_writes_is_refused(
    reference: Reference, tmp_path: Path
) -> None:
    db = copy_of(reference, tmp_path)
    for path in (db, previous_path(db), journal_path(db)):
        path.unlink()

    refused = assert_refused_untouched(db, "database_missing", reference)
    assert refused.params["lock"] == db.name + ".lock"


def test_a_new_event_whose_first_fold_never_happened_is_rebuilt_from_its_journal(
    tmp_path: Path,
) -> None:
    db = tmp_path / "event.json"
    store = Store.open(db, wall_ms=Clock())
    store.put("participants", {"name": "สมชาย"})
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for name in ("event.json.journal", "event.json.lock"):
        shutil.copy2(tmp_path / name, crashed / name)
    store.close()

    with Store.open(crashed / "event.json", wall_ms=Clock()) as again:
        assert names(again) == {"สมชาย"}
        assert again.notices == []


def test_damage_to_both_generations_with_a_complete_journal_loses_nothing(tmp_path: Path) -> None:
    db = tmp_path / "event.json"
    with Store.open(db, wall_ms=Clock()) as store:
        store.put("participants", {"name": "สมชาย"})
    db.write_bytes(b"\0" * 100)  # the journal still holds every write since the first

    with Store.open(db, wall_ms=Clock()) as store:
        assert names(store) == {"สมชาย"}
        assert [n.code for n in store.notices] == ["rebuilt_from_journal"]
    assert any(".damaged-" in p.name for p in tmp_path.iterdir())


def test_the_matrix_judge_itself_catches_a_silent_loss(
    reference: Reference, tmp_path: Path
) -> None:
    """The judge must be able to fail: an open that loses a write is counted as lost."""
    db = copy_of(reference, tmp_path)
    (db.parent / (db.name + ".lock")).unlink()  # no witness, so a line-boundary cut is invisible
    lines = journal_lines(db)
    journal_path(db).write_bytes(b"".join(lines[:-1]))
    shutil.copytree(db.parent, tmp_path / "as-reference")
    blind = Reference(tmp_path / "as-reference", reference.db_name, reference.acknowledged, "x")

    outcome = run_case(blind, Case(()), tmp_path / "judged")

    assert outcome.verdict == "lost"


def flip_line(db: Path, index: int) -> None:
    lines = journal_lines(db)
    damaged = bytearray(lines[index])
    damaged[len(damaged) // 2] ^= 0x04
    lines[index] = bytes(damaged)
    journal_path(db).write_bytes(b"".join(lines))


def test_a_refusal_names_the_newest_valid_generation_and_what_it_lacks(
    reference: Reference, tmp_path: Path
) -> None:
    db = copy_of(reference, tmp_path)
    flip_line(db, 1)

    refused = assert_refused_untouched(db, "journal_damaged", reference)

    assert refused.params["generation_file"] == str(db)
    assert refused.params["generation_missing"] == 3  # the journal's writes after the last fold
    assert f"facilitator --db {db} restore {db}" in str(refused)


def test_damaged_lines_that_hold_nothing_needed_are_salvaged_losing_nothing(
    reference: Reference, tmp_path: Path
) -> None:
    db = copy_of(reference, tmp_path)
    flip_line(db, 1)  # a write of the generation before: it is also in the main file

    report = salvage_journal(db)

    assert report.dropped == 1 and report.aside is not None and report.aside.exists()
    with open_again(db) as store:
        assert names(store) == everything(reference)
        assert store.notices == []


@pytest.mark.parametrize("index", [-1, -2], ids=["last line", "a needed line"])
def test_a_salvage_that_would_lose_a_write_is_refused_and_changes_nothing(
    reference: Reference, tmp_path: Path, index: int
) -> None:
    db = copy_of(reference, tmp_path)
    flip_line(db, index)
    before = files_of(db)

    with pytest.raises(CorruptDatabase) as refused:
        salvage_journal(db)

    assert refused.value.code == "writes_missing"
    assert files_of(db) == before


def test_restoring_the_newest_generation_in_place_is_a_way_forward_without_backups(
    tmp_path: Path,
) -> None:
    db = tmp_path / "event.json"
    with Store.open(db, wall_ms=Clock()) as store:
        store.put("participants", {"name": "สมชาย"})
    flip_line(db, 0)
    with pytest.raises(CorruptDatabase) as refused:
        Store.open(db, wall_ms=Clock())
    assert refused.value.params["generation_missing"] == 0
    assert "nothing confirmed is missing" in str(refused.value)

    restore_backup(db, Path(str(refused.value.params["generation_file"])))

    with Store.open(db, wall_ms=Clock()) as store:
        assert names(store) == {"สมชาย"}
