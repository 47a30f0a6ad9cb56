"""Story ids are readable for every name (issue 17): Hangul by the Revised Romanization, other
scripts transliterated, never a bare `story_book_<hex>`, always slug-safe and unique."""

from datetime import UTC, datetime

import pytest

from moretale_assets.lib.story_ids import SLUG_MAX, is_story_id, new_story_id, slugify

NOW = datetime(2026, 12, 2, 4, 20, 35, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "theme", "slug"),
    [
        ("서아", "바다", "seoa-bada"),
        ("김민준", "우주", "kim-minjun-uju"),
        ("하늘이", "", "haneuri"),
        ("Mina", "friendship", "mina-friendship"),
        ("Дима", "лес", "dima-les"),
        ("ひなた", "umi", "hinata-umi"),
        ("Élodie", "mer", "elodie-mer"),
    ],
)
def test_names_in_every_script_are_readable(name, theme, slug):
    story_id = new_story_id(name, theme, now=NOW)
    assert story_id.startswith(f"20261202_042035_story_{slug}_"), story_id
    assert is_story_id(story_id)


def test_long_names_are_cut_at_a_word_and_ids_stay_unique():
    slug = slugify("서아 아주 아주 긴 바다 모험 이야기 그리고 별")
    assert len(slug) <= SLUG_MAX and not slug.endswith("-")
    assert slug == "seoa-aju-aju-gin-bada"
    ids = {new_story_id("서아", "바다, 모험|x", now=NOW) for _ in range(300)}
    assert len(ids) == 300 and all(is_story_id(i) and "," not in i for i in ids)
    assert new_story_id("🙂", "", now=NOW).startswith("20261202_042035_story_")
    assert is_story_id(new_story_id("", "", now=NOW))
