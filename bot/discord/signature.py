"""Ed25519 verification of Discord's interaction requests with PyNaCl (no I/O).

Discord signs ``X-Signature-Timestamp`` followed by the raw body with the application's
key. The check runs on the bytes as received, before anything is parsed, and a timestamp
more than :data:`REPLAY_WINDOW_SECONDS` from now either way is refused, so a recorded
request cannot be replayed later.
"""

from __future__ import annotations

from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

REPLAY_WINDOW_SECONDS = 300
_TIMESTAMP_DIGITS = 12
"""Seconds since 1970 have 10 digits until the year 2286; a longer header is no timestamp."""


class BadPublicKey(ValueError):
    """The configured public key is not 32 bytes of hex."""


def verify_key(public_key_hex: str) -> VerifyKey:
    """The application's public key (64 hex digits, as the developer portal shows it)."""
    try:
        raw = bytes.fromhex(public_key_hex.strip())
    except ValueError:
        raise BadPublicKey("IMMERSION_TRACKER_DISCORD_PUBLIC_KEY is not hex") from None
    if len(raw) != 32:
        raise BadPublicKey("IMMERSION_TRACKER_DISCORD_PUBLIC_KEY must be 64 hex digits")
    return VerifyKey(raw)


def is_authentic(key: VerifyKey, timestamp: str | None, signature: str | None, body: bytes,
                 now_epoch: float) -> bool:
    """Whether Discord signed exactly these bytes, within the replay window."""
    # ASCII digits only: str.isdigit() also takes "²" and Arabic-Indic digits, which int()
    # or the ASCII encoding below would refuse with an exception (a 500, not a 401).
    if (not timestamp or not signature or len(timestamp) > _TIMESTAMP_DIGITS
            or not (timestamp.isascii() and timestamp.isdigit())):
        return False
    if abs(int(timestamp) - now_epoch) > REPLAY_WINDOW_SECONDS:
        return False
    try:
        raw_signature = bytes.fromhex(signature)
    except ValueError:
        return False
    if len(raw_signature) != 64:
        return False
    try:
        key.verify(timestamp.encode("ascii") + body, raw_signature)
    except BadSignatureError:
        return False
    return True
