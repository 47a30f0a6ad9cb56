"""Progress folded from a run's events: the pure part of what `GET /{id}` and SSE report."""

import pytest

from api.catalog.status import fold_progress
from api.models import Progress

ALL = {"story": True, "page_audio": True, "cover_illustration": True, "page_illustrations": True}


def step(kind: str, asset: str, **data: int) -> tuple[str, str, dict[str, int]]:
    return (kind, asset, data)


STORY_DONE = [step("step_start", "story"), step("materialization", "story")]
COVER_DONE = [
    step("step_start", "cover_illustration"),
    step("materialization", "cover_illustration"),
]
AUDIO_HALF = [
    step("step_start", "page_audio"),
    step("observation", "page_audio", progress_done=6, progress_failed=0, progress_total=12),
]
AUDIO_DONE = [*AUDIO_HALF, step("materialization", "page_audio")]
PICTURES_DONE = [
    step("step_start", "page_illustrations"),
    step("materialization", "page_illustrations"),
]


@pytest.mark.parametrize(
    ("events", "run_status", "stage"),
    [
        ([], "QUEUED", "queued"),
        ([], "STARTED", "starting"),
        (STORY_DONE[:1], "STARTED", "story"),
        (STORY_DONE, "STARTED", "cover_illustration"),  # between steps: the next one
        ([*STORY_DONE, *COVER_DONE, *AUDIO_HALF], "STARTED", "page_audio"),
        ([*STORY_DONE, *COVER_DONE, *AUDIO_DONE], "STARTED", "page_illustrations"),
        ([*STORY_DONE, *COVER_DONE, *AUDIO_DONE, *PICTURES_DONE], "STARTED", "finishing"),
        ([*STORY_DONE, *COVER_DONE, *AUDIO_DONE, *PICTURES_DONE], "SUCCESS", "done"),
        (STORY_DONE, "CANCELING", "canceled"),
        (STORY_DONE, "FAILURE", "failure"),
    ],
)
def test_stage_names_what_runs_or_comes_next(events, run_status, stage):
    progress = fold_progress(events, run_status, ALL)
    assert progress["stage"] == stage
    Progress.model_validate(progress)  # every stage is one the API documents


def test_percent_moves_with_the_pages_and_reaches_100_only_at_the_end():
    seen = [
        fold_progress(events, "STARTED", ALL)["percent"]
        for events in (
            [],
            STORY_DONE,
            [*STORY_DONE, *COVER_DONE],
            [*STORY_DONE, *COVER_DONE, *AUDIO_HALF],
            [*STORY_DONE, *COVER_DONE, *AUDIO_DONE],
        )
    ]
    assert seen == sorted(seen) and len(set(seen)) == len(seen) and seen[-1] < 100
    assert seen[3] == 10 + 5 + 20  # half of the narration's 40
    done = [*STORY_DONE, *COVER_DONE, *AUDIO_DONE, *PICTURES_DONE]
    assert fold_progress(done, "SUCCESS", ALL)["percent"] == 100


def test_disabled_assets_are_left_out():
    only_story = {**dict.fromkeys(ALL, False), "story": True}
    progress = fold_progress(STORY_DONE, "STARTED", only_story)
    assert list(progress["assets"]) == ["story"]
    assert (progress["stage"], progress["percent"]) == ("finishing", 100)
