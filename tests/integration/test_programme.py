"""Programme administration rules, on both databases."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from tests import factories
from tra_da import db as database
from tra_da.models import (
    AuditEntry,
    Booking,
    MailboxMessage,
    MenteeProfile,
    MentorProfile,
    OutboxMessage,
    Slot,
    User,
)
from tra_da.models.group import GroupCreate
from tra_da.models.mentor import MentorCreate, MentorUpdate
from tra_da.services import audit, auth, groups, mentees, mentors, outbox
from tra_da.services.errors import Conflict, Forbidden, Invalid, NotFound

PASSWORD = "a-long-passphrase"


def test_creating_a_mentor_invites_them_and_is_audited(db: Session) -> None:
    admin = factories.admin(db, password=PASSWORD)
    mentor = factories.mentor(
        db, admin, headline="ML lead", expertise=["Python", "sql", "python"], max_mentees=2
    )
    assert mentor.expertise == ["python", "sql"] and mentor.invitation_pending and mentor.active
    assert db.exec(select(OutboxMessage)).one().payload["template"] == "invitation"
    outbox.deliver_due()
    mail = db.exec(select(MailboxMessage)).one()
    assert "set-password?token=" in mail.text_body and "Quản trị" in mail.text_body
    entry = db.exec(select(AuditEntry)).one()
    assert entry.action == "mentor.create" and entry.actor_user_id == admin.id
    assert entry.after and entry.after["email"] == "lan@example.com"
    assert "password_hash" not in str(entry.after)

    token = mail.text_body.split("token=")[1].split()[0]
    user = auth.accept_invitation(db, token, "mentor-passphrase-1")
    assert auth.authenticate(db, "lan@example.com", "mentor-passphrase-1", None).id == user.id
    with pytest.raises(Invalid, match="already used"):
        auth.accept_invitation(db, token, "mentor-passphrase-2")
    with pytest.raises(Conflict, match="already chosen a password"):
        mentors.resend_invitation(db, admin, mentor.id)


def test_resending_an_invitation_retires_the_old_link(db: Session) -> None:
    admin = factories.admin(db, password=PASSWORD)
    mentor = factories.mentor(db, admin, max_mentees=2)
    mentors.resend_invitation(db, admin, mentor.id)
    outbox.deliver_due()
    first, second = db.exec(select(MailboxMessage).order_by(MailboxMessage.id)).all()
    old = first.text_body.split("token=")[1].split()[0]
    new = second.text_body.split("token=")[1].split()[0]
    with pytest.raises(Invalid, match="already used"):
        auth.accept_invitation(db, old, "mentor-passphrase-1")
    auth.accept_invitation(db, new, "mentor-passphrase-1")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"email": "not-an-email"}, "not a valid email"),
        ({"max_mentees": 501}, "0 to 500"),
        ({"max_mentees": -1}, "0 to 500"),
        ({"name": ""}, "name"),
        ({"expertise": ["x" * 41]}, "expertise"),
    ],
)
def test_bad_mentor_input_is_refused_and_nothing_is_written(db: Session, change, message) -> None:
    admin = factories.admin(db, password=PASSWORD)
    data = {"email": "lan@example.com", "name": "Lan", "max_mentees": 3, **change}
    with pytest.raises(Invalid, match=message):
        mentors.create_mentor(db, admin, MentorCreate.model_construct(**data))
    assert db.exec(select(MentorProfile)).all() == []


def test_duplicate_mentor_email_in_any_case_is_a_conflict(db: Session) -> None:
    admin = factories.admin(db, password=PASSWORD)
    factories.mentor(db, admin, max_mentees=2)
    with pytest.raises(Conflict, match="already exists"):
        factories.mentor(db, admin, "LAN@Example.com", max_mentees=2)


def test_assignment_respects_capacity_unless_overridden(db: Session) -> None:
    admin = factories.admin(db, password=PASSWORD)
    mentor = factories.mentor(db, admin, max_mentees=1)
    first = factories.mentee_id(db, factories.mentee(db, "a@example.com"))
    second = factories.mentee_id(db, factories.mentee(db, "b@example.com"))
    mentees.assign_mentor(db, admin, first, mentor.id)
    with pytest.raises(Conflict, match="maximum"):
        mentees.assign_mentor(db, admin, second, mentor.id)
    mentees.assign_mentor(db, admin, second, mentor.id, override=True)
    rows, total = mentees.list_mentees(db, admin, mentor_id=mentor.id)
    assert total == 2 and [r.capacity_override for r in rows if r.id == second] == [True]
    assert mentors.get_mentor(db, admin, mentor.id).assigned_mentees == 2
    override = db.exec(
        select(AuditEntry)
        .where(AuditEntry.action == "mentee.assign")
        .order_by(AuditEntry.id.desc())
    ).first()
    assert override is not None and override.after == {
        "mentor_id": mentor.id,
        "capacity_override": True,
    }
    with pytest.raises(Invalid, match="2 mentees are assigned"):
        mentors.update_mentor(
            db,
            admin,
            mentor.id,
            MentorUpdate(email="lan@example.com", name="Lan", max_mentees=1),
        )
    mentees.unassign_mentor(db, admin, second)
    assert mentors.get_mentor(db, admin, mentor.id).assigned_mentees == 1


def test_reassigning_moves_the_seat(db: Session) -> None:
    admin = factories.admin(db, password=PASSWORD)
    lan = factories.mentor(db, admin, max_mentees=2)
    minh = factories.mentor(db, admin, "minh@example.com", max_mentees=2)
    mentee = factories.mentee_id(db, factories.mentee(db, "a@example.com"))
    mentees.assign_mentor(db, admin, mentee, lan.id)
    mentees.assign_mentor(db, admin, mentee, minh.id)
    assert mentors.get_mentor(db, admin, lan.id).assigned_mentees == 0
    assert mentors.get_mentor(db, admin, minh.id).assigned_mentees == 1


def test_two_admins_racing_for_the_last_seat_exactly_one_wins(use_database: str) -> None:
    with database.session() as db:
        admin = factories.admin(db, password=PASSWORD)
        other = factories.admin(db, "admin2@example.com", password=PASSWORD)
        mentor = factories.mentor(db, admin, max_mentees=1)
        mentee_ids = [
            factories.mentee_id(db, factories.mentee(db, email))
            for email in ("a@example.com", "b@example.com")
        ]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(actor_id: int, mentee_id: int) -> None:
        with database.session() as db:
            actor = db.get(User, actor_id)
            barrier.wait()
            try:
                mentees.assign_mentor(db, actor, mentee_id, mentor.id)
                outcomes.append("ok")
            except Conflict:
                outcomes.append("refused")

    threads = [
        threading.Thread(target=attempt, args=(a.id, m))
        for a, m in zip((admin, other), mentee_ids, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["ok", "refused"]
    with database.session() as db:
        assigned = db.exec(select(MenteeProfile).where(MenteeProfile.mentor_id == mentor.id)).all()
        assert len(assigned) == 1
        assert db.get(MentorProfile, mentor.id).assigned_count == 1


def test_deactivating_a_mentor_cancels_future_bookings_and_tells_both(db: Session) -> None:
    admin = factories.admin(db, password=PASSWORD)
    mentor = factories.mentor(db, admin, max_mentees=2)
    mentee = factories.mentee_id(db, factories.mentee(db, "a@example.com"))
    start = datetime.now(UTC) + timedelta(days=2)
    slot = Slot(
        mentor_id=mentor.id, start_at=start, end_at=start + timedelta(hours=1), status="booked"
    )
    spare = Slot(
        mentor_id=mentor.id,
        start_at=start + timedelta(days=1),
        end_at=start + timedelta(days=1, hours=1),
    )
    db.add_all([slot, spare])
    db.flush()
    db.add(
        Booking(
            slot_id=slot.id,
            mentor_id=mentor.id,
            mentee_id=mentee,
            start_at=start,
            end_at=slot.end_at,
            status="confirmed",
        )
    )
    db.commit()
    web = auth.open_web_session(db, db.get(User, mentor.user_id))

    assert mentors.set_mentor_active(db, admin, mentor.id, False) == 1
    booking = db.exec(select(Booking)).one()
    assert booking.status == "cancelled" and booking.cancel_reason
    assert db.get(Slot, spare.id).status == "blocked"  # gone from the directory
    assert auth.identity_from_web_token(db, web) is None
    emails = db.exec(
        select(OutboxMessage).where(OutboxMessage.dedupe_key.like("email.booking_cancelled%"))
    ).all()
    assert {e.payload["to"] for e in emails} == {"lan@example.com", "a@example.com"}
    with pytest.raises(Conflict, match="deactivated"):
        mentees.assign_mentor(db, admin, mentee, mentor.id)
    mentors.set_mentor_active(db, admin, mentor.id, True)
    assert mentors.get_mentor(db, admin, mentor.id).active


def test_groups_create_edit_archive_and_members(db: Session) -> None:
    admin = factories.admin(db, password=PASSWORD)
    mentor = factories.mentor(db, admin, max_mentees=2)
    group_id = groups.save_group(
        db,
        admin,
        None,
        GroupCreate(
            name="Backend Guild",
            cohort="2026-Q4",
            track="Software Engineering",
            mentor_id=mentor.id,
        ),
    )
    with pytest.raises(Conflict, match="already exists"):
        groups.save_group(db, admin, None, GroupCreate(name="Backend Guild", cohort="2026-Q4"))
    groups.save_group(
        db,
        admin,
        group_id,
        GroupCreate(name="Backend Guild", cohort="2026-Q4", track="Backend", mentor_id=mentor.id),
    )
    mentee = factories.mentee_id(db, factories.mentee(db, "a@example.com"))
    mentees.move_to_group(db, admin, mentee, group_id)
    start = datetime.now(UTC) + timedelta(days=3)
    past = datetime.now(UTC) - timedelta(days=3)
    for when, status in ((start, "confirmed"), (past, "completed")):
        slot = Slot(
            mentor_id=mentor.id, start_at=when, end_at=when + timedelta(hours=1), status="booked"
        )
        db.add(slot)
        db.flush()
        db.add(
            Booking(
                slot_id=slot.id,
                mentor_id=mentor.id,
                mentee_id=mentee,
                start_at=when,
                end_at=when + timedelta(hours=1),
                status=status,
            )
        )
    db.commit()
    group, members = groups.group_members(db, admin, group_id)
    assert group.track == "Backend" and group.members == 1 and group.mentor_name
    assert members[0].next_session == start.replace(microsecond=start.microsecond)
    assert members[0].last_session is not None and members[0].last_session < datetime.now(UTC)
    groups.set_group_archived(db, admin, group_id, True)
    assert groups.list_groups(db, admin) == []
    with pytest.raises(Conflict, match="archived"):
        mentees.move_to_group(
            db, admin, factories.mentee_id(db, factories.mentee(db, "b@example.com")), group_id
        )
    lines, total = audit.search(db, admin, "group")
    assert total >= 3 and {line.action for line in lines} >= {"group.create", "group.archive"}


def test_mentee_lists_filter_sort_and_page_in_the_database(db: Session) -> None:
    admin = factories.admin(db, password=PASSWORD)
    mentor = factories.mentor(db, admin, max_mentees=50)
    ids = [
        factories.mentee_id(db, factories.mentee(db, f"m{i:02d}@example.com")) for i in range(25)
    ]
    for mentee_id in ids[:5]:
        mentees.assign_mentor(db, admin, mentee_id, mentor.id)
    mentees.update_mentee(db, admin, ids[0], track="Data", goals="Learn SQL")
    page1, total = mentees.list_mentees(db, admin, page=1, page_size=10)
    page3, _ = mentees.list_mentees(db, admin, page=3, page_size=10)
    assert total == 25 and len(page1) == 10 and len(page3) == 5
    assert [r.name for r in page1] == sorted(r.name for r in page1)
    assert mentees.list_mentees(db, admin, unassigned=True)[1] == 20
    assert mentees.list_mentees(db, admin, track="Data")[1] == 1
    assert mentees.list_mentees(db, admin, query="M07")[0][0].email == "m07@example.com"
    assert mentees.list_mentees(db, admin, needs_support=True)[1] == 0


def test_only_admins_run_the_programme(db: Session) -> None:
    admin = factories.admin(db, password=PASSWORD)
    mentor = factories.mentor(db, admin, max_mentees=2)
    mentor_user = db.get(User, mentor.user_id)
    mentee_id = factories.mentee_id(db, factories.mentee(db, "a@example.com"))
    for call in (
        lambda actor: mentees.list_mentees(db, actor),
        lambda actor: mentees.assign_mentor(db, actor, mentee_id, mentor.id),
        lambda actor: groups.save_group(db, actor, None, GroupCreate(name="X")),
        lambda actor: audit.search(db, actor),
    ):
        with pytest.raises(Forbidden):
            call(mentor_user)
    with pytest.raises(NotFound):
        mentees.assign_mentor(db, admin, 999_999, mentor.id)
