"""Editing one's own profile and picture; admins reading the dev mailbox."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
from PIL import Image
from sqlmodel import Session

from tra_da.models.user import UserUpdate
from tra_da.services import accounts, mailbox, profile
from tra_da.services.errors import Forbidden, Invalid, Unauthorized


def _user(db: Session, role: str = "mentee"):
    user = accounts.create_user(
        db, email=f"{role}@example.com", name="Lan", role=role, password=None
    )
    db.commit()
    return user


def _picture(fmt: str, size: tuple[int, int] = (800, 600)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format=fmt)
    return buffer.getvalue()


def test_profile_edits_are_validated(db: Session) -> None:
    user = _user(db)
    profile.update_profile(
        db, user, UserUpdate(name=" Trần Lan ", timezone="Europe/Berlin", locale="en")
    )
    assert (user.name, user.timezone, user.locale) == ("Trần Lan", "Europe/Berlin", "en")
    with pytest.raises(Invalid, match="time zone"):
        profile.update_profile(db, user, UserUpdate(name="Lan", timezone="Nowhere", locale="en"))
    with pytest.raises(Invalid, match="Language"):
        profile.update_profile(db, user, UserUpdate(name="Lan", timezone="UTC", locale="fr"))
    with pytest.raises(Invalid, match="name"):
        profile.update_profile(db, user, UserUpdate(name="  ", timezone="UTC", locale="vi"))


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_avatars_are_reencoded_under_a_random_name(db: Session, tmp_path: Path, fmt: str) -> None:
    user = _user(db)
    profile.set_avatar(db, user, _picture(fmt), tmp_path)
    assert user.avatar_url and user.avatar_url.startswith("/_upload/avatar-")
    stored = tmp_path / user.avatar_url.removeprefix("/_upload/")
    with Image.open(stored) as image:
        assert image.format == "WEBP" and max(image.size) <= profile.AVATAR_SIZE
    first = stored
    profile.set_avatar(db, user, _picture("PNG"), tmp_path)
    assert not first.exists()  # the replaced picture is removed


def test_bad_avatars_are_refused_with_what_to_do(db: Session, tmp_path: Path) -> None:
    user = _user(db)
    tmp_path = tmp_path / "uploads"
    with pytest.raises(Invalid, match="PNG, JPEG or WebP"):
        profile.set_avatar(db, user, _picture("GIF"), tmp_path)
    with pytest.raises(Invalid, match="not a picture"):
        profile.set_avatar(db, user, b"<svg onload=alert(1)>", tmp_path)
    with pytest.raises(Invalid, match="2 MB"):
        profile.set_avatar(db, user, b"x" * (profile.AVATAR_MAX_BYTES + 1), tmp_path)
    assert user.avatar_url is None and not tmp_path.exists()


def test_deactivated_users_can_do_nothing(db: Session, tmp_path: Path) -> None:
    user = _user(db)
    user.is_active = False
    with pytest.raises(Unauthorized, match="deactivated"):
        profile.update_profile(db, user, UserUpdate(name="X", timezone="UTC", locale="vi"))
    with pytest.raises(Unauthorized):
        profile.set_avatar(db, user, _picture("PNG"), tmp_path)


def test_only_admins_read_the_dev_mailbox(db: Session) -> None:
    with pytest.raises(Unauthorized):
        mailbox.search(db, None)
    with pytest.raises(Forbidden, match="admin"):
        mailbox.search(db, _user(db, "mentor"))
    assert mailbox.search(db, _user(db, "admin")) == ([], 0)


def test_the_relay_loop_stops_when_asked(use_database: str) -> None:
    from tra_da.worker import relay_forever

    async def run() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(relay_forever(stop))
        await asyncio.sleep(0.1)
        stop.set()
        await asyncio.wait_for(task, timeout=10)

    asyncio.run(run())


def test_a_mentee_edits_their_own_goals_interests_and_background(db: Session) -> None:
    from tra_da.models.mentee import MenteeUpdate
    from tra_da.services import mentees

    user = _user(db)
    saved = mentees.update_own_profile(
        db, user, MenteeUpdate(goals=" Ship a Rust service ", interests="systems", background="QA")
    )
    assert (saved.goals, saved.interests, saved.background) == (
        "Ship a Rust service",
        "systems",
        "QA",
    )
    # A field left out keeps its value.
    mentees.update_own_profile(db, user, MenteeUpdate(interests="databases"))
    again = mentees.own_profile(db, user)
    assert (again.goals, again.interests) == ("Ship a Rust service", "databases")


def test_a_refused_mentee_profile_edit_saves_nothing(db: Session) -> None:
    from tra_da.models.limits import BACKGROUND_MAX
    from tra_da.models.mentee import MenteeUpdate
    from tra_da.services import mentees

    user = _user(db)
    mentees.update_own_profile(db, user, MenteeUpdate(goals="first goal"))
    too_long = MenteeUpdate.model_construct(goals="changed", background="x" * (BACKGROUND_MAX + 1))
    with pytest.raises(Invalid) as refused:
        mentees.update_own_profile(db, user, too_long)
    assert refused.value.key == "err.background"
    control = MenteeUpdate.model_construct(interests="bell \x07")
    with pytest.raises(Invalid, match="control character"):
        mentees.update_own_profile(db, user, control)
    db.rollback()
    assert mentees.own_profile(db, user).goals == "first goal"


def test_only_mentees_have_a_mentee_profile_to_edit(db: Session) -> None:
    from tra_da.models.mentee import MenteeUpdate
    from tra_da.services import mentees

    with pytest.raises(Forbidden):
        mentees.update_own_profile(db, _user(db, "mentor"), MenteeUpdate(goals="x"))
