import numpy as np
import pytest

from moretale_assets.lib import audio
from moretale_assets.lib.languages import LANGUAGES
from moretale_assets.lib.providers.base import ProviderError
from moretale_assets.lib.providers.offline.speech import EspeakSpeech

SAMPLES = {
    "Korean": "민준이는 작은 토끼와 함께 숲으로 갔어요.",
    "English": "Mina and a little rabbit walked into the forest.",
    "Japanese": "ミナはちいさなうさぎともりへいきました。",
    "Chinese": "米娜和小兔子一起走进了森林。",
    "Spanish": "Mina y un conejito caminaron hacia el bosque.",
    "Vietnamese": "Mina và chú thỏ nhỏ đi vào rừng.",
    "French": "Mina et un petit lapin sont entrés dans la forêt.",
    "German": "Mina und ein kleiner Hase gingen in den Wald.",
}


@pytest.mark.parametrize("lang", [lang.name for lang in LANGUAGES])
def test_every_language_speaks_24khz_mono_16bit(lang):
    speech = EspeakSpeech().synthesize(SAMPLES[lang], language=lang, voice="Achernar")
    pcm, rate = audio.decode_wav(speech.wav)
    assert rate == 24_000
    assert speech.duration_s > 1.0
    assert int(np.abs(pcm.astype(np.int32)).max()) > 5000  # not silent
    assert audio.is_valid_speech(speech.wav)


def test_korean_and_english_differ_and_are_stable():
    s = EspeakSpeech()
    ko1 = s.synthesize(SAMPLES["Korean"], language="Korean", voice="v").wav
    ko2 = s.synthesize(SAMPLES["Korean"], language="ko", voice="v").wav
    en = s.synthesize(SAMPLES["English"], language="English", voice="v").wav
    # espeak-ng keeps a little state between utterances, so allow some drift: at the slower
    # read-aloud rates (speech.RATES) it reaches ~13 ms in 3.4 s (0.4 %).
    assert abs(audio.duration_s(ko1) - audio.duration_s(ko2)) < 0.02
    # Different voices and words: different sound (English is now read slower, at ~150 words a
    # minute, so its length alone no longer tells it from the Korean sample).
    n = min(len(ko1), len(en))
    ko_pcm, en_pcm = (np.frombuffer(w[44:n], dtype="<i2").astype(np.int32) for w in (ko1, en))
    assert np.abs(ko_pcm - en_pcm).mean() > 500


def test_empty_text_is_refused():
    with pytest.raises(ProviderError) as err:
        EspeakSpeech().synthesize("  ", language="Korean", voice="v")
    assert not err.value.retryable


def test_resample_and_validation():
    t = np.arange(22050) / 22050
    pcm = (np.sin(2 * np.pi * 440 * t) * 20000).astype(np.int16)
    out = audio.resample(pcm, 22050)
    assert out.size == 24000
    assert audio.is_valid_speech(audio.encode_wav(out))
    assert not audio.is_valid_speech(audio.encode_wav(np.zeros(24000, np.int16)))
    assert not audio.is_valid_speech(audio.encode_wav(out)[:100])  # truncated
    assert not audio.is_valid_speech(audio.encode_wav(pcm, rate=22050))  # wrong rate
