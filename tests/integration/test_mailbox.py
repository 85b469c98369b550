"""The development mailbox as an admin reads it: pages, search by recipient or subject, links
found safely in bodies, the .ics of an invitation for admins only. Both databases."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from tra_da.models import MailboxMessage, User
from tra_da.services import accounts, mailbox
from tra_da.services.errors import Forbidden, NotFound, Unauthorized

ICS = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


def _user(db: Session, role: str) -> User:
    user = accounts.create_user(
        db, email=f"{role}@example.com", name="Lan", role=role, password=None
    )
    db.commit()
    return user


def _fill(db: Session, count: int) -> list[int]:
    rows = [
        MailboxMessage(
            to_email=f"person{i}@example.com",
            subject=f"Lời mời {i}" if i % 2 else f"Đặt lại mật khẩu {i}",
            text_body=f"Xin chào {i}",
            html_body="<p>x</p>",
            ics=ICS if i % 2 else None,
        )
        for i in range(count)
    ]
    db.add_all(rows)
    db.commit()
    return [r.id or 0 for r in rows]


def test_pages_of_twenty_newest_first(db: Session) -> None:
    admin = _user(db, "admin")
    ids = _fill(db, 45)
    first, total = mailbox.search(db, admin, "", 1, 20)
    assert total == 45 and [m.id for m in first] == ids[::-1][:20]
    last, _ = mailbox.search(db, admin, "", 3, 20)
    assert [m.id for m in last] == ids[::-1][40:]
    assert mailbox.search(db, admin, "", 9, 20) == ([], 45)


def test_search_by_recipient_or_subject(db: Session) -> None:
    admin = _user(db, "admin")
    _fill(db, 12)
    found, total = mailbox.search(db, admin, "PERSON1", 1, 20)  # person1, person10, person11
    assert total == 3 and {m.to_email for m in found} == {
        "person1@example.com",
        "person10@example.com",
        "person11@example.com",
    }
    found, total = mailbox.search(db, admin, "mật khẩu 4", 1, 20)
    assert [m.subject for m in found] == ["Đặt lại mật khẩu 4"]
    # LIKE's wildcards are searched for as themselves.
    assert mailbox.search(db, admin, "%", 1, 20) == ([], 0)
    assert mailbox.search(db, admin, "_", 1, 20) == ([], 0)
    assert mailbox.search(db, admin, "nobody", 1, 20) == ([], 0)


def test_search_folds_the_case_of_every_letter_not_only_a_to_z(db: Session) -> None:
    admin = _user(db, "admin")
    _fill(db, 4)  # "Đặt lại mật khẩu 0", "Lời mời 1", "Đặt lại mật khẩu 2", "Lời mời 3"
    db.add(
        MailboxMessage(
            to_email="ĐỨC@example.com", subject="XÁC NHẬN ĐẶT LỊCH", text_body="x", html_body=""
        )
    )
    db.commit()
    found, total = mailbox.search(db, admin, "ĐẶT LẠI", 1, 20)
    assert total == 2 and {m.subject for m in found} == {"Đặt lại mật khẩu 0", "Đặt lại mật khẩu 2"}
    found, _ = mailbox.search(db, admin, "LỜI MỜI 3", 1, 20)
    assert [m.subject for m in found] == ["Lời mời 3"]
    found, _ = mailbox.search(db, admin, "xác nhận đặt", 1, 20)  # stored upper, sought lower
    assert [m.subject for m in found] == ["XÁC NHẬN ĐẶT LỊCH"]
    found, _ = mailbox.search(db, admin, "đức@", 1, 20)
    assert [m.to_email for m in found] == ["ĐỨC@example.com"]


def test_only_admins_download_an_invitation(db: Session) -> None:
    admin, mentor = _user(db, "admin"), _user(db, "mentor")
    plain, invited = _fill(db, 2)
    assert mailbox.invitation(db, admin, invited) == ICS
    with pytest.raises(NotFound, match="no calendar invitation"):
        mailbox.invitation(db, admin, plain)
    with pytest.raises(NotFound):
        mailbox.invitation(db, admin, invited + 100)
    with pytest.raises(Forbidden):
        mailbox.invitation(db, mentor, invited)
    with pytest.raises(Unauthorized):
        mailbox.invitation(db, None, invited)


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("Đặt lại: https://trada.vn/reset?token=a-b_c\n", ["https://trada.vn/reset?token=a-b_c"]),
        ("(xem http://x.vn/a).", ["http://x.vn/a"]),
        ("two http://a.vn and HTTPS://b.vn/x, done", ["http://a.vn", "HTTPS://b.vn/x"]),
        ("javascript:alert(1) data:text/html,<b>x</b> mailto:a@b.vn ftp://x.vn", []),
        ('<a href="javascript:alert(1)">https://ok.vn/"onclick=x</a>', ["https://ok.vn/"]),
        ("https:// alone, and no text at all", []),
    ],
)
def test_only_web_addresses_become_links_and_nothing_is_lost(text: str, links: list[str]) -> None:
    parts = mailbox.body_parts(text)
    assert "".join(p.text for p in parts) == text
    assert [p.href for p in parts if p.href] == links
    assert all(p.href == p.text for p in parts if p.href)
    assert all(p.href.lower().startswith(("http://", "https://")) for p in parts if p.href)
