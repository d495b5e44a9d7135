"""Password hashing with scrypt (salted, deliberately slow) and constant-time checks (no I/O)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from concurrent.futures import ThreadPoolExecutor

# scrypt with n=2**14, r=8 costs about 16 MiB and tens of milliseconds: slow for guessing,
# fast enough for an interactive login. Parameters are stored with each hash so they can grow.
_N, _R, _P = 2**14, 8, 1
_PREFIX = "scrypt"
MIN_PASSWORD_LENGTH = 8
PASSWORD_RULE = f"at least {MIN_PASSWORD_LENGTH} characters"
"""What an account's password must be, as the prompts and the refusals state it."""
_HASHERS = ThreadPoolExecutor(os.cpu_count() or 1, thread_name_prefix="scrypt")
"""Each check holds 16 MiB and a core: a flood of wrong passwords queues here instead of
multiplying memory and starving every other request. Dedicated threads rather than a
semaphore, so only these few threads' malloc arenas ever hold scrypt's 16 MiB blocks."""


def share_hashing_cores(processes: int) -> int:
    """Cap this process's concurrent checks at its share of the cores, so ``processes``
    server processes together hash on no more than the machine's cores (one each at least).

    Call it before the first check (a server worker does, at start); the cap chosen.
    """
    global _HASHERS
    share = max(1, (os.cpu_count() or 1) // max(1, processes))
    previous, _HASHERS = _HASHERS, ThreadPoolExecutor(share, thread_name_prefix="scrypt")
    previous.shutdown(wait=True)
    return share


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def password_problem(password: str) -> str | None:
    """Why ``password`` cannot be an account's password (one sentence), or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"A password needs {PASSWORD_RULE}."
    return None


def hash_password(password: str) -> str:
    """A self-describing hash: ``scrypt$n$r$p$salt$digest``."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"{_PREFIX}${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored``; malformed hashes never match."""
    try:
        prefix, n, r, p, salt, digest = stored.split("$")
        if prefix != _PREFIX:
            return False
        expected = _unb64(digest)
        actual = _HASHERS.submit(
            hashlib.scrypt,
            password.encode(),
            salt=_unb64(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
            maxmem=256 * 1024 * 1024,
        ).result()
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


# Same parameters as a real hash, so checking it costs the same; no password matches it.
# Written out rather than hashed at import: a Lambda's cold start pays nothing for it.
_TIMING_HASH = f"{_PREFIX}${_N}${_R}${_P}${_b64(bytes(16))}${_b64(bytes(32))}"


def burn_time(password: str) -> None:
    """Spend the time of one verification, so unknown users cannot be told apart by timing."""
    verify_password(password, _TIMING_HASH)
