"""The app's own date and time fields: their parts read back as ISO, or refused with a reason."""

from __future__ import annotations

import pytest

from tra_da.state.pickers import (
    PickError,
    compose_clock,
    compose_day,
    split_day,
    with_part,
    with_picked,
)


def test_the_parts_of_a_day_and_a_time_read_back_as_iso() -> None:
    form = {
        "slot_day-day": "02",
        "slot_day-month": "12",
        "slot_day-year": "2026",
        "slot_start-hour": "06",
        "slot_start-minute": "30",
        "slot_minutes": "60",
    }
    picked = with_picked(form, days=["slot_day"], clocks=["slot_start"])
    assert picked["slot_day"] == "2026-12-02"
    assert picked["slot_start"] == "06:30"
    assert picked["slot_minutes"] == "60"  # other fields pass through


def test_a_day_the_month_does_not_have_is_refused_not_shifted() -> None:
    with pytest.raises(PickError) as refused:
        compose_day("2027", "02", "31")
    assert refused.value.message("vi") == (
        "Không có ngày 31 tháng 2 năm 2027: tháng này chỉ có 28 ngày, "
        "hãy chọn một ngày từ 1 đến 28."
    )
    assert refused.value.message("en") == (
        "There is no 31 February 2027: that month has 28 days, so choose a day from 1 to 28."
    )
    assert compose_day("2028", "02", "29") == "2028-02-29"  # a leap year has it
    with pytest.raises(PickError, match="no_such_day"):
        compose_day("2026", "04", "31")


@pytest.mark.parametrize(
    "parts",
    [("2026", "", "03"), ("2026", "13", "01"), ("1999", "01", "01"), ("2026", "01", "x")],
)
def test_a_part_missing_or_out_of_range_asks_for_the_whole_date(
    parts: tuple[str, str, str],
) -> None:
    with pytest.raises(PickError) as refused:
        compose_day(*parts)
    assert refused.value.message("en") == "Choose the day, the month and the year."


def test_an_empty_optional_field_is_no_value() -> None:
    assert compose_day("", "", "") == ""
    assert compose_clock("", "") == ""
    with pytest.raises(PickError, match="incomplete_time"):
        compose_clock("18", "")
    with pytest.raises(PickError, match="incomplete_time"):
        compose_clock("24", "00")


def test_a_filter_date_keeps_the_parts_chosen_so_far() -> None:
    held = with_part("", "year", "2026")
    assert held == "2026--"
    held = with_part(held, "day", "05")
    assert split_day(held) == ["2026", "", "05"]
    assert with_part(held, "month", "11") == "2026-11-05"
    assert with_part(with_part("2026--", "year", ""), "day", "") == ""
