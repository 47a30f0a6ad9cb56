"""The offline story writer: a deterministic, template-driven bilingual (Korean/English) writer.

No network and no model: a plot template is paced over the requested number of pages and its
slots are filled with a cast chosen from the theme and a seed derived from the request, so the
same request always yields the same book.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass

from moretale_assets.lib import korean
from moretale_assets.lib.providers.base import UnsupportedRequest
from moretale_assets.lib.providers.offline.plot_pacing import (
    page_times,
    page_weathers,
    select_beats,
)
from moretale_assets.lib.providers.offline.story_beats import Beat
from moretale_assets.lib.providers.offline.story_choices import Choices, choose, read_hints
from moretale_assets.lib.providers.offline.story_render import render, shared_words
from moretale_assets.lib.providers.offline.story_scenes import (
    cover_prompt,
    scene_prompt,
    with_named_things,
)
from moretale_assets.lib.providers.offline.story_slots import build_slots, hero_names
from moretale_assets.lib.providers.offline.story_theme import concepts_in, echo_theme
from moretale_assets.lib.providers.offline.story_wording import phrase
from moretale_assets.lib.schemas import Story, StoryRequest
from moretale_assets.lib.vocabulary import vocabulary

DEFAULT_AGE = 5
OLDER_READER_AGE = 6  # from this age pages get an extra sentence and a third vocabulary word


@dataclass(frozen=True)
class PagePlan:
    """How one page was planned, so tests and callers can see why a scene looks as it does."""

    act: str
    beat: Beat
    time: str
    weather: str


@dataclass(frozen=True)
class StoryPlan:
    story: Story
    choices: Choices
    pages: tuple[PagePlan, ...]


class OfflineStoryWriter:
    """Writes Korean/English picture books from templates, with no network or model."""

    provider = "offline"
    model = "template-story-v1"
    supported_languages = ("Korean", "English")

    def check(self, request: StoryRequest) -> None:
        for lang in (request.primary_lang, request.secondary_lang):
            if lang not in self.supported_languages:
                raise UnsupportedRequest(
                    "the offline story writer writes Korean and English only; "
                    f"{lang!r} is not supported. Configure the Gemini provider for other "
                    "languages."
                )
        # A theme it knows no word of would be ignored: refuse it rather than write another book.
        if request.theme.strip() and not concepts_in(request.theme):
            raise UnsupportedRequest(
                f"the offline story writer cannot write about {request.theme!r}; supported "
                f"themes (in English or Korean): {vocabulary().supported_themes()}. Configure "
                "the Gemini provider for free themes.",
                field="theme",
            )

    def write(self, request: StoryRequest) -> Story:
        self.check(request)
        return plan_story(request).story


def story_seed(request: StoryRequest) -> int:
    """A stable seed from what the story is about.

    Generation options (voice, models, which assets to make) are left out on purpose: turning
    narration off must not rewrite the story.
    """
    payload = request.model_dump_json(exclude={"generation"}).encode("utf-8")
    return int.from_bytes(hashlib.sha256(payload).digest()[:8], "big")


def plan_story(request: StoryRequest) -> StoryPlan:
    """Write the book for `request`, keeping the plan behind every page."""
    seed = story_seed(request)
    rng = random.Random(seed)
    # Wordings ([a|b] groups) draw from their own generator, so adding a variant to the data
    # never changes which plot, cast or beat lines another request gets.
    phrasing = random.Random(f"phrasing-{seed}")
    hero_en, hero_ko = hero_names(request.child_name)
    c = choose(read_hints(request.theme, request.extra_prompt), rng, (hero_en, *hero_ko.forms))
    age = request.child_age or DEFAULT_AGE
    older = age >= OLDER_READER_AGE
    en_slots, ko_slots, scene_slots = build_slots(c, hero_en, hero_ko, rng, phrasing)

    beats = select_beats(c.plot, c.setting.key, request.page_count)
    times = page_times(c.plot, beats)
    weathers = page_weathers(beats, c.base_weather, c.toy.weather)
    english_first = request.primary_lang == "English"
    design = f"a {age}-year-old child with {c.hair}, wearing {c.outfit.scene}"
    prefix = f"{c.style}, {design}"
    # How the names are written: 하늘이 as the hero, 하늘아 when called; bare 하늘 is the sky.
    names = (hero_en, hero_ko.text, korean.josa(hero_ko.call, "아"), *c.pal_name)

    pages: list[dict[str, object]] = []
    scenes: list[str] = []
    taught: set[str] = set()
    texts: list[tuple[str, str]] = []
    for _, b in beats:
        en_line, ko_line = phrase(rng.choice(b.lines), phrasing)
        en = render(en_line, en_slots, korean_text=False)
        ko = render(ko_line, ko_slots, korean_text=True)
        if older and b.more:
            en_more, ko_more = phrase(b.more, phrasing)
            en += " " + render(en_more, en_slots, korean_text=False)
            ko += " " + render(ko_more, ko_slots, korean_text=True)
        texts.append((en, ko))
    texts = echo_theme(request.theme, texts, en_slots, ko_slots)
    for number, ((_, b), time, weather, (en, ko)) in enumerate(
        zip(beats, times, weathers, texts, strict=True), 1
    ):
        scene = with_named_things(
            scene_prompt(b, c.setting, time, weather, scene_slots), en, scene_slots, c.toy.kind
        )
        scenes.append(scene)
        pages.append(
            {
                "page_number": number,
                "text_primary": en if english_first else ko,
                "text_secondary": ko if english_first else en,
                "illustration_prompt": f"{prefix}, {scene}",
                "illustration_scene_prompt": scene,
                "vocabulary": _vocabulary(
                    number, en, ko, names, taught, 3 if older else 2, english_first
                ),
            }
        )

    cover_time = "night" if c.plot.track == "night" else "morning"
    title_en = render(c.title[0], en_slots, korean_text=False)
    title_ko = render(c.title[1], ko_slots, korean_text=True)
    story = Story.model_validate(
        {
            "title_primary": title_en if english_first else title_ko,
            "title_secondary": title_ko if english_first else title_en,
            "author_name": "MoreTale",
            "primary_language": request.primary_lang,
            "secondary_language": request.secondary_lang,
            "image_style": c.style,
            "main_character_design": design,
            "illustration_prefix": prefix,
            "cover_illustration_prompt": cover_prompt(
                prefix, c.setting, c.base_weather, cover_time, str(scene_slots["pal"]), scenes
            ),
            "pages": pages,
        },
        context={"page_count": request.page_count},
    )
    plans = tuple(
        PagePlan(act, b, time, weather)
        for (act, b), time, weather in zip(beats, times, weathers, strict=True)
    )
    return StoryPlan(story=story, choices=c, pages=plans)


def _vocabulary(
    number: int,
    en: str,
    ko: str,
    names: tuple[str, ...],
    taught: set[str],
    limit: int,
    english_first: bool,
) -> list[dict[str, str]]:
    """Words both texts of the page share; words not taught on earlier pages come first."""
    found = sorted(shared_words(en, ko, ignore=names), key=lambda wf: wf[0].en in taught)
    found = found[:limit]
    taught.update(w.en for w, _ in found)
    entries = []
    for j, (w, shown) in enumerate(found, 1):
        pair = ((shown, w.en_def), (w.ko, w.ko_def))
        (p_word, p_def), (s_word, s_def) = pair if english_first else pair[::-1]
        entries.append(
            {
                "entry_id": f"page-{number:02d}-word-{j:02d}",
                "primary_word": p_word,
                "secondary_word": s_word,
                "primary_definition": p_def,
                "secondary_definition": s_def,
            }
        )
    return entries
