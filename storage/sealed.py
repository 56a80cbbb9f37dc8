"""Bytes sealed under a passphrase: unreadable, and unchangeable, without it.

Why: a bundle on a USB stick holds every participant's phone number, and the event's signing
key must reach another desk without being readable by whoever holds the stick or the server. A
key is derived from the passphrase with scrypt (memory-hard, so guessing a phrase costs real
time per guess) and the bytes are sealed with AES-GCM, which also detects any change: a sealed
box that was edited, cut short or opened with the wrong phrase fails as a whole, and nothing
of it is used.

`seal(..., deterministic=True)` takes the nonce from the key and the content, so sealing the
same bytes twice gives the same box (a synced document that does not change on every push);
two different contents never share a nonce under one key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

KDF = "scrypt"
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
MAX_SCRYPT_N = 2**20
"""A box asking for more work than this to open is refused (a hostile file could ask for hours)."""


class SealError(Exception):
    """A sealed box that cannot be opened: `code` is "wrong_phrase" or "malformed"."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code
        self.params: dict[str, str] = {}


@dataclass(frozen=True)
class _Kdf:
    salt: bytes
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    def key(self, passphrase: str) -> bytes:
        return hashlib.scrypt(
            passphrase.encode("utf-8"),
            salt=self.salt,
            n=self.n,
            r=self.r,
            p=self.p,
            maxmem=256 * 1024 * 1024,
            dklen=KEY_BYTES,
        )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise SealError("a sealed box has a field that is not text", "malformed")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise SealError("a sealed box has a field that is not base64", "malformed") from None


def seal(
    data: bytes,
    passphrase: str,
    *,
    aad: bytes = b"",
    salt: bytes | None = None,
    deterministic: bool = False,
) -> dict[str, Any]:
    """Seal `data`; `aad` is bound to the box (opening with another `aad` fails)."""
    kdf = _Kdf(salt if salt is not None else secrets.token_bytes(SALT_BYTES))
    key = kdf.key(passphrase)
    if deterministic:
        nonce = hmac.new(key, aad + b"\x00" + data, hashlib.sha256).digest()[:NONCE_BYTES]
    else:
        nonce = secrets.token_bytes(NONCE_BYTES)
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # loaded when first used

    sealed = AESGCM(key).encrypt(nonce, data, aad)
    return {
        "kdf": {"name": KDF, "salt": _b64(kdf.salt), "n": kdf.n, "r": kdf.r, "p": kdf.p},
        "nonce": _b64(nonce),
        "data": _b64(sealed),
    }


def open_sealed(box: object, passphrase: str, *, aad: bytes = b"") -> bytes:
    """The bytes sealed in `box`; SealError when the phrase is wrong or the box damaged."""
    if not isinstance(box, dict) or not isinstance(box.get("kdf"), dict):
        raise SealError("not a sealed box", "malformed")
    kdf_fields = box["kdf"]
    if kdf_fields.get("name") != KDF:
        raise SealError(f"unknown key derivation {kdf_fields.get('name')!r}", "malformed")
    try:
        n, r, p = (int(kdf_fields[k]) for k in ("n", "r", "p"))
    except (KeyError, TypeError, ValueError):
        raise SealError("the key derivation's parameters are missing", "malformed") from None
    if not (1 < n <= MAX_SCRYPT_N and n & (n - 1) == 0 and 0 < r <= 32 and 0 < p <= 16):
        raise SealError("the key derivation asks for an absurd amount of work", "malformed")
    kdf = _Kdf(_unb64(kdf_fields.get("salt")), n, r, p)
    nonce, sealed = _unb64(box.get("nonce")), _unb64(box.get("data"))
    if len(nonce) != NONCE_BYTES:
        raise SealError("the nonce has the wrong length", "malformed")
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(kdf.key(passphrase)).decrypt(nonce, sealed, aad)
    except InvalidTag:
        raise SealError(
            "the phrase does not open it, or it was changed after it was sealed", "wrong_phrase"
        ) from None
