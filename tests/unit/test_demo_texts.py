"""The demo programme reads naturally: each mentor writes their headline and bio in their own
language, one language per text (issue 16: "Mười năm ... I help engineers ..." in one bio)."""

from __future__ import annotations

import re

import pytest

from tra_da.services.demo_data import MENTORS, MentorSpec

# Letters only Vietnamese writes (a tone or a hook), and words only English writes.
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]")
ENGLISH_WORDS = re.compile(r"\b(the|and|I|to|from|that|of|in|for|with|help|everyone)\b")


def _sentences(spec: MentorSpec) -> list[str]:
    return [spec.headline, *(s for s in re.split(r"(?<=[.:!?])\s+", spec.bio) if s)]


@pytest.mark.parametrize("spec", MENTORS, ids=lambda s: s.email)
def test_a_mentor_writes_in_their_own_language_only(spec: MentorSpec) -> None:
    assert spec.locale in ("vi", "en")
    for sentence in _sentences(spec):
        if spec.locale == "vi":
            assert VIETNAMESE.search(sentence.lower()), sentence
            assert not ENGLISH_WORDS.search(sentence), sentence
        else:
            assert not VIETNAMESE.search(sentence.lower()), sentence


def test_the_demo_has_mentors_in_both_languages() -> None:
    assert {spec.locale for spec in MENTORS} == {"vi", "en"}
