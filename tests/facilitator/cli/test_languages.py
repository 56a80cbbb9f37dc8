"""Which language the command line speaks, and that `--help` and argparse's own words speak it.

The desk is Thai unless told otherwise: `--lang` first, else a locale that names a language
(LC_ALL, then LC_MESSAGES, then LANG); no locale, `C` or `POSIX` says nothing, so Thai.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import pytest

from facilitator.cli import build_parser, main
from facilitator.cli.language import LOCALE_DIR, requested_language, speak
from facilitator.desk import Desk
from facilitator.i18n import language, language_from_environment
from tests.mo_file import CATALOGUES, compile_po, mo_path


def help_text(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def refusal(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """What argparse says (exit 2) about a command line it cannot read."""
    with pytest.raises(SystemExit) as done:
        main(list(argv))
    assert done.value.code == 2
    return capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "lang"),
    [
        (["--lang", "en", "info"], "en"),
        (["--lang=th", "info"], "th"),
        (["--db", "x.json", "--la", "en"], "en"),
        (["--station", "--lang", "roster", "list"], None),  # "--lang" is the station's name
        (["export", "attendance", "--lang", "en"], None),  # the file's language, not ours
        (["--lang", "fr"], None),  # argparse refuses it, in the language of the locale
        ([], None),
    ],
)
def test_the_global_lang_option_is_read_before_the_parser(
    argv: list[str], lang: str | None
) -> None:
    assert requested_language(argv) == lang


@pytest.mark.parametrize(
    ("environment", "lang"),
    [
        ({}, "th"),
        ({"LANG": "C"}, "th"),
        ({"LANG": "C.UTF-8"}, "th"),
        ({"LANG": "POSIX"}, "th"),
        ({"LANG": "th_TH.UTF-8"}, "th"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "th_TH.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "th_TH.UTF-8"}, "th"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": ""}, "en"),  # an empty variable is not set
    ],
)
def test_the_environment_names_the_language_or_leaves_it_thai(
    environment: dict[str, str], lang: str
) -> None:
    assert language_from_environment(environment) == lang


def test_help_is_thai_on_a_laptop_without_a_locale(capsys: pytest.CaptureFixture[str]) -> None:
    out = help_text(capsys)
    assert out.startswith("วิธีใช้: facilitator")
    assert "ลงทะเบียน บันทึกการให้คำปรึกษา และรายงาน" in out
    assert "แสดงวิธีใช้นี้แล้วจบ" in out and "ตัวเลือก:" in out
    assert "show this help message" not in out and "usage:" not in out


def test_help_follows_an_english_locale_and_lang_overrides_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    out = help_text(capsys, "roster", "import")
    assert out.startswith("usage: facilitator roster import")
    assert "show what would change, write nothing" in out
    assert "show this help message and exit" in out
    thai = help_text(capsys, "--lang", "th", "roster", "import")
    assert thai.startswith("วิธีใช้:") and "แสดงว่าจะเปลี่ยนอะไรบ้าง" in thai and language() == "th"


def test_lang_en_wins_over_a_thai_locale(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "th_TH.UTF-8")
    assert help_text(capsys, "--lang", "en", "checkin").startswith("usage:")
    assert help_text(capsys, "checkin").startswith("วิธีใช้:")


def test_argparse_refusals_are_in_thai(capsys: pytest.CaptureFixture[str]) -> None:
    err = refusal(capsys, "--lang", "th", "roster")
    assert "facilitator roster: ผิดพลาด: ยังขาด: ACTION" in err
    err = refusal(capsys, "--lang", "th", "checkin", "--session")
    assert "--session: ต้องตามด้วยค่าหนึ่งค่า" in err
    err = refusal(capsys, "--lang", "th", "badges", "--role", "chef")
    assert "ไม่มี 'chef' ให้เลือก" in err
    err = refusal(capsys, "--lang", "th", "export", "attendance", "--format", "docx")
    assert "ไม่มี 'docx' ให้เลือก" in err


def test_argparse_refusals_stay_english_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    err = refusal(capsys, "--lang", "en", "roster")
    assert "error: the following arguments are required: ACTION" in err


def test_an_export_in_english_is_asked_of_a_thai_desk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`export ... --lang en` sets the file's headings; the desk keeps speaking Thai."""
    db = tmp_path / "event.json"
    with Desk.open(db) as desk:
        desk.create_demo(date(2021, 6, 7))
    out = tmp_path / "attendance.csv"
    argv = ["--db", str(db), "export", "attendance", "--format", "csv", "--lang", "en"]
    assert main([*argv, "--out", str(out)]) == 0
    assert capsys.readouterr().out.startswith(f"เขียน {out} แล้ว")
    assert "Name" in out.read_text(encoding="utf-8-sig")


def test_the_shipped_gettext_catalogue_is_the_compiled_po() -> None:
    """Edit the .po, then `.venv/bin/python -m tests.mo_file`: the .mo gettext reads must agree."""
    assert CATALOGUES and all(po.is_relative_to(LOCALE_DIR) for po in CATALOGUES)
    for po in CATALOGUES:
        assert mo_path(po).read_bytes() == compile_po(po.read_text(encoding="utf-8")), po


def every_command(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[str, ...]]:
    """The path of every command and subcommand in the argparse tree, the bare program first."""
    found = [path]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += every_command(sub, (*path, name))
    return found


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_command_has_a_help_page_in_both_languages(
    capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    # a catalogue text with a bare "%" ("80%") once crashed argparse's help expansion
    speak(lang)
    commands = every_command(build_parser())
    assert ("certificates",) in commands and ("export", "certificates") in commands
    for path in commands:
        out = help_text(capsys, "--lang", lang, *path)
        assert out.strip(), path
    assert "80%" in help_text(capsys, "--lang", lang, "certificates")
    assert "%%" not in help_text(capsys, "--lang", lang, "export", "certificates")
