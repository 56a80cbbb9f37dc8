"""Two desks with no network swap bundles on a USB stick.

The stories: a bundle imported twice changes nothing; a bundle cut short, edited by hand or of
another event is refused with a clear message and the database untouched; a new laptop starts
from a bundle and gets its own desk name; and a desk that was set up by copying another desk's
database file is caught, with the advice to rename it.
"""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.codes.join_phrase import PHRASE_ENV, normalise_phrase
from facilitator.desk import Desk
from facilitator.storage.bundle import BundleError, make_bundle, read_bundle, write_bundle
from facilitator.storage.sealed import open_sealed
from facilitator.storage.store import Store


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(db: Path) -> dict[str, object]:
    with Store.open(db) as store:
        return {f"{t}:{r['id']}": r for t, r in store.dump()}


@pytest.fixture
def desk_a(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Desk A holds the demo event; the other desks of the story know its join phrase."""
    db = tmp_path / "a" / "event.json"
    assert run(capsys, "--db", str(db), "--station", "desk-a", "demo", "--no-tui")[0] == 0
    with Desk.open(db) as desk:
        monkeypatch.setenv(PHRASE_ENV, desk.events.join_phrase() or "")
    return db


@pytest.fixture
def bundle_a(desk_a: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    out = tmp_path / "usb" / "desk-a.bundle"
    code, text, _ = run(capsys, "--db", str(desk_a), "sync", "export", "--out", str(out))
    assert code == 0 and "participants 50" in text
    return out


def test_a_bundle_is_owner_only_and_says_what_it_holds(bundle_a: Path) -> None:
    assert stat.S_IMODE(bundle_a.stat().st_mode) == 0o600
    outer = json.loads(bundle_a.read_text(encoding="utf-8"))
    assert outer["format"] == "facilitator-bundle" and outer["version"] == 2
    assert set(outer) == {"format", "version", "event", "sealed"}  # nothing else readable
    phrase = normalise_phrase(os.environ[PHRASE_ENV])
    inner = open_sealed(outer["sealed"], phrase, aad=outer["event"].encode())
    document = json.loads(inner.decode("utf-8"))
    assert document["format"] == "facilitator-bundle" and document["version"] == 1
    assert document["station"] == "desk-a"
    assert document["counts"]["participants"] == 50
    assert document["checksum"].startswith("sha256:")
    assert not [name for name in document["tables"] if name.startswith("_")], "no desk-local data"
    assert not list(bundle_a.parent.glob(".*.tmp")), "no temporary file left beside it"


def test_a_new_desk_starts_from_a_bundle_with_its_own_name(
    bundle_a: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk_b = tmp_path / "b" / "event.json"
    code, out, _ = run(capsys, "--db", str(desk_b), "sync", "import", str(bundle_a))
    assert code == 0
    assert "78 new, 0 updated" in out
    with Store.open(desk_b) as store:
        assert store.station != "desk-a"
        assert store.count("participants") == 50
    assert run(capsys, "--db", str(desk_b), "roster", "list")[1].endswith("50 participant(s)\n")


def test_importing_the_same_bundle_twice_changes_nothing(
    desk_a: Path, bundle_a: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    desk_b = tmp_path / "b" / "event.json"
    run(capsys, "--db", str(desk_b), "--station", "desk-b", "sync", "import", str(bundle_a))
    before = snapshot(desk_b)
    code, out, _ = run(capsys, "--db", str(desk_b), "sync", "import", str(bundle_a))
    assert (code, out.strip()) == (0, "Imported from desk desk-a: 0 new, 0 updated")
    assert snapshot(desk_b) == before
    # And a desk importing its own bundle changes nothing either.
    code, out, _ = run(capsys, "--db", str(desk_a), "sync", "import", str(bundle_a))
    assert "0 new, 0 updated" in out


def flip_sealed_byte(raw: bytes) -> bytes:
    """One byte of the sealed content changed, as a bad USB stick or a hand edit would."""
    outer = json.loads(raw)
    data = bytearray(base64.b64decode(outer["sealed"]["data"]))
    data[len(data) // 2] ^= 0x01
    outer["sealed"]["data"] = base64.b64encode(bytes(data)).decode()
    return json.dumps(outer).encode()


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda raw: raw[: len(raw) // 2], "not a complete bundle"),
        (flip_sealed_byte, "does not open"),
        (lambda raw: raw.replace(b'"n": 16384', b'"n": 16', 1), "does not open"),
        (lambda raw: b"", "not a complete bundle"),
    ],
    ids=["cut-short", "content-edited", "key-derivation-edited", "empty"],
)
def test_a_damaged_bundle_is_refused_and_nothing_changes(
    damage, message: str, desk_a: Path, bundle_a: Path, tmp_path: Path, capsys
) -> None:
    desk_b = tmp_path / "b" / "event.json"
    run(capsys, "--db", str(desk_b), "--station", "desk-b", "sync", "import", str(bundle_a))
    with Store.open(desk_a) as store:
        store.put("participants", {"phone": "0899999999"}, store.records("participants")[0]["id"])
    newer = tmp_path / "newer.bundle"
    run(capsys, "--db", str(desk_a), "sync", "export", "--out", str(newer))
    newer.write_bytes(damage(newer.read_bytes()))
    before = snapshot(desk_b)
    code, _, err = run(capsys, "--db", str(desk_b), "sync", "import", str(newer))
    assert code == 1
    assert message in err and "Nothing was imported" in err
    assert snapshot(desk_b) == before


def test_another_events_bundle_is_refused(
    bundle_a: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other" / "event.json"
    run(capsys, "--db", str(other), "--station", "desk-x", "demo", "--no-tui")
    before = snapshot(other)
    code, _, err = run(capsys, "--db", str(other), "sync", "import", str(bundle_a))
    assert code == 1
    assert "is of the event" in err and "nothing was changed" in err
    assert snapshot(other) == before


def test_a_copied_database_is_caught_and_renaming_the_desk_fixes_it(
    desk_a: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    twin = tmp_path / "twin" / "event.json"
    twin.parent.mkdir()
    twin.write_bytes(desk_a.read_bytes())  # someone copied the database to a second laptop
    run(capsys, "--db", str(twin), "roster", "add", "นางสาวแฝด คนที่สอง")
    twin_bundle = tmp_path / "twin.bundle"
    run(capsys, "--db", str(twin), "sync", "export", "--out", str(twin_bundle))

    before = snapshot(desk_a)
    code, _, err = run(capsys, "--db", str(desk_a), "sync", "import", str(twin_bundle))
    assert code == 1
    assert "copies of one database file" in err and "--station NEW-NAME" in err
    assert snapshot(desk_a) == before

    code, out, _ = run(
        capsys, "--db", str(desk_a), "--station", "desk-a2", "sync", "import", str(twin_bundle)
    )
    assert (code, "1 new" in out) == (0, True)


def test_the_storage_layer_reads_back_what_it_wrote(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s" / "event.json", station="s1") as store:
        store.put("things", {"name": "ผ้าไหม"}, "t1")
        store.set_local("secret_checkpoint", "42")
        bundle = make_bundle(store, "event-1")
    path = write_bundle(bundle, tmp_path / "b.bundle")
    again = read_bundle(path)
    assert (again.event, again.station, again.counts) == ("event-1", "s1", {"things": 1})
    assert "secret_checkpoint" not in path.read_text(encoding="utf-8")
    with pytest.raises(BundleError, match="no such file"):
        read_bundle(tmp_path / "missing.bundle")
