"""What the matching serves: a mentor recommended to a mentee, with the score and the one-line
reason behind it (services/matching.py owns the scoring)."""

from __future__ import annotations

from sqlmodel import Field, SQLModel

from tra_da.models.base import PUBLIC
from tra_da.models.mentor import MentorCardPublic


class MatchReasonPublic(SQLModel):
    """The strongest signal behind a recommendation: a catalogue key, its parameters and the
    sentence in the reader's language ("Shared expertise: sql, python")."""

    model_config = PUBLIC
    code: str
    text: str
    params: dict[str, str] = Field(default_factory=dict)


class RecommendationPublic(SQLModel):
    """One recommended mentor, as the directory shows them, with the score and the reason."""

    model_config = PUBLIC
    mentor: MentorCardPublic
    score: int
    reason: MatchReasonPublic


class RecommendationsPublic(SQLModel):
    items: list[RecommendationPublic]
