"""The book job, and how its steps execute.

Offline providers: the in-process executor (~3 ms between steps instead of ~1.2 s for a process
per step on 2 cores; pages already run concurrently inside each step, and the whole book takes
a few seconds).

Remote providers (Gemini): narration and pictures of one book must not wait for each other,
because each is paced by its own quota (a book's 2 s of pictures used to wait ~300 s behind
paced TTS). The asset graph allows it (page_audio needs only the story; the cover and pages
need the story and the cover), and the multiprocess executor runs ready steps side by side.
Its step processes fork from a forkserver that has Dagster, this code location and
google-genai imported once per run, so a step starts in a fraction of a second.
"""

import dagster as dg

from moretale_assets.lib import contract
from moretale_assets.lib.providers import registry
from moretale_assets.settings import PipelineSettings

BOOK_ASSETS = dg.AssetSelection.groups(*contract.BOOK_GROUPS)
# story, then page_audio beside cover -> page_illustrations, and the checks.
STEPS_AT_ONCE = 3
PRELOAD = ["dagster", "moretale_assets.definitions", "google.genai", "numpy", "PIL.Image"]


def remote_providers(settings: PipelineSettings | None = None) -> bool:
    """Whether narration or pictures come from a remote provider (then they overlap)."""
    s = settings or PipelineSettings()
    return any(
        registry.resolve(p, s.has_gemini_key) == "gemini"
        for p in (s.speech_provider, s.illustration_provider)
    )


def book_executor(settings: PipelineSettings | None = None) -> dg.ExecutorDefinition:
    s = settings or PipelineSettings()
    choice = s.book_executor
    if choice == "in_process" or (choice == "auto" and not remote_providers(s)):
        return dg.in_process_executor
    return dg.multiprocess_executor.configured(
        {
            "max_concurrent": STEPS_AT_ONCE,
            "start_method": {"forkserver": {"preload_modules": PRELOAD}},
        },
        name="overlapping_steps",
    )


book_job = dg.define_asset_job(
    contract.BOOK_JOB,
    selection=BOOK_ASSETS,
    executor_def=book_executor(),
    description="A whole book for one story partition: story, narration, cover, pages. "
    "With remote providers narration and pictures run at the same time.",
)
