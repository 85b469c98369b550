"""Accounts: creating people, finding them, the first admin from the environment."""

from __future__ import annotations

import unicodedata
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from tra_da.i18n import UTC_NAMES, canonical_zone, zone_label
from tra_da.models import MenteeProfile, MentorExpertise, MentorProfile, User
from tra_da.models.limits import NAME_MAX
from tra_da.models.user import LOCALES, ROLES, UserMePublic, UserPublic
from tra_da.services.errors import Conflict, Invalid
from tra_da.services.passwords import hash_password
from tra_da.validation import check_controls


def normalise_email(raw: str) -> str:
    try:
        result = validate_email(raw.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise Invalid(f"'{raw}' is not a valid email address: {exc}", "err.email_invalid") from None
    return result.normalized.lower()


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid(
            f"'{name}' is not a known time zone; use an IANA name such as Asia/Ho_Chi_Minh.",
            "err.timezone",
        ) from None
    return name


# The zones a person can pick: UTC, then every place-named IANA zone (old aliases included, so
# an account holding one still finds it selected).
TIMEZONE_IDS = (
    "UTC",
    *sorted(z for z in available_timezones() if "/" in z and not z.startswith("Etc/")),
)


def _sort_key(label: str) -> str:
    """Alphabetical for either language: 'Ấn Độ' sorts with A, not after Z."""
    plain = unicodedata.normalize("NFD", label.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold()


@cache
def timezone_choices(language: str) -> tuple[tuple[str, str], ...]:
    """(zone id, readable name in ``language``) for every zone a person can pick, UTC first,
    then by name: ("Asia/Ho_Chi_Minh", "Việt Nam (TP Hồ Chí Minh)"). An alias reads like its
    current zone, so its id is added to tell the two apart."""
    named = []
    for zone in TIMEZONE_IDS[1:]:
        label = zone_label(zone, language)
        named.append((zone, label if canonical_zone(zone) == zone else f"{label} · {zone}"))
    utc = ("UTC", zone_label("UTC", language))
    return (utc, *sorted(named, key=lambda choice: (_sort_key(choice[1]), choice[0])))


def zone_choice(name: str) -> str:
    """The choice a browser's zone selects: "UTC" for any name of UTC, the zone itself when it
    can be picked, else "" (the form's default then stands, rather than a wrong zone)."""
    if name in UTC_NAMES:
        return "UTC"
    return name if name in TIMEZONE_IDS else ""


def clean_name(name: str) -> str:
    """A person's name as stored: trimmed, 1 to NAME_MAX characters, no control characters."""
    name = name.strip()
    check_controls(name, "name")
    if not 1 <= len(name) <= NAME_MAX:
        raise Invalid(f"Enter a name of 1 to {NAME_MAX} characters.", "err.name")
    return name


def find_by_email(db: Session, email: str) -> User | None:
    return db.exec(select(User).where(func.lower(User.email) == email.strip().lower())).first()


def create_user(
    db: Session,
    *,
    email: str,
    name: str,
    role: str,
    password: str | None,
    timezone: str = "Asia/Ho_Chi_Minh",
    locale: str = "vi",
) -> User:
    """Create a user and the profile of their role, in the caller's transaction (flushed)."""
    if role not in ROLES:
        raise Invalid(f"Role must be one of {', '.join(ROLES)}.")
    if locale not in LOCALES:
        raise Invalid("Language must be 'vi' (Tiếng Việt) or 'en' (English).")
    name = clean_name(name)
    email = normalise_email(email)
    if find_by_email(db, email) is not None:
        raise Conflict(
            f"An account with {email} already exists; sign in or use another email.",
            "err.email_taken",
        )
    user = User(
        email=email,
        name=name,
        role=role,
        password_hash=hash_password(password) if password is not None else None,
        timezone=check_timezone(timezone),
        locale=locale,
    )
    db.add(user)
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        raise Conflict(
            f"An account with {email} already exists; sign in or use another email."
        ) from None
    assert user.id is not None
    if role == "mentor":
        db.add(MentorProfile(user_id=user.id))
    elif role == "mentee":
        db.add(MenteeProfile(user_id=user.id))
    db.flush()
    return user


def find_by_emails(db: Session, emails: list[str]) -> dict[str, User]:
    """``find_by_email`` for many addresses in a few queries: {lower-case email: user}."""
    wanted = sorted({email.strip().lower() for email in emails})
    found: dict[str, User] = {}
    for start in range(0, len(wanted), 500):  # well under every SQLite's bound-variable limit
        batch = wanted[start : start + 500]
        for user in db.exec(select(User).where(func.lower(User.email).in_(batch))):
            found[user.email.lower()] = user
    return found


def create_users(db: Session, people: list[tuple[str, str]], role: str) -> list[User]:
    """``create_user`` for many (email, name) pairs at once, without passwords (they are
    invited): the same checks, then one INSERT for the users and one for their profiles. The
    caller has looked the emails up; one taken meanwhile is refused by the unique index, and
    then nobody in the list is created (Conflict)."""
    if role not in ROLES:
        raise Invalid(f"Role must be one of {', '.join(ROLES)}.")
    users = []
    for email, name in people:
        users.append(User(email=normalise_email(email), name=clean_name(name), role=role))
    if not users:
        return users
    db.add_all(users)
    try:
        db.flush()
    except IntegrityError:
        db.rollback()
        raise Conflict(
            "An account with one of these emails was created meanwhile; try again.",
            "err.accounts_taken_meanwhile",
        ) from None
    profile = MentorProfile if role == "mentor" else MenteeProfile if role == "mentee" else None
    if profile is not None:
        db.add_all([profile(user_id=user.id) for user in users if user.id is not None])
        db.flush()
    return users


def bootstrap_admin(db: Session, email: str | None, password: str | None) -> User | None:
    """Create the first admin from ADMIN_EMAIL/ADMIN_PASSWORD when no admin exists yet."""
    if not email or not password:
        return None
    if db.exec(select(User.id).where(User.role == "admin")).first() is not None:
        return None
    try:
        user = create_user(db, email=email, name="Admin", role="admin", password=password)
        user.email_verified_at = user.created_at  # the operator vouches for this address
    except Invalid as exc:
        raise Invalid(f"ADMIN_EMAIL/ADMIN_PASSWORD: {exc.message}") from None
    db.commit()
    return user


def profile_of(db: Session, user: User) -> dict[str, object] | None:
    """The role profile that goes with a user, as plain data."""
    if user.role == "mentor":
        mentor = db.exec(select(MentorProfile).where(MentorProfile.user_id == user.id)).first()
        if mentor is None:
            return None
        tags = db.exec(
            select(MentorExpertise.tag)
            .where(MentorExpertise.mentor_id == mentor.id)
            .order_by(MentorExpertise.tag)
        ).all()
        return {
            "id": mentor.id,
            "headline": mentor.headline,
            "bio": mentor.bio,
            "track": mentor.track,
            "max_mentees": mentor.max_mentees,
            "expertise": list(tags),
        }
    if user.role == "mentee":
        mentee = db.exec(select(MenteeProfile).where(MenteeProfile.user_id == user.id)).first()
        if mentee is None:
            return None
        return {
            "id": mentee.id,
            "goals": mentee.goals,
            "interests": mentee.interests,
            "track": mentee.track,
            "background": mentee.background,
            "mentor_id": mentee.mentor_id,
            "group_id": mentee.group_id,
        }
    return None


def public(user: User) -> UserPublic:
    """What of an account its owner may read (never the password hash)."""
    return UserPublic.model_validate(user, from_attributes=True)


def me(db: Session, user: User) -> UserMePublic:
    """The signed-in account with the profile of its role."""
    return UserMePublic(**public(user).model_dump(), profile=profile_of(db, user))
