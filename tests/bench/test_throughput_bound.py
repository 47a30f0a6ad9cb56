"""bench/throughput.py's lower bound and presets: the figures it prints are only as honest as
these (the batch itself is measured by running the bench, not here)."""

import sys

import pytest

from bench import throughput as tp

MODELS = {
    tp.STORY: tp.Model(tp.STORY, 1.0, 60),
    tp.TTS: tp.Model(tp.TTS, 1.5, 12),
    tp.IMAGE: tp.Model(tp.IMAGE, 1.0, 300),
}


def test_one_re_asked_request_past_a_window_costs_a_window():
    least = {name: n * 4 for name, n in tp.work_per_book(24, 8).items()}  # 4 books: 24 TTS
    assert least[tp.TTS] == 24
    bound, parts = tp.lower_bound(MODELS, least)
    assert parts[tp.TTS] == pytest.approx(1.0 + 60.0 + 1.5)  # 24 requests: two windows
    assert bound == pytest.approx(62.5)
    made = {**least, tp.TTS: 25}  # the split re-asked one passage
    bound_made, _ = tp.lower_bound(MODELS, made)
    assert bound_made == pytest.approx(1.0 + 120.0 + 1.5)


def test_tier1_preset_and_explicit_flags(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["throughput.py", "--tier1"])
    args = tp.parse_args()
    assert (args.books, args.pages, args.tts_rpm, args.tts_rpd) == (1, 24, 10, 100)
    assert args.executor == ["auto"]
    monkeypatch.setattr(sys, "argv", ["throughput.py", "--tier1", "--image-rpm", "60"])
    assert tp.parse_args().image_rpm == 60  # a flag given wins over the preset


def test_executor_list_rejects_unknown_names():
    assert tp.executor_list("auto,in_process") == ["auto", "in_process"]
    with pytest.raises(Exception, match="executors are"):
        tp.executor_list("auto,threads")


def test_speech_is_realistic_unless_asked():
    assert tp.emulator_config(MODELS, ideal_speech=False).speech.enabled
    config = tp.emulator_config(MODELS, ideal_speech=True)
    assert not config.speech.enabled
    assert tp.describe_speech(config).startswith("ideal")
