"""How a mentor's rating reads on screen: "4,6" in Vietnamese, "4.6" in English; nothing until
there are enough reviews for an average (services.reviews.RATING_MIN_COUNT)."""

from __future__ import annotations

from tra_da.models.review import RatingPublic


def rating_label(rating: RatingPublic | None, lang: str) -> str:
    if rating is None or rating.average is None:
        return ""
    text = f"{rating.average:.1f}"
    return text.replace(".", ",") if lang == "vi" else text
