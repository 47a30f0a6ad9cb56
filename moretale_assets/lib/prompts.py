"""Illustration prompts built from a story, following MoreTale's rules (prefix + scene, a cover
prompt that bans on-image text and blends motifs from the start, middle and end)."""

from __future__ import annotations

import re

from moretale_assets.lib.schemas import Page, Story

COVER_NO_TEXT = (
    "No visible text, title, letters, Hangul, English words, logo or typography anywhere "
    "in the image."
)


def prefix(story: Story) -> str:
    if story.illustration_prefix:
        return story.illustration_prefix
    parts = [story.image_style.rstrip(", "), story.main_character_design.strip()]
    return ", ".join(p for p in parts if p)


def scene_of(story: Story, page: Page) -> str:
    """The page's scene without the shared prefix (MoreTale's split_scene_prompt)."""
    if page.illustration_scene_prompt:
        return page.illustration_scene_prompt
    full, pre = page.illustration_prompt, prefix(story)
    if pre and full.startswith(pre):
        rest = full[len(pre) :]
    elif story.main_character_design and story.main_character_design in full:
        rest = full.split(story.main_character_design, 1)[1]
    else:
        rest = full
    return re.sub(r"^[\s,;:.\-—–]+", "", rest)


def page_prompt(story: Story, page: Page) -> tuple[str, str]:
    """(prompt, prompt_mode) as MoreTale's build_page_prompt."""
    pre, full, scene = prefix(story), page.illustration_prompt, scene_of(story, page)
    if scene and scene != full:
        return f"{pre}, {scene}\n\nReference details for consistency: {full}", "scene_plus_full"
    if full:
        return full, "full_only"
    return pre, "prefix_only"


def cover_prompt(story: Story) -> str:
    if story.cover_illustration_prompt:
        return story.cover_illustration_prompt
    pages = story.pages
    picks = sorted({0, len(pages) // 2, len(pages) - 1})
    motifs: list[str] = []
    for i in picks:
        first = re.split(r"(?<=[.!?])\s", scene_of(story, pages[i]).strip(), maxsplit=1)[0]
        first = first if len(first) <= 180 else first[:177] + "..."
        if first and first not in motifs:
            motifs.append(first)
    return (
        f"{prefix(story)}, front cover illustration for a bilingual children's fairy tale, "
        "warm inviting scene, main character in the foreground, iconic composition. "
        f"{COVER_NO_TEXT} Blend in visual motifs: {' '.join(motifs)}"
    )
