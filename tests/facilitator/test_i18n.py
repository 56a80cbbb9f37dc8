"""Every interface string exists in Thai and in English."""

from __future__ import annotations

import re

import pytest

from facilitator import i18n


def test_every_message_has_thai_and_english() -> None:
    missing = [
        (key, lang)
        for key, texts in i18n.catalogue().items()
        for lang in i18n.LANGUAGES
        if not texts.get(lang, "").strip()
    ]
    assert missing == []


def test_both_languages_use_the_same_placeholders() -> None:
    field = re.compile(r"{(\w+)")
    for key, texts in i18n.catalogue().items():
        assert set(field.findall(texts["th"])) == set(field.findall(texts["en"])), key


def test_switching_language_changes_the_text() -> None:
    try:
        i18n.set_language("en")
        assert i18n.t("nav.participants") == "Participants"
        i18n.set_language("th")
        assert i18n.t("nav.participants") == "รายชื่อ"
    finally:
        i18n.set_language("th")


@pytest.mark.usefixtures("english")  # the assertion reads the English text
def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        i18n.set_language("fr")
