"""A person's own profile: name, time zone, language and avatar."""

from __future__ import annotations

import io
import secrets
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from sqlmodel import Session, select

from tra_da.models import MentorProfile, User
from tra_da.models.base import utcnow
from tra_da.models.limits import NAME_MAX
from tra_da.models.user import LOCALES, UserPublic, UserUpdate
from tra_da.services import accounts, directory
from tra_da.services.access import require_active
from tra_da.services.accounts import check_timezone
from tra_da.services.errors import Invalid
from tra_da.validation import check_controls

AVATAR_MAX_BYTES = 2 * 1024 * 1024
AVATAR_FORMATS = {"PNG", "JPEG", "WEBP"}
AVATAR_SIZE = 512
AVATAR_MAX_PIXELS = 4096 * 4096  # decoding is refused above this: 2 MB can hide a huge bitmap


def update_profile(db: Session, actor: User, data: UserUpdate) -> UserPublic:
    """The signed-in person's own name, time zone and language (unset fields stay)."""
    user = require_active(actor)
    name = (user.name if data.name is None else data.name).strip()
    timezone = user.timezone if data.timezone is None else data.timezone
    locale = user.locale if data.locale is None else data.locale
    check_controls(name, "name")
    if not 1 <= len(name) <= NAME_MAX:
        raise Invalid(f"Enter a name of 1 to {NAME_MAX} characters.", "err.name")
    if locale not in LOCALES:
        raise Invalid("Language must be 'vi' (Tiếng Việt) or 'en' (English).")
    user.name, user.timezone, user.locale = name, check_timezone(timezone), locale
    user.updated_at = utcnow()
    db.add(user)
    if user.role == "mentor":
        mentor_id = db.exec(
            select(MentorProfile.id).where(MentorProfile.user_id == user.id)
        ).first()
        if mentor_id is not None:
            db.flush()
            directory.index_mentor(db, mentor_id)
    db.commit()
    return accounts.public(user)


def set_avatar(db: Session, actor: User, data: bytes, upload_dir: Path) -> UserPublic:
    """The signed-in person's own picture."""
    return accounts.public(replace_avatar(db, require_active(actor), data, upload_dir))


def replace_avatar(db: Session, user: User, data: bytes, upload_dir: Path) -> User:
    """Check, re-encode (drops metadata and anything hidden in the file) and store an avatar.
    No access check: callers decide who may change whose picture."""
    if len(data) > AVATAR_MAX_BYTES:
        raise Invalid("The picture is larger than 2 MB; choose a smaller one.", "err.avatar_size")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format, (width, height) = probe.format, probe.size
            probe.verify()
        if image_format not in AVATAR_FORMATS:
            raise Invalid("Use a PNG, JPEG or WebP picture.", "err.avatar_type")
        if width * height > AVATAR_MAX_PIXELS:
            raise Invalid(
                "The picture is larger than 4096 × 4096 pixels; use a smaller one.",
                "err.avatar_pixels",
            )
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            picture = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise Invalid(
            "This file is not a picture we can read; use a PNG, JPEG or WebP.", "err.avatar_type"
        ) from None
    picture.thumbnail((AVATAR_SIZE, AVATAR_SIZE))
    upload_dir.mkdir(parents=True, exist_ok=True)
    name = f"avatar-{secrets.token_urlsafe(16)}.webp"
    picture.save(upload_dir / name, format="WEBP", quality=85)
    previous = user.avatar_url
    user.avatar_url = f"/_upload/{name}"
    user.updated_at = utcnow()
    db.add(user)
    db.commit()
    if previous and previous.startswith("/_upload/avatar-"):
        (upload_dir / previous.removeprefix("/_upload/")).unlink(missing_ok=True)
    return user
