"""The booking dialog's policy (issue 18 section 6) says what the services enforce: the same
deadlines, from the same settings, in the reader's language and zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from tests import factories
from tra_da.i18n import translations
from tra_da.models import Booking, Payment
from tra_da.services import booking
from tra_da.services.errors import Invalid
from tra_da.services.payments.refunds import policy_refund
from tra_da.services.policy import booking_policy
from tra_da.settings import get_settings
from tra_da.state.booking import policy_lines

START = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)
BEFORE = START - timedelta(days=5)
ZONE = "Asia/Ho_Chi_Minh"


@pytest.fixture
def rules(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BOOKING_MIN_NOTICE_HOURS", "3")
    monkeypatch.setenv("BOOKING_CHANGE_CUTOFF_HOURS", "36")
    monkeypatch.setenv("REFUND_FULL_HOURS", "48")
    monkeypatch.setenv("REFUND_LATE_PERCENT", "50")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_the_dialog_states_the_settings_rules_with_this_slots_dates(rules: None) -> None:
    free = policy_lines(booking_policy(START, paid=False), translations("en"), ZONE, "en", BEFORE)
    assert free == [
        "Sessions can be booked up to 3 hours before they start.",
        # 36 h before 19:00 on the 10th, Vietnam time.
        "You can reschedule or cancel this session until Wed, 09/12/2026 07:00.",
    ]
    paid = policy_lines(booking_policy(START, paid=True), translations("vi"), ZONE, "vi", BEFORE)
    assert paid[1] == "Bạn có thể đổi lịch hoặc huỷ buổi này đến Thứ 4, 09/12/2026 07:00."
    assert paid[2] == "Huỷ trước Thứ 3, 08/12/2026 19:00 để được hoàn tiền toàn bộ."
    assert paid[3] == "Sau thời điểm đó, bạn được hoàn 50%."
    assert len(paid) == 5  # and a cancellation by the mentor or programme refunds in full


def test_past_deadlines_say_what_is_left(rules: None) -> None:
    soon = START - timedelta(hours=10)
    lines = policy_lines(booking_policy(START, paid=True), translations("en"), ZONE, "en", soon)
    assert lines[1:3] == [
        "This session starts soon: once booked, it can no longer be rescheduled or cancelled here.",
        "Cancelling this session refunds 50% of its price.",
    ]


def test_the_stated_deadlines_are_the_ones_enforced(db: Session, rules: None) -> None:
    admin = factories.admin(db)
    row = factories.mentor(db, admin)
    mentee = factories.mentee(db)
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=4)
    stated = booking_policy(start, paid=True)
    first = booking.book_slot(db, mentee, factories.slot(db, row.id, start))
    with pytest.raises(Invalid, match="36 hours"):
        booking.cancel_booking(db, mentee, first.id, now=stated.change_until + timedelta(seconds=1))
    booking.cancel_booking(db, mentee, first.id, now=stated.change_until)

    paid = Payment(booking_id=first.id, amount=200_000, currency="vnd")
    held = Booking(
        id=first.id, slot_id=1, mentor_id=row.id, mentee_id=1, start_at=start, end_at=start
    )
    assert stated.full_refund_until is not None
    assert policy_refund(paid, held, mentee, stated.full_refund_until) == 200_000
    late = stated.full_refund_until + timedelta(seconds=1)
    assert policy_refund(paid, held, mentee, late) == 100_000
