"""What each person's dashboard reads across the aggregates: counts, upcoming sessions, mentor
utilisation and open needs-support flags. Read projections only; no table here."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Field, SQLModel

from tra_da.models.waitlist import WaitlistCountPublic


class UpcomingSessionPublic(SQLModel):
    """A booking ahead, named by the other person (or 'mentee · mentor' for admins)."""

    booking_id: int
    start_at: datetime
    end_at: datetime
    other_person: str
    meeting_link: str | None


class MentorLoadPublic(SQLModel):
    """A mentor's assigned mentees against their capacity."""

    name: str
    assigned: int
    max_mentees: int


class SupportFlagPublic(SQLModel):
    """A needs-support flag not resolved yet."""

    log_id: int
    mentee: str
    mentor: str
    topic: str
    session_date: date


class DashboardPublic(SQLModel):
    """One role's dashboard: counts by name (admins: mentors, mentees, unassigned, groups,
    open_slots, support_flags, sessions_week; mentors: mentees, open_slots)."""

    role: str
    counts: dict[str, int] = Field(default_factory=dict)
    upcoming: list[UpcomingSessionPublic] = Field(default_factory=list)
    utilisation: list[MentorLoadPublic] = Field(default_factory=list)
    mentor_name: str | None = None
    goals: str = ""
    support: list[SupportFlagPublic] = Field(default_factory=list)
    # Admins: the mentors most waited for (mentees on their waitlist), a demand signal.
    waitlists: list[WaitlistCountPublic] = Field(default_factory=list)
