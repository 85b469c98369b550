"""The matching's pure parts: how words are folded, which tags a mentee's words name, and which
signal becomes the reason."""

from __future__ import annotations

from tra_da.services import matching


def test_words_are_folded_like_the_directory_search() -> None:
    assert matching.words("Phân tích DỮ LIỆU, SQL/Python!") == "phan tich du lieu sql python"
    assert matching.words("Đà Nẵng  c++") == "da nang c"
    assert matching.words("   ") == ""


def test_a_tag_is_named_only_as_whole_words_in_order() -> None:
    text = matching.words("I want machine learning with SQL; later go-to-market, and UX design")
    tags = ["machine learning", "sql", "go", "ux", "learning machine", "design systems", "ml"]
    assert matching.named_tags(text, tags) == ("go", "machine learning", "sql", "ux")
    assert matching.named_tags(matching.words("phan tich du lieu"), ["phân tích dữ liệu"]) == (
        "phân tích dữ liệu",
    )
    assert matching.named_tags(matching.words("good"), ["go", "++"]) == ()


def _points(**given: int) -> dict[str, int]:
    return {signal: given.get(signal, 0) for signal in matching.SIGNALS}


def _params() -> dict[str, dict[str, str]]:
    return {
        "expertise": {"tags": "sql, python"},
        "track": {"track": "Data"},
        "free_week": {},
        "rating": {"rating": "4.7"},
    }


def test_the_reason_is_the_strongest_signal_in_the_readers_language() -> None:
    reason = matching._reason(_points(expertise=60, track=40, free_week=20), _params(), "en")
    assert (reason.code, reason.text) == ("match.reason.expertise", "Shared expertise: sql, python")
    reason = matching._reason(_points(expertise=30, track=40), _params(), "vi")
    assert (reason.code, reason.text) == ("match.reason.track", "Cùng lĩnh vực: Data")
    reason = matching._reason(_points(free_week=20, rating=18), _params(), "en")
    assert reason.text == "Free this week"
    reason = matching._reason(_points(rating=18), _params(), "en")
    assert (reason.code, reason.text, reason.params) == (
        "match.reason.rating",
        "Rated 4.7",
        {"rating": "4.7"},
    )


def test_a_tie_between_signals_goes_to_the_first_in_order() -> None:
    assert matching._reason(_points(expertise=40, track=40), _params(), "en").code == (
        "match.reason.expertise"
    )
    assert matching._reason(_points(free_week=20, rating=20), _params(), "en").code == (
        "match.reason.free_week"
    )


def test_the_weights_are_the_documented_ones() -> None:
    assert (matching.W_EXPERTISE, matching.MAX_SHARED_TAGS, matching.W_TRACK) == (30, 3, 40)
    assert (matching.W_FREE_WEEK, matching.W_RATING, matching.FREE_WITHIN.days) == (20, 4, 7)
