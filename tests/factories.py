"""The people and slots a test starts from, made through the services (a row made here is a row
the app would make). One factory per thing, one return type each:

- `admin(db)` and `mentee(db)` give the account (`User`);
- `mentor(db, admin)` gives the admin's view of the new mentor (`MentorPublic`: `.id` is the
  mentor profile, `.user_id` the account; `account(db, row.user_id)` fetches the account);
- `mentee_id(db, user)` is a mentee's profile id, `slot(...)` an open slot's id.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlmodel import Session, select

from tra_da.models import MenteeProfile, Slot, User
from tra_da.models.mentor import MentorCreate, MentorPublic
from tra_da.services import accounts, mentors


def admin(
    db: Session,
    email: str = "admin@example.com",
    *,
    name: str = "Quản trị",
    password: str | None = None,
) -> User:
    user = accounts.create_user(db, email=email, name=name, role="admin", password=password)
    db.commit()
    return user


def mentor(
    db: Session,
    admin: User,
    email: str = "lan@example.com",
    *,
    name: str = "Nguyễn Thị Lan",
    track: str = "Data",
    headline: str = "",
    bio: str = "Dữ liệu và thống kê",
    expertise: Sequence[str] = ("sql",),
    max_mentees: int = 5,
) -> MentorPublic:
    """A mentor created by an admin (their invitation is queued, as in the app)."""
    return mentors.create_mentor(
        db,
        admin,
        MentorCreate(
            email=email,
            name=name,
            track=track,
            headline=headline,
            bio=bio,
            expertise=list(expertise),
            max_mentees=max_mentees,
        ),
    )


def mentee(
    db: Session,
    email: str = "an@example.com",
    *,
    name: str | None = None,
    password: str | None = None,
) -> User:
    """A mentee account (named after the email's local part unless a name is given)."""
    user = accounts.create_user(
        db, email=email, name=name or email.split("@")[0], role="mentee", password=password
    )
    db.commit()
    return user


def account(db: Session, user_id: int) -> User:
    user = db.get(User, user_id)
    assert user is not None
    return user


def mentee_id(db: Session, user: User) -> int:
    return db.exec(select(MenteeProfile.id).where(MenteeProfile.user_id == user.id)).one()


def slot(db: Session, mentor_id: int, start: datetime, minutes: int = 60) -> int:
    made = Slot(mentor_id=mentor_id, start_at=start, end_at=start + timedelta(minutes=minutes))
    db.add(made)
    db.commit()
    assert made.id is not None
    return made.id
