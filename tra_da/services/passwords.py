"""Password hashing with bcrypt (cost 12) and the password policy."""

from __future__ import annotations

import bcrypt
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from tra_da.services.errors import Invalid

BCRYPT_ROUNDS = 12
MIN_LENGTH = 8
MAX_LENGTH = 64
MAX_BYTES = 72  # bcrypt ignores (bcrypt 5: refuses) anything past 72 bytes

# zxcvbn's password list is ranked by frequency in real leaks: its head is the common ones.
COMMON_PASSWORDS = frozenset(FREQUENCY_LISTS["passwords"][:10_000])

# Verified against when the email is unknown, so both paths take the same time.
_DUMMY_HASH = bcrypt.hashpw(b"timing-equaliser", bcrypt.gensalt(BCRYPT_ROUNDS))


def check_policy(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise Invalid(f"Use a password of at least {MIN_LENGTH} characters.", "err.password_short")
    if len(password) > MAX_LENGTH:
        raise Invalid(f"Use a password of at most {MAX_LENGTH} characters.", "err.password_long")
    if len(password.encode()) > MAX_BYTES:
        raise Invalid(
            f"This password is longer than {MAX_BYTES} bytes once encoded (accented letters "
            "count double); use a shorter one.",
            "err.password_bytes",
        )
    if password.lower() in COMMON_PASSWORDS:
        raise Invalid(
            "This password is one of the 10,000 most common ones and easy to guess; choose "
            "another, for example a few unrelated words.",
            "err.password_common",
        )


def hash_password(password: str) -> str:
    check_policy(password)
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(BCRYPT_ROUNDS)).decode()


def verify_password(password: str, password_hash: str | None) -> bool:
    encoded = password.encode()
    if not password_hash or len(encoded) > MAX_BYTES:
        # Same cost as a real check, so response time does not reveal which case this was.
        bcrypt.checkpw(encoded[:MAX_BYTES], _DUMMY_HASH)
        return False
    return bcrypt.checkpw(encoded, password_hash.encode())
