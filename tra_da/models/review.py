"""Mentees' reviews of their sessions and the ratings the directory shows.

One review per booking, written by the booking's mentee: a rating 1-5 and an optional short text.
It is the single source of truth for a session's rating (the session log's ``mentee_score`` is
kept in step for the mentor's score trends). An admin may hide a review with a reason; a hidden
review leaves the mentor's average and the profile page.

The family: ``Review`` (the table), ``ReviewCreate`` in, ``ReviewPublic`` / ``ReviewAdminPublic`` /
``ReviewPagePublic`` out, and ``RatingPublic``: a mentor's average and count.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, text
from sqlmodel import Field, SQLModel

from tra_da.models.base import PUBLIC, UTCDateTime, utcnow
from tra_da.models.limits import HIDE_REASON_MAX, REVIEW_MAX
from tra_da.models.numbers import JsonInt
from tra_da.models.text import bounded, no_controls

RATING_MIN = 1
RATING_MAX = 5

ReviewText = Annotated[str, bounded(REVIEW_MAX, True), no_controls(REVIEW_MAX, True)]
HideReason = Annotated[str, bounded(HIDE_REASON_MAX, min_length=1), no_controls(HIDE_REASON_MAX)]


class Review(SQLModel, table=True):
    __tablename__ = "review"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 5", name="ck_review_rating"),
        CheckConstraint(f"length(text) <= {REVIEW_MAX}", name="ck_review_text_length"),
        # "The visible reviews of mentor X, newest first" (the profile page and the ratings'
        # grouped average): a partial index holds only the visible ones.
        Index(
            "ix_review_mentor_visible",
            "mentor_id",
            "created_at",
            postgresql_where=text("hidden_at IS NULL"),
            sqlite_where=text("hidden_at IS NULL"),
        ),
        Index("ix_review_created", "created_at"),
        Index("ix_review_mentee", "mentee_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    booking_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("booking.id", ondelete="CASCADE"), nullable=False, unique=True
        )
    )
    mentor_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("mentor_profile.id", ondelete="CASCADE"), nullable=False
        )
    )
    mentee_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("mentee_profile.id", ondelete="CASCADE"), nullable=False
        )
    )
    rating: int
    text: str = Field(default="", max_length=REVIEW_MAX, sa_column_kwargs={"server_default": ""})
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    hidden_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    hidden_reason: str | None = Field(default=None, max_length=HIDE_REASON_MAX)
    hidden_by_user_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("user_account.id", ondelete="SET NULL")),
    )


class ReviewCreate(SQLModel):
    """What a mentee sends: ``POST /api/bookings/{id}/review`` (a second post edits it)."""

    rating: JsonInt = Field(ge=RATING_MIN, le=RATING_MAX)
    text: ReviewText = ""


class ReviewHide(SQLModel):
    """Why an admin hides a review (``POST /api/reviews/{id}/hide``)."""

    reason: HideReason


class RatingPublic(SQLModel):
    """A mentor's rating: the average of their visible reviews (1 decimal) once there are at least
    ``services.reviews.RATING_MIN_COUNT`` of them, else null; the count always."""

    model_config = PUBLIC
    average: float | None = None
    count: int = 0


class ReviewPublic(SQLModel):
    """A visible review as anyone reading a mentor's profile sees it: no email, no mentee id;
    the reviewer by their given name only (``reviewer_name``)."""

    model_config = PUBLIC
    id: int
    mentor_id: int
    rating: int
    text: str
    reviewer_name: str
    created_at: datetime
    updated_at: datetime


class ReviewPagePublic(SQLModel):
    """One page of a mentor's visible reviews, newest first, and how many there are in all."""

    items: list[ReviewPublic]
    total: int


class ReviewMinePublic(ReviewPublic):
    """The mentee's own review of one booking, as they edit it."""

    booking_id: int
    editable: bool  # still inside the review window, and not hidden
    hidden: bool  # an admin hid it (it no longer shows, and can no longer be changed)


class ReviewAdminPublic(ReviewPublic):
    """A review as admins moderate it: the people by full name, and whether and why it is hidden."""

    booking_id: int
    mentor_name: str
    mentee_name: str
    hidden_at: datetime | None
    hidden_reason: str | None


class ReviewAdminPagePublic(SQLModel):
    items: list[ReviewAdminPublic]
    total: int
