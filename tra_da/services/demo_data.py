"""Demo programme for a fresh install: an admin, mentors with open slots, mentees, a group."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from tra_da.models import (
    Booking,
    BookingStatusChange,
    MenteeGroup,
    MenteeProfile,
    MentorExpertise,
    MentorProfile,
    Review,
    SessionLog,
    Slot,
    User,
)
from tra_da.models.base import utcnow
from tra_da.services import directory
from tra_da.services.passwords import hash_password
from tra_da.settings import get_settings

DEMO_PASSWORD = "TraDa-demo-2026"  # noqa: S105  (printed on purpose: demo accounts only)
DEMO_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class MentorSpec:
    email: str
    name: str
    track: str
    headline: str
    bio: str
    expertise: tuple[str, ...]
    max_mentees: int
    # The mentor's own language: their account reads in it and they write their headline and
    # bio in it, one language per text (tracks and tags are the programme's shared English
    # vocabulary, the directory's filters).
    locale: str


MENTORS = [
    MentorSpec(
        email="lan.nguyen@demo.trada.vn",
        name="Nguyễn Thị Lan",
        track="Software Engineering",
        headline="Kỹ sư trưởng, backend và hệ thống phân tán",
        bio="Mười năm xây dựng hệ thống thanh toán. Tôi giúp kỹ sư đi từ trình độ trung cấp "
        "lên cao cấp: thiết kế hệ thống, đánh giá mã nguồn và tự tin vận hành sản phẩm thật.",
        expertise=("python", "system design", "career growth"),
        max_mentees=4,
        locale="vi",
    ),
    MentorSpec(
        email="minh.tran@demo.trada.vn",
        name="Trần Đức Minh",
        track="Data",
        headline="Data scientist turned ML platform lead",
        bio="From notebooks to production models. Statistics, experiment design, and the "
        "habits that make data work trustworthy.",
        expertise=("machine learning", "sql", "statistics"),
        max_mentees=3,
        locale="en",
    ),
    MentorSpec(
        email="hoa.pham@demo.trada.vn",
        name="Phạm Thu Hoà",
        track="Product",
        headline="Trưởng nhóm quản lý sản phẩm, ứng dụng tiêu dùng",
        bio="Tìm hiểu người dùng, sắp xếp ưu tiên và viết sao cho cả nhóm ra được quyết định. "
        "Tôi kèm cặp những người mới làm quản lý sản phẩm và kỹ sư muốn chuyển sang sản phẩm.",
        expertise=("product discovery", "roadmaps", "interviews"),
        max_mentees=5,
        locale="vi",
    ),
    MentorSpec(
        email="david.le@demo.trada.vn",
        name="David Lê",
        track="Design",
        headline="Design lead, design systems and accessibility",
        bio="Interfaces everyone can use. Portfolio reviews, design critique and WCAG in practice.",
        expertise=("ux design", "accessibility", "portfolio review"),
        max_mentees=3,
        locale="en",
    ),
]


@dataclass(frozen=True)
class MenteeSpec:
    email: str
    name: str
    track: str
    # Written by the mentee, in their own language (ENGLISH_MENTEES read and write English).
    goals: str
    interests: str
    background: str


MENTEES = [
    MenteeSpec(
        "an.vo@demo.trada.vn",
        "Võ Minh An",
        "Software Engineering",
        "Tự dẫn dắt một dự án backend",
        "Hệ thống phân tán, thiết kế API",
        "Hai năm làm lập trình viên Python ở một công ty thương mại điện tử.",
    ),
    MenteeSpec(
        "binh.do@demo.trada.vn",
        "Đỗ Thanh Bình",
        "Software Engineering",
        "Vượt qua vòng phỏng vấn kỹ sư cao cấp",
        "Thiết kế hệ thống, phỏng vấn kỹ thuật",
        "Bốn năm làm kỹ sư Java cho một ngân hàng.",
    ),
    MenteeSpec(
        "chi.hoang@demo.trada.vn",
        "Hoàng Linh Chi",
        "Data",
        "Đưa mô hình học máy đầu tiên vào sản phẩm",
        "Học máy, kỹ thuật dữ liệu",
        "Chuyên viên phân tích dữ liệu, quen dùng SQL và notebook.",
    ),
    MenteeSpec(
        "dung.bui@demo.trada.vn",
        "Bùi Tiến Dũng",
        "Product",
        "Chuyển từ kiểm thử sang quản lý sản phẩm",
        "Nghiên cứu người dùng, lộ trình sản phẩm",
        "Ba năm làm kiểm thử phần mềm cho ứng dụng di động.",
    ),
    MenteeSpec(
        "emma.ngo@demo.trada.vn",
        "Emma Ngô",
        "Design",
        "Build a portfolio with 3 case studies",
        "Design systems, accessibility",
        "Graphic designer moving into product design.",
    ),
    MenteeSpec(
        "giang.ly@demo.trada.vn",
        "Lý Hương Giang",
        "Data",
        "Học cách thiết kế thử nghiệm",
        "Thống kê, thử nghiệm A/B",
        "Phụ trách tăng trưởng ở một công ty khởi nghiệp giáo dục.",
    ),
]

# Mentees who read the app in English (their reviews name them by their first word: "Emma").
ENGLISH_MENTEES = {"emma.ngo@demo.trada.vn"}

ADMIN_EMAIL = "admin@demo.trada.vn"
# A person's name like every other demo user: it reads right in both languages.
ADMIN_NAME = "Đặng Quốc Huy"
# The demo group: the Software Engineering mentees, with the first mentor (the sample CSV too).
GROUP_NAME, GROUP_COHORT, GROUP_TRACK = "Backend Guild", "2026-Q4", "Software Engineering"


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


def is_programme_empty(db: Session) -> bool:
    return db.exec(select(func.count()).select_from(User).where(User.role != "admin")).one() == 0


def _open_slots(mentor_id: int, index: int, now: datetime) -> list[Slot]:
    """Three evening slots a week for two weeks, on different weekdays per mentor (Hanoi time).

    Only slots that start after the change cut-off (plus a margin of a few hours) are opened, so
    whoever tries the demo can book a slot and still cancel or move it, whatever the hour."""
    today = now.astimezone(DEMO_ZONE).date()
    earliest = now + timedelta(hours=get_settings().booking_change_cutoff_hours + 6)
    slots = []
    for offset in range(1, 16):
        day = today + timedelta(days=offset)
        if (day.weekday() + index) % 7 not in (0, 2, 4):
            continue
        for hour in (18, 19):
            start = datetime.combine(day, time(hour, 0), DEMO_ZONE).astimezone(UTC)
            if start < earliest:
                continue
            slots.append(
                Slot(mentor_id=mentor_id, start_at=start, end_at=start + timedelta(minutes=45))
            )
    return slots


def seed(db: Session, now: datetime | None = None) -> list[DemoLogin]:
    """Fill an empty programme with demo data; does nothing (returns []) when it has data."""
    if not is_programme_empty(db):
        return []
    now = now or utcnow()
    password_hash = hash_password(DEMO_PASSWORD)
    logins: list[DemoLogin] = []

    if db.exec(select(User.id).where(User.role == "admin")).first() is None:
        db.add(
            User(
                email=ADMIN_EMAIL,
                name=ADMIN_NAME,
                role="admin",
                password_hash=password_hash,
                email_verified_at=now,
            )
        )
        logins.append(DemoLogin("admin", ADMIN_EMAIL, DEMO_PASSWORD))

    mentors: list[MentorProfile] = []
    for index, spec in enumerate(MENTORS):
        user = User(
            email=spec.email,
            name=spec.name,
            role="mentor",
            password_hash=password_hash,
            email_verified_at=now,
            locale=spec.locale,
        )
        db.add(user)
        db.flush()
        profile = MentorProfile(
            user_id=user.id,  # type: ignore[arg-type]
            headline=spec.headline,
            bio=spec.bio,
            track=spec.track,
            max_mentees=spec.max_mentees,
        )
        db.add(profile)
        db.flush()
        assert profile.id is not None
        db.add_all(MentorExpertise(mentor_id=profile.id, tag=tag) for tag in spec.expertise)
        db.flush()
        directory.index_mentor(db, profile.id)
        db.add_all(_open_slots(profile.id, index, now))
        mentors.append(profile)
        logins.append(DemoLogin("mentor", user.email, DEMO_PASSWORD))

    group = MenteeGroup(
        name=GROUP_NAME,
        cohort=GROUP_COHORT,
        track=GROUP_TRACK,
        mentor_id=mentors[0].id,
    )
    db.add(group)
    db.flush()

    mentor_by_track = {m.track: m for m in mentors}
    mentees: list[MenteeProfile] = []
    for person in MENTEES:
        user = User(
            email=person.email,
            name=person.name,
            role="mentee",
            password_hash=password_hash,
            email_verified_at=now,
            locale="en" if person.email in ENGLISH_MENTEES else "vi",
        )
        db.add(user)
        db.flush()
        mentee = MenteeProfile(
            user_id=user.id,  # type: ignore[arg-type]
            track=person.track,
            goals=person.goals,
            interests=person.interests,
            background=person.background,
            mentor_id=mentor_by_track[person.track].id,
            assigned_at=now,
            group_id=group.id if person.track == GROUP_TRACK else None,
        )
        db.add(mentee)
        mentees.append(mentee)
        if len(logins) < 7:
            logins.append(DemoLogin("mentee", person.email, DEMO_PASSWORD))
    db.flush()
    for mentor in mentors:
        mentor.assigned_count = sum(1 for m in mentees if m.mentor_id == mentor.id)

    for mentee in mentees:
        mentor = next(m for m in mentors if m.id == mentee.mentor_id)
        _history(db, mentor, mentee, mentees.index(mentee), now)
    _upcoming(db, mentors[0], mentees[0])
    db.commit()
    return logins


@dataclass(frozen=True)
class PastSession:
    weeks_ago: int
    topic: str
    score: int
    rated: int | None = 5
    needs_support: bool = False
    action_items: str = ""
    review: str = ""  # the mentee's public review of a rated session (services.reviews)


# A few months of logged sessions per mentee: trends that go up, one that slips and needs
# support, one session not rated yet (the mentee's prompt), and one not logged yet (the mentor's).
HISTORIES: dict[str, list[PastSession]] = {
    "an.vo@demo.trada.vn": [
        PastSession(
            9,
            "Mục tiêu cho chương trình",
            2,
            4,
            action_items="Chọn một dự án backend.",
            review="Chị Lan giúp mình chọn được dự án phù hợp ngay buổi đầu.",
        ),
        PastSession(
            7,
            "Ranh giới giữa các service",
            3,
            5,
            action_items="Vẽ sơ đồ ngữ cảnh.",
            review="Giải thích ranh giới service rất dễ hiểu, có ví dụ thực tế.",
        ),
        PastSession(5, "Thói quen review code", 3, 4, action_items="Review hai PR mỗi tuần."),
        PastSession(
            3,
            "Thiết kế outbox",
            4,
            5,
            action_items="Viết tài liệu thiết kế một trang.",
            review="Buổi hay nhất từ trước đến giờ: mình đã tự viết được tài liệu thiết kế.",
        ),
        PastSession(1, "Làm chủ hệ thống production", 4, None, action_items="Theo một ca trực."),
    ],
    "binh.do@demo.trada.vn": [
        PastSession(8, "Kế hoạch phỏng vấn", 3, 4, action_items="Liệt kê các công ty mục tiêu."),
        PastSession(
            6,
            "Phỏng vấn thử thiết kế hệ thống",
            3,
            4,
            action_items="Luyện hai bài thiết kế.",
            review="Phỏng vấn thử sát với thực tế, nhận xét thẳng thắn.",
        ),
        PastSession(4, "Câu hỏi hành vi", 2, 3, action_items="Viết năm câu chuyện theo STAR."),
        PastSession(
            1,
            "Nhận xét buổi phỏng vấn thử",
            2,
            3,
            needs_support=True,
            action_items="Tuần này nghỉ ngơi; thứ Hai mình gặp lại.",
        ),
    ],
    "chi.hoang@demo.trada.vn": [
        PastSession(
            6,
            "From notebook to pipeline",
            3,
            5,
            action_items="Package the notebook.",
            review="Anh Minh chỉ cho mình cách đưa notebook thành pipeline chạy được.",
        ),
        PastSession(4, "Feature stores", 4, 5, action_items="Read the Feast docs."),
        PastSession(
            2,
            "Model monitoring",
            4,
            4,
            action_items="Add a drift chart.",
            review="Nhiều kiến thức, hơi nhanh một chút nhưng tài liệu gửi kèm rất tốt.",
        ),
    ],
    "dung.bui@demo.trada.vn": [
        PastSession(
            5, "Một ngày làm quản lý sản phẩm", 3, 5, action_items="Dự một buổi họp lập kế hoạch."
        ),
        PastSession(
            2,
            "Viết bản đề xuất một trang",
            4,
            5,
            action_items="Viết nháp bản đề xuất một trang.",
            review="Chị Hoà sửa bản nháp của mình từng câu một.",
        ),
    ],
    "emma.ngo@demo.trada.vn": [
        PastSession(
            7,
            "Portfolio review",
            2,
            4,
            action_items="Choose three case studies.",
            review="Honest feedback on my portfolio, and a clear plan for what to cut.",
        ),
        PastSession(4, "Telling the story", 3, 5, action_items="Rewrite case study one."),
        PastSession(
            1,
            "Accessibility in practice",
            4,
            5,
            action_items="Audit one screen.",
            review="David made WCAG feel practical: we audited a real screen together.",
        ),
    ],
    "giang.ly@demo.trada.vn": [
        PastSession(3, "A/B test basics", 3, 4, action_items="Read Trustworthy Experiments ch. 1."),
    ],
}
# The mentor's private notes on each demo log, in the mentor's language.
NOTES = {
    "vi": "Ghi chú riêng của mentor, chỉ mentor và quản trị viên đọc được.",
    "en": "Private notes for the mentor and admins only.",
}
UNLOGGED = "chi.hoang@demo.trada.vn"  # yesterday's session with Minh, waiting for its log


def _past_booking(
    db: Session, mentor: MentorProfile, mentee: MenteeProfile, start: datetime, status: str
) -> Booking:
    assert mentor.id is not None and mentee.id is not None
    slot = Slot(
        mentor_id=mentor.id, start_at=start, end_at=start + timedelta(minutes=45), status="booked"
    )
    db.add(slot)
    db.flush()
    assert slot.id is not None
    booking = Booking(
        slot_id=slot.id,
        mentor_id=mentor.id,
        mentee_id=mentee.id,
        start_at=slot.start_at,
        end_at=slot.end_at,
        status=status,
        meeting_link=f"https://meet.jit.si/tra-da-demo-{slot.id}",
    )
    db.add(booking)
    db.flush()
    assert booking.id is not None
    db.add(BookingStatusChange(booking_id=booking.id, to_status=status))
    return booking


def _history(
    db: Session, mentor: MentorProfile, mentee: MenteeProfile, index: int, now: datetime
) -> None:
    """Past sessions with their logs, so dashboards and charts have something to show."""
    assert mentor.id is not None and mentee.id is not None
    email = MENTEES[index].email
    # The mentor writes the log: its topic, notes and action items are in the mentor's language.
    mentor_locale = next(m.locale for m in MENTORS if m.track == mentor.track)
    today = now.astimezone(DEMO_ZONE).date()
    for past in HISTORIES.get(email, []):
        # Each mentee keeps their own weekday and hour: no two sessions of a mentor overlap.
        day = today - timedelta(weeks=past.weeks_ago, days=index % 3)
        start = datetime.combine(day, time(8 + index, 0), DEMO_ZONE).astimezone(UTC)
        booking = _past_booking(db, mentor, mentee, start, "completed")
        db.add(
            SessionLog(
                mentor_id=mentor.id,
                mentee_id=mentee.id,
                booking_id=booking.id,
                session_date=day,
                topic=past.topic,
                mentor_score=past.score,
                mentee_score=past.rated,
                needs_support=past.needs_support,
                notes=NOTES[mentor_locale],
                action_items=past.action_items,
                created_at=start,
                updated_at=start,
            )
        )
        if past.rated is not None:
            # The rating of a booked session is its review (services.reviews).
            written = start + timedelta(hours=2)
            db.add(
                Review(
                    booking_id=booking.id or 0,
                    mentor_id=mentor.id,
                    mentee_id=mentee.id,
                    rating=past.rated,
                    text=past.review,
                    created_at=written,
                    updated_at=written,
                )
            )
    if email == UNLOGGED:
        yesterday = datetime.combine(today - timedelta(days=1), time(8, 0), DEMO_ZONE)
        _past_booking(db, mentor, mentee, yesterday.astimezone(UTC), "confirmed")


def _upcoming(db: Session, mentor: MentorProfile, mentee: MenteeProfile) -> None:
    """One upcoming booking, so the first mentee and mentor see a join link."""
    assert mentor.id is not None and mentee.id is not None
    upcoming = db.exec(
        select(Slot)
        .where(Slot.mentor_id == mentor.id, Slot.status == "open")
        .order_by(col(Slot.start_at))
    ).first()
    if upcoming is not None and upcoming.id is not None:
        upcoming.status = "booked"
        booking = Booking(
            slot_id=upcoming.id,
            mentor_id=mentor.id,
            mentee_id=mentee.id,
            start_at=upcoming.start_at,
            end_at=upcoming.end_at,
            status="confirmed",
            meeting_link=f"https://meet.jit.si/tra-da-demo-{upcoming.id}",
        )
        db.add(booking)
        db.flush()
        assert booking.id is not None
        db.add(BookingStatusChange(booking_id=booking.id, to_status="confirmed"))
