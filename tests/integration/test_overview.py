"""Each role's dashboard data, computed in the database, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from tra_da.models import MenteeProfile, MentorProfile, SessionLog, User
from tra_da.models.limits import UTILISATION_ROWS
from tra_da.services import accounts, demo_data, mentor_dashboard, overview
from tra_da.services.errors import Forbidden


def _user(db: Session, email: str) -> User:
    user = accounts.find_by_email(db, email)
    assert user is not None
    return user


def test_admin_sees_the_programme(db: Session) -> None:
    demo_data.seed(db)
    board = overview.dashboard_for(db, _user(db, demo_data.ADMIN_EMAIL))
    assert board.counts["mentors"] == len(demo_data.MENTORS)
    assert board.counts["mentees"] == len(demo_data.MENTEES)
    assert board.counts["unassigned"] == 0
    assert board.counts["groups"] == 1
    assert board.counts["open_slots"] > 0
    assert {m.name for m in board.utilisation} == {m.name for m in demo_data.MENTORS}
    lan = next(m for m in board.utilisation if m.name == "Nguyễn Thị Lan")
    assert (lan.assigned, lan.max_mentees) == (2, 4)


def test_support_flags_and_deactivated_mentors_are_counted_right(db: Session) -> None:
    demo_data.seed(db)
    admin = _user(db, demo_data.ADMIN_EMAIL)
    seeded = overview.dashboard_for(db, admin).counts["support_flags"]
    assert seeded == 1  # the demo's one open flag
    log = db.exec(select(SessionLog).where(SessionLog.needs_support == False)).first()  # noqa: E712
    assert log is not None
    log.needs_support = True
    _user(db, "david.le@demo.trada.vn").is_active = False
    db.commit()
    board = overview.dashboard_for(db, admin)
    assert board.counts["support_flags"] == seeded + 1
    assert board.counts["mentors"] == len(demo_data.MENTORS) - 1
    assert "David Lê" not in {m.name for m in board.utilisation}


def test_mentor_sees_their_mentees_and_next_session(db: Session) -> None:
    demo_data.seed(db)
    board = overview.dashboard_for(db, _user(db, "lan.nguyen@demo.trada.vn"))
    assert board.role == "mentor"
    assert board.counts["mentees"] == 2
    assert [s.other_person for s in board.upcoming] == ["Võ Minh An"]
    assert board.upcoming[0].start_at > datetime.now(UTC)
    assert board.upcoming[0].meeting_link


def test_the_my_mentees_stat_counts_the_people_the_list_shows(db: Session) -> None:
    demo_data.seed(db)
    for spec in demo_data.MENTORS:
        mentor = _user(db, spec.email)
        shown = mentor_dashboard.mentor_board(db, mentor).mentees
        assert overview.dashboard_for(db, mentor).counts["mentees"] == len(shown), spec.email

    # A mentor nobody is assigned to yet, with one booking: one mentee, not zero.
    lan = _user(db, "lan.nguyen@demo.trada.vn")
    profile = db.exec(select(MentorProfile).where(MentorProfile.user_id == lan.id)).one()
    for mentee in db.exec(select(MenteeProfile).where(MenteeProfile.mentor_id == profile.id)):
        mentee.mentor_id = None
    db.commit()
    shown = mentor_dashboard.mentor_board(db, lan).mentees
    assert len(shown) >= 1
    assert overview.dashboard_for(db, lan).counts["mentees"] == len(shown)


def test_mentee_sees_their_mentor_goals_and_sessions(db: Session) -> None:
    demo_data.seed(db)
    board = overview.dashboard_for(db, _user(db, "an.vo@demo.trada.vn"))
    assert board.mentor_name == "Nguyễn Thị Lan"
    assert board.goals == "Tự dẫn dắt một dự án backend"
    assert [s.other_person for s in board.upcoming] == ["Nguyễn Thị Lan"]
    other = overview.dashboard_for(db, _user(db, "emma.ngo@demo.trada.vn"))
    assert other.upcoming == []  # never someone else's sessions


def test_past_sessions_are_not_upcoming(db: Session) -> None:
    demo_data.seed(db)
    later = datetime.now(UTC) + timedelta(days=30)
    board = overview.dashboard_for(db, _user(db, "an.vo@demo.trada.vn"), now=later)
    assert board.upcoming == []


def test_unassigned_mentee_is_told_so(db: Session) -> None:
    user = accounts.create_user(
        db, email="new@example.com", name="Mới", role="mentee", password="a-long-passphrase"
    )
    db.commit()
    board = overview.dashboard_for(db, user)
    assert board.mentor_name is None
    profile = db.exec(select(MenteeProfile).where(MenteeProfile.user_id == user.id)).one()
    assert profile.mentor_id is None
    mentor = accounts.create_user(
        db, email="m@example.com", name="Mentor", role="mentor", password=None
    )
    db.commit()
    assert db.exec(select(MentorProfile).where(MentorProfile.user_id == mentor.id)).one()


def test_an_admins_counts_come_first_and_the_lists_after_with_the_same_figures(
    db: Session,
) -> None:
    """The state reads the counts, then the lists: together they are the whole dashboard, an
    admin's only, and a write through this process shows at once despite the kept figures."""
    demo_data.seed(db)
    admin = _user(db, demo_data.ADMIN_EMAIL)
    whole = overview.dashboard_for(db, admin)
    assert overview.admin_counts(db, admin) == whole.counts
    details = overview.admin_details(db, admin)
    assert details.utilisation == whole.utilisation
    assert details.support == whole.support
    assert details.upcoming == whole.upcoming
    for other in ("lan.nguyen@demo.trada.vn", "an.vo@demo.trada.vn"):
        with pytest.raises(Forbidden):
            overview.admin_counts(db, _user(db, other))
        with pytest.raises(Forbidden):
            overview.admin_details(db, _user(db, other))
    # Kept figures are forgotten by a write: a mentee unassigned now is counted now.
    mentee = db.exec(select(MenteeProfile).where(MenteeProfile.mentor_id != None)).first()  # noqa: E711
    assert mentee is not None
    mentee.mentor_id = None
    db.commit()
    assert overview.admin_counts(db, admin)["unassigned"] == whole.counts["unassigned"] + 1


def test_utilisation_lists_the_mentors_closest_to_capacity_first(db: Session) -> None:
    demo_data.seed(db)
    rows = overview.admin_details(db, _user(db, demo_data.ADMIN_EMAIL)).utilisation
    assert 0 < len(rows) <= UTILISATION_ROWS
    shares = [r.assigned / r.max_mentees if r.max_mentees else 0 for r in rows]
    assert shares == sorted(shares, reverse=True)
