"""Narration: one WAV per page and language (audio/01_<primary>/, audio/02_<secondary>/).

The spec of the `page_audio` asset; `page_asset.build` makes the asset and its check from it."""

from dataclasses import dataclass
from typing import Any

import dagster as dg

from moretale_assets.defs import page_asset as pa
from moretale_assets.defs.page_step import ProgressReporter, retry_settings, run_pages
from moretale_assets.lib import audio, contract, layout
from moretale_assets.lib.item_runner import Item, Outcome
from moretale_assets.lib.layout import Role, audio_path
from moretale_assets.lib.providers.base import Speech, SpeechSynthesizer
from moretale_assets.lib.schemas import AudioEntry, AudioManifest, StoryRequest

ROLES: tuple[Role, ...] = ("primary", "secondary")


@dataclass(frozen=True)
class Narration:
    """One WAV to make: a page's text in one language."""

    page: int
    role: Role
    language: str
    text: str

    @property
    def key(self) -> tuple[int, str]:
        return (self.page, self.role)

    @property
    def path(self) -> str:
        return audio_path(self.page, self.role, self.language)

    @property
    def label(self) -> str:
        return f"page_{self.page:02d}_{self.role}"


@dataclass(frozen=True)
class Voice(pa.Tools[SpeechSynthesizer]):
    """The synthesizer, the story's voice, and how many pages one request may narrate."""

    voice: str
    batch_pages: int


class NarrationKind(pa.PageKind[Speech, AudioEntry, AudioManifest]):
    asset = contract.BY_NAME[contract.PAGE_AUDIO]
    description = "Narration for every page in both languages: 24 kHz mono 16-bit WAV."
    kinds, noun, resource_key = frozenset({"python", "wav"}), "narration", "speech"
    deps = (contract.STORY,)
    files = pa.Files("audio/wav", layout.AUDIO_MANIFEST, AudioManifest, AudioEntry)
    check = pa.Check(
        contract.CHECK_AUDIO_COMPLETE, "Every page has valid narration in both languages."
    )

    def enabled(self, request: StoryRequest) -> bool:
        return request.generation.enable_tts

    def items(self, src: pa.Source, pages: list[int] | None) -> list[Narration]:
        s = src.story
        langs = {"primary": s.primary_language, "secondary": s.secondary_language}
        numbers = pages if pages is not None else [p.page_number for p in s.pages]
        return [
            Narration(p, role, langs[role], getattr(s.page(p), f"text_{role}"))
            for p in numbers
            for role in ROLES
        ]

    def tools(self, resource: Any, src: pa.Source) -> Voice:
        return Voice(resource.get(), src.request.generation.tts_voice, resource.batch_pages)

    def make(self, tools: Voice, item: Narration) -> Speech:
        return tools.maker.synthesize(item.text, language=item.language, voice=tools.voice)

    def data(self, result: Speech) -> bytes:
        return result.wav

    def is_valid(self, data: bytes) -> bool:
        return audio.is_valid_speech(data)

    def entry_key(self, entry: AudioEntry) -> tuple[int, str]:
        return (entry.page_number, entry.role)

    def item_fields(self, item: Narration) -> dict[str, Any]:
        return {"language": item.language, "role": item.role}

    def made_fields(self, result: Speech) -> dict[str, Any]:
        return {
            "model": result.model,
            "voice": result.voice,
            "duration_s": round(result.duration_s, 3),
            "sample_rate": audio.SAMPLE_RATE,
        }

    def file_fields(self, data: bytes) -> dict[str, Any]:
        return {"duration_s": round(audio.duration_s(data), 3), "sample_rate": audio.SAMPLE_RATE}

    def failed_fields(self, tools: Voice) -> dict[str, Any]:
        return {"voice": tools.voice}

    def manifest(self, step: pa.Step, entries: list[AudioEntry]) -> AudioManifest:
        return AudioManifest(
            primary_language=step.story.primary_language,
            secondary_language=step.story.secondary_language,
            entries=entries,
        ).recount()

    def extra_metadata(self, step: pa.Step, made: pa.Made[Speech, AudioManifest]) -> dict[str, Any]:
        manifest = made.manifest
        return {
            "files_ok": dg.MetadataValue.int(manifest.generated + manifest.skipped),
            "files_failed": dg.MetadataValue.int(manifest.failed),
            "audio_seconds": dg.MetadataValue.float(
                round(sum(e.duration_s or 0 for e in manifest.entries), 1)
            ),
            "voice": step.tools.voice,
        }

    def batch(
        self, step: pa.Step, pending: list[Narration], progress: ProgressReporter
    ) -> tuple[dict[Any, Outcome[Speech]], dict[str, Any]]:
        tools: Voice = step.tools
        if tools.batch_pages <= 1 or not hasattr(tools.maker, "synthesize_many"):
            stats = {"batches": 0, "fallbacks": 0, "alone": 0}
            done: dict[Any, Outcome[Speech]] = {}
        else:
            done, stats = narrate_in_batches(step, pending, progress)
        return done, {
            "tts_batches": dg.MetadataValue.int(stats["batches"]),
            "tts_batch_fallbacks": dg.MetadataValue.int(stats["fallbacks"]),
            "tts_batch_passages_alone": dg.MetadataValue.int(stats["alone"]),
        }


def narrate_in_batches(
    step: pa.Step, pending: list[Narration], progress: ProgressReporter
) -> tuple[dict[Any, Outcome[Speech]], dict[str, int]]:
    """Several pages of one language per request. `synthesize_many` returns one Speech per
    passage, or None for a passage it could not verify: those, and every passage of a chunk
    whose request raised, are left to the per-page pass that follows."""
    tools: Voice = step.tools
    synth: Any = tools.maker
    size = tools.batch_pages
    chunks: list[list[Narration]] = []
    for role in ROLES:
        group = [t for t in pending if t.role == role]
        chunks += [group[i : i + size] for i in range(0, len(group), size)]

    def to_item(chunk: list[Narration]) -> Item[list[Speech | None]]:
        def make(_attempt: int) -> list[Speech | None]:
            speeches = list(
                synth.synthesize_many(
                    [t.text for t in chunk], language=chunk[0].language, voice=tools.voice
                )
            )
            if len(speeches) != len(chunk):
                raise ValueError(f"{len(speeches)} recordings for {len(chunk)} passages")
            for t, sp in zip(chunk, speeches, strict=True):
                if sp is not None:
                    step.book.put(t.path, sp.wav, "audio/wav")
            return speeches

        label = f"{chunk[0].role}_pages_{chunk[0].page:02d}-{chunk[-1].page:02d}"
        return Item(label, chunk[0].page, lambda: False, make)

    results = run_pages(
        step.context,
        [to_item(c) for c in chunks],
        workers=step.page_work.workers,
        retry=retry_settings(step.page_work.attempts),
    )
    done: dict[Any, Outcome[Speech]] = {}
    fallbacks = alone = 0
    for chunk, o in zip(chunks, results, strict=True):
        if o.status != "generated" or o.result is None:
            fallbacks += 1
            step.context.log.warning(f"{o.label}: {o.error}; narrating those pages one by one")
            continue
        for t, sp in zip(chunk, o.result, strict=True):
            if sp is None:
                alone += 1
                continue
            single = Outcome(
                t.label, t.page, "generated", o.attempts, o.elapsed_ms / len(chunk), sp
            )
            done[t.key] = single
            progress(single)
    if alone:
        step.context.log.warning(f"{alone} passage(s) not verified in a batch; narrating alone")
    return done, {"batches": len(chunks), "fallbacks": fallbacks, "alone": alone}


NARRATION = NarrationKind()
page_audio, audio_complete = pa.build(NARRATION)
