"""Every storage error and notice has Thai and English text, and no text outlives its code.

The Desk shows a storage error as `storage.error.<code>` filled with its `params`, so a code
without catalogue text would reach the user as a bare key.
"""

from __future__ import annotations

import re
from pathlib import Path

from facilitator import i18n

STORAGE = Path(__file__).resolve().parents[2] / "storage"
ERROR_CODE = re.compile(r'\bcode(?:: str)? ?= ?"([a-z_]+)"')
NOTICE_CODE = re.compile(r'StoreNotice\(\s*"([a-z_]+)"')
REFUSAL_CODE = re.compile(r'self\._raise\(\s*"([a-z_]+)"')


def codes(pattern: re.Pattern[str]) -> set[str]:
    found: set[str] = set()
    for module in STORAGE.glob("*.py"):
        if module.name in ("couch.py", "couch_sync.py"):
            continue  # their errors are another engineer's (issue 13, item 6)
        found |= set(pattern.findall(module.read_text(encoding="utf-8")))
    return found


def test_every_storage_error_code_has_catalogue_text() -> None:
    errors = (codes(ERROR_CODE) | codes(REFUSAL_CODE)) - {"store_error"}
    keys = {key for key in i18n.catalogue() if key.startswith("storage.error.")}
    assert {f"storage.error.{c}" for c in errors} - keys == set()
    assert keys - {f"storage.error.{c}" for c in errors} == set(), "text without a code"


def test_every_storage_notice_code_has_catalogue_text() -> None:
    notices = codes(NOTICE_CODE) | {
        "torn_tail",
        "torn_tail_unverified",
        "rebuilt_from_previous_unverified",
    }
    keys = {key for key in i18n.catalogue() if key.startswith("storage.notice.")}
    assert {f"storage.notice.{c}" for c in notices} == keys
