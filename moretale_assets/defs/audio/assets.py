"""Narration: one WAV per page and language (audio/01_<primary>/, audio/02_<secondary>/)."""

import hashlib
import time
from dataclasses import dataclass
from typing import Any

import dagster as dg

from moretale_assets.defs.pages import (
    RETRY,
    PageSelection,
    ProgressReporter,
    fail_if_any,
    kept_entry,
    outcome_metadata,
    page_table,
    retry_settings,
    row,
    run_pages,
    selected_pages,
)
from moretale_assets.defs.partitions import stories
from moretale_assets.defs.resources import PageWorkResource, SpeechResource, StorageResource
from moretale_assets.defs.story.assets import story
from moretale_assets.lib import audio
from moretale_assets.lib import book as layout
from moretale_assets.lib.book import Book, Role, audio_path
from moretale_assets.lib.pagework import Item, Outcome
from moretale_assets.lib.providers.base import Speech, SpeechSynthesizer
from moretale_assets.lib.schemas import AudioEntry, AudioManifest
from moretale_assets.lib.storage import NotFound

ROLES: tuple[Role, ...] = ("primary", "secondary")


@dataclass(frozen=True)
class Narration:
    """One WAV to make: a page's text in one language."""

    page: int
    role: Role
    language: str
    text: str

    @property
    def path(self) -> str:
        return audio_path(self.page, self.role, self.language)

    @property
    def label(self) -> str:
        return f"page_{self.page:02d}_{self.role}"


def is_done(book: Book, task: Narration, old: AudioEntry | None) -> bool:
    # A file made from other text (the story was rewritten) is stale, not done.
    if old is not None and old.prompt is not None and old.prompt != task.text:
        return False
    try:
        return audio.is_valid_speech(book.get(task.path))
    except NotFound:
        return False


def entry_for(
    book: Book,
    task: Narration,
    o: Outcome[Speech],
    old: AudioEntry | None,
    synth: SpeechSynthesizer,
    voice: str,
) -> AudioEntry:
    base: dict[str, Any] = {
        "page_number": task.page,
        "language": task.language,
        "role": task.role,
        "prompt": task.text,
        "path": task.path,
        "attempt": o.attempts,
        "elapsed_ms": round(o.elapsed_ms, 1),
    }
    if o.status == "generated" and o.result is not None:
        wav = o.result.wav
        return AudioEntry(
            **base,
            status="generated",
            provider=synth.provider,
            model=o.result.model,
            voice=o.result.voice,
            bytes=len(wav),
            sha256=hashlib.sha256(wav).hexdigest(),
            duration_s=round(o.result.duration_s, 3),
            sample_rate=audio.SAMPLE_RATE,
        )
    if o.status == "skipped_exists":
        if (kept := kept_entry(old, task.path)) is not None:
            return kept
        wav = book.get(task.path)
        return AudioEntry(
            **base,
            status="skipped_exists",
            bytes=len(wav),
            sha256=hashlib.sha256(wav).hexdigest(),
            duration_s=round(audio.duration_s(wav), 3),
            sample_rate=audio.SAMPLE_RATE,
        )
    return AudioEntry(
        **{**base, "path": None},
        status="failed",
        error=o.error,
        provider=synth.provider,
        model=synth.model,
        voice=voice,
    )


def narrate_in_batches(
    context: dg.AssetExecutionContext,
    book: Book,
    synth: Any,
    pending: list[Narration],
    voice: str,
    size: int,
    page_work: PageWorkResource,
    progress: ProgressReporter,
) -> tuple[dict[tuple[int, str], Outcome[Speech]], dict[str, int]]:
    """Several pages of one language per request; a chunk whose split does not verify is left
    to the per-page pass that follows."""
    chunks = []
    for role in ROLES:
        group = [t for t in pending if t.role == role]
        chunks += [group[i : i + size] for i in range(0, len(group), size)]

    def to_item(chunk: list[Narration]) -> Item[list[Speech]]:
        def make(_attempt: int) -> list[Speech]:
            speeches = synth.synthesize_many(
                [t.text for t in chunk], language=chunk[0].language, voice=voice
            )
            for t, sp in zip(chunk, speeches, strict=True):
                book.put(t.path, sp.wav, "audio/wav")
            return speeches

        label = f"{chunk[0].role}_pages_{chunk[0].page:02d}-{chunk[-1].page:02d}"
        return Item(label, chunk[0].page, lambda: False, make)

    results = run_pages(
        context,
        [to_item(c) for c in chunks],
        workers=page_work.workers,
        retry=retry_settings(page_work.attempts),
    )
    done: dict[tuple[int, str], Outcome[Speech]] = {}
    fallbacks = 0
    for chunk, o in zip(chunks, results, strict=True):
        if o.status != "generated" or o.result is None:
            fallbacks += 1
            context.log.warning(f"{o.label}: {o.error}; narrating those pages one by one")
            continue
        for t, sp in zip(chunk, o.result, strict=True):
            single = Outcome(
                t.label, t.page, "generated", o.attempts, o.elapsed_ms / len(chunk), sp
            )
            done[(t.page, t.role)] = single
            progress(single)
    return done, {"batches": len(chunks), "batch_fallbacks": fallbacks}


@dg.asset(
    partitions_def=stories,
    deps=[story],
    group_name="audio",
    kinds={"python", "wav"},
    pool="speech",
    retry_policy=RETRY,
    description="Narration for every page in both languages: 24 kHz mono 16-bit WAV.",
)
def page_audio(
    context: dg.AssetExecutionContext,
    config: PageSelection,
    storage: StorageResource,
    speech: SpeechResource,
    page_work: PageWorkResource,
) -> dg.MaterializeResult:
    started = time.perf_counter()
    book = Book(storage.open(), context.partition_key)
    request, s = book.request(), book.story()
    if not request.generation.enable_tts:
        return dg.MaterializeResult(metadata={"enabled": False, "reason": "enable_tts is false"})
    synth, voice = speech.get(), request.generation.tts_voice
    langs = {"primary": s.primary_language, "secondary": s.secondary_language}
    tasks = [
        Narration(p, role, langs[role], getattr(s.page(p), f"text_{role}"))
        for p in selected_pages(s, config)
        for role in ROLES
    ]
    old = book.audio_manifest()
    old_entries = {(e.page_number, e.role): e for e in old.entries} if old else {}

    def to_item(t: Narration) -> Item[Speech]:
        def make(_attempt: int) -> Speech:
            result = synth.synthesize(t.text, language=t.language, voice=voice)
            book.put(t.path, result.wav, "audio/wav")
            return result

        def done() -> bool:
            if (t.page, t.role) in batched:
                return True
            return not config.force and is_done(book, t, old_entries.get((t.page, t.role)))

        return Item(t.label, t.page, done, make)

    progress = ProgressReporter(context, len(tasks), {t.label: t.path for t in tasks})
    batched: dict[tuple[int, str], Outcome[Speech]] = {}
    batch_stats = {"batches": 0, "batch_fallbacks": 0}
    if speech.batch_pages > 1 and hasattr(synth, "synthesize_many"):
        pending = [
            t
            for t in tasks
            if config.force or not is_done(book, t, old_entries.get((t.page, t.role)))
        ]
        batched, batch_stats = narrate_in_batches(
            context, book, synth, pending, voice, speech.batch_pages, page_work, progress
        )
    outcomes = run_pages(
        context,
        [to_item(t) for t in tasks],
        workers=page_work.workers,
        retry=retry_settings(page_work.attempts),
        on_outcome=progress,
    )
    progress.emit()
    outcomes = [batched.get((t.page, t.role), o) for t, o in zip(tasks, outcomes, strict=True)]
    entries = dict(old_entries)
    for t, o in zip(tasks, outcomes, strict=True):
        entries[(t.page, t.role)] = entry_for(
            book, t, o, old_entries.get((t.page, t.role)), synth, voice
        )
    manifest = AudioManifest(
        primary_language=s.primary_language,
        secondary_language=s.secondary_language,
        entries=[entries[k] for k in sorted(entries)],
    ).recount()
    book.put_model(layout.AUDIO_MANIFEST, manifest)

    metadata: dict[str, Any] = {
        **outcome_metadata(outcomes, time.perf_counter() - started),
        "files_ok": dg.MetadataValue.int(manifest.generated + manifest.skipped),
        "files_failed": dg.MetadataValue.int(manifest.failed),
        "audio_seconds": dg.MetadataValue.float(
            round(sum(e.duration_s or 0 for e in manifest.entries), 1)
        ),
        "provider": synth.provider,
        "model": synth.model,
        "voice": voice,
        "tts_batches": dg.MetadataValue.int(batch_stats["batches"]),
        "tts_batch_fallbacks": dg.MetadataValue.int(batch_stats["batch_fallbacks"]),
        "manifest_uri": dg.MetadataValue.url(book.uri(layout.AUDIO_MANIFEST)),
        "pages": page_table(
            [
                row(o, book.uri(t.path) if o.status != "failed" else None)
                for t, o in zip(tasks, outcomes, strict=True)
            ]
        ),
    }
    fail_if_any("narration", outcomes, metadata)
    return dg.MaterializeResult(metadata=metadata)


@dg.asset_check(asset=page_audio, description="Every page has valid narration in both languages.")
def audio_complete(
    context: dg.AssetCheckExecutionContext, storage: StorageResource
) -> dg.AssetCheckResult:
    book = Book(storage.open(), context.partition_key)
    request, s = book.request(), book.story()
    if not request.generation.enable_tts:
        return dg.AssetCheckResult(passed=True, metadata={"enabled": False})
    langs = {"primary": s.primary_language, "secondary": s.secondary_language}
    missing = [
        f"page_{p.page_number:02d}_{role}"
        for p in s.pages
        for role in ROLES
        if not is_done(book, Narration(p.page_number, role, langs[role], ""), None)
    ]
    return dg.AssetCheckResult(
        passed=not missing,
        metadata={"missing": dg.MetadataValue.json(missing), "expected": 2 * len(s.pages)},
    )
