"""The batch-narration phase with `synthesize_many` answering `list[Speech | None]`: a None
passage (not verified inside the batch) is narrated alone by the per-page pass."""

from moretale_assets.defs.resources import SpeechResource
from moretale_assets.lib.audio import is_valid_speech
from moretale_assets.lib.providers.base import Speech

from .test_book import failures, materialization

CALLS: list[tuple[str, int]] = []


class EveryOtherUnverified:
    """The offline synthesizer, plus `synthesize_many` as Gemini's answers when it could verify
    only some passages of a recording: every second passage is None."""

    def __init__(self, inner) -> None:
        self.inner, self.provider, self.model = inner, inner.provider, inner.model

    def synthesize(self, text: str, *, language: str, voice: str) -> Speech:
        CALLS.append(("one", 1))
        return self.inner.synthesize(text, language=language, voice=voice)

    def synthesize_many(self, texts: list[str], *, language: str, voice: str):
        CALLS.append(("many", len(texts)))
        return [
            None if i % 2 else self.inner.synthesize(t, language=language, voice=voice)
            for i, t in enumerate(texts)
        ]


class EveryOtherUnverifiedSpeech(SpeechResource):
    def get(self):
        return EveryOtherUnverified(super().get())


def test_unverified_passages_are_narrated_alone(runner, make_request):
    CALLS.clear()
    book = runner.new_book(make_request(page_count=6))
    result = runner.run(book, settings={"tts_batch_pages": 8}, speech=EveryOtherUnverifiedSpeech)
    assert result.success, failures(result)
    meta = materialization(result, "page_audio")
    # 6 pages x 2 languages: one batch per language, 3 of each 6 passages left to the page pass.
    assert (meta["tts_batches"], meta["tts_batch_fallbacks"]) == (2, 0)
    assert meta["tts_batch_passages_alone"] == 6
    assert sorted(CALLS) == [("many", 6), ("many", 6)] + [("one", 1)] * 6
    manifest = book.audio_manifest()
    assert (manifest.generated, manifest.failed) == (12, 0)
    assert all(is_valid_speech(book.get(e.path)) for e in manifest.entries)
