import pytest
from pydantic import ValidationError

from moretale_assets.lib.schemas import Story, StoryRequest


def req(**kw):
    base = {"child_name": "Mina", "primary_lang": "Korean", "secondary_lang": "English"}
    return StoryRequest.model_validate({**base, **kw})


def test_defaults_and_normalisation():
    r = req(child_name="  Mina  ", primary_lang="KO", secondary_lang="en")
    assert r.child_name == "Mina"
    assert (r.primary_lang, r.secondary_lang) == ("Korean", "English")
    assert r.page_count == 24
    g = r.generation
    assert (g.page_aspect_ratio, g.cover_aspect_ratio) == ("1:1", "5:4")
    assert g.enable_tts and g.enable_illustration and g.enable_cover


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("child_name", "   ", "at least 1 character"),
        ("child_name", "x" * 41, "at most 40"),
        ("child_name", "Mi\x00na", "control characters"),
        ("child_age", 1, "greater than or equal to 2"),
        ("child_age", 13, "less than or equal to 12"),
        ("primary_lang", "Klingon", "unsupported language"),
        ("secondary_lang", "ko", "must be different"),
        ("theme", "t" * 121, "at most 120"),
        ("extra_prompt", "e" * 2001, "at most 2000"),
        ("page_count", 3, "greater than or equal to 4"),
        ("page_count", 33, "less than or equal to 32"),
        ("unknown_field", 1, "Extra inputs are not permitted"),
    ],
)
def test_rejects_bad_requests(field, value, message):
    with pytest.raises(ValidationError) as err:
        req(**{field: value})
    assert message in str(err.value)


def test_generation_options_validated():
    with pytest.raises(ValidationError, match="unsupported model"):
        req(generation={"story_model": "gpt-4"})
    with pytest.raises(ValidationError):
        req(generation={"page_aspect_ratio": "7:3"})
    with pytest.raises(ValidationError, match="voice name"):
        req(generation={"tts_voice": "../etc"})
    assert req(generation={"tts_model": "gemini-3.8-flash-tts"}).generation.tts_model


def all_language_codes():
    return ["ko", "en", "ja", "zh", "es", "vi", "fr", "de"]


@pytest.mark.parametrize("code", all_language_codes())
def test_every_allowlisted_code(code):
    other = "en" if code != "en" else "ko"
    r = req(primary_lang=code.upper(), secondary_lang=other)
    assert r.primary_lang[0].isupper()


def story_dict(n=4, **over):
    pages = [
        {
            "page_number": i,
            "text_primary": f"가{i}",
            "text_secondary": f"p{i}",
            "illustration_prompt": f"scene {i}",
        }
        for i in range(1, n + 1)
    ]
    base = {
        "title_primary": "제목",
        "title_secondary": "Title",
        "author_name": "MoreTale",
        "primary_language": "ko",
        "secondary_language": "English",
        "image_style": "watercolor",
        "main_character_design": "a child",
        "pages": pages,
    }
    return {**base, **over}


def test_story_validates_page_count_and_order():
    s = Story.model_validate(story_dict(4), context={"page_count": 4})
    assert s.primary_language == "Korean"
    with pytest.raises(ValidationError, match="expected exactly 5 pages"):
        Story.model_validate(story_dict(4), context={"page_count": 5})
    d = story_dict(4)
    d["pages"][2]["page_number"] = 7
    with pytest.raises(ValidationError, match=r"numbered 1\.\.4"):
        Story.model_validate(d)


def test_story_rejects_empty_text():
    d = story_dict(4)
    d["pages"][1]["text_secondary"] = "   "
    with pytest.raises(ValidationError, match="text_secondary"):
        Story.model_validate(d)
