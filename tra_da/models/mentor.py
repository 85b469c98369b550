"""Mentor profiles and their expertise tags, and the mentor family: ``MentorBase`` (the profile
fields a person types) -> ``MentorProfile`` table, ``MentorCreate`` / ``MentorUpdate`` in,
``MentorPublic`` (the admin's view: the person, their load and invitation) out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from tra_da.models.base import PUBLIC, UTCDateTime, utcnow
from tra_da.models.limits import (
    BIO_MAX,
    EXPERTISE_TAG_MAX,
    EXPERTISE_TAGS_MAX,
    HEADLINE_MAX,
    MAX_MENTEES_MAX,
    TRACK_MAX,
)
from tra_da.models.numbers import JsonInt
from tra_da.models.payment import MentorPricePublic
from tra_da.models.review import RatingPublic
from tra_da.models.text import Bio, Email, Headline, PersonName, Tag, Track


class MentorBase(SQLModel):
    headline: str = Field(default="", max_length=HEADLINE_MAX)
    bio: str = Field(default="", max_length=BIO_MAX)
    track: str = Field(default="", max_length=TRACK_MAX)
    max_mentees: int = Field(default=5)


class MentorProfile(MentorBase, table=True):
    __tablename__ = "mentor_profile"
    __table_args__ = (
        CheckConstraint(
            f"max_mentees BETWEEN 0 AND {MAX_MENTEES_MAX}", name="ck_mentor_max_mentees"
        ),
        CheckConstraint("assigned_count >= 0", name="ck_mentor_assigned_count"),
        Index("ix_mentor_profile_track", "track"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False, unique=True
        )
    )
    # Mentees assigned now. Kept by the assignment service with conditional UPDATEs, so two
    # admins taking the last free seat at once cannot both succeed, on SQLite or PostgreSQL.
    assigned_count: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # What the directory's text search reads: name, headline, bio, track and tags, case- and
    # accent-folded ("nguyen" finds "Nguyễn"). Written by directory.index_mentor.
    search_text: str = Field(default="", max_length=6000, sa_column_kwargs={"server_default": ""})
    # The earliest open slot starting at or after the moment it was computed, or NULL when there
    # is none. Kept by database triggers on slot (migration 0004), so every writer keeps it
    # right; the directory probes the slots only when it has fallen behind the clock.
    next_open_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Price of one session in the currency's smallest unit (0: free); charged only while Stripe
    # is configured (services.payments).
    price_amount: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    price_currency: str = Field(
        default="VND", max_length=3, sa_column_kwargs={"server_default": "VND"}
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class MentorCreate(MentorBase):
    """A new mentor, as an admin enters it (POST /api/mentors, the mentor form, the CSV import).
    The REST body is checked on the way in; the service checks again, with messages a person can
    act on, whatever front it came from."""

    email: Email
    name: PersonName
    expertise: list[Tag] = Field(default_factory=list, max_length=EXPERTISE_TAGS_MAX)
    headline: Headline = ""
    bio: Bio = ""
    track: Track = ""
    max_mentees: JsonInt = Field(default=5, ge=0, le=MAX_MENTEES_MAX)


class MentorUpdate(SQLModel):
    """An edit: the fields given replace the mentor's, the others stay."""

    email: str | None = None
    name: str | None = None
    expertise: list[str] | None = None
    headline: str | None = None
    bio: str | None = None
    track: str | None = None
    max_mentees: int | None = None


class MentorPublic(MentorBase):
    """A mentor as admins see them (and POST /api/mentors answers)."""

    model_config = PUBLIC

    id: int
    user_id: int
    name: str
    email: str
    expertise: list[str]
    assigned_mentees: int
    active: bool
    invitation_pending: bool  # invited, password not chosen yet
    avatar_url: str | None
    rating: RatingPublic = Field(default_factory=RatingPublic)  # services.reviews.mentor_ratings


class MentorExpertise(SQLModel, table=True):
    """One tag per row so the directory filters by expertise with an index, not a text scan."""

    __tablename__ = "mentor_expertise"
    __table_args__ = (
        Index("ix_mentor_expertise_tag", "tag"),
        CheckConstraint(
            f"length(tag) BETWEEN 1 AND {EXPERTISE_TAG_MAX}", name="ck_mentor_expertise_tag_length"
        ),
    )

    mentor_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("mentor_profile.id", ondelete="CASCADE"), primary_key=True
        )
    )
    tag: str = Field(primary_key=True, max_length=EXPERTISE_TAG_MAX)


# --- the directory: what mentees see of a mentor (booking's slice) ----------------------------
# Read projections of a mentor with their person and open slots; the mentor family above is the
# programme's.


class MentorCardPublic(SQLModel):
    """A mentor as the directory shows them, with their next open slot."""

    model_config = PUBLIC
    id: int
    user_id: int
    name: str
    headline: str
    bio: str
    track: str
    expertise: list[str]
    avatar_url: str | None
    next_open_slot: datetime | None
    price: MentorPricePublic | None = None  # on one mentor's profile; null: sessions are free
    # Average of the visible reviews from 3 of them (services.reviews.mentor_ratings), count always.
    rating: RatingPublic = Field(default_factory=RatingPublic)


class MentorCardsPublic(SQLModel):
    """One page of the directory and how many mentors match in all."""

    items: list[MentorCardPublic]
    total: int
