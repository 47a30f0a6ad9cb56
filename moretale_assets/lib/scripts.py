"""Which characters belong to which script, and which marks end a sentence or a phrase, stated
once for every reader of page text: the narration splitter, the quality checks and the
emulator's voice. Each is the body of a regex character class, so a caller composes the classes
it needs (`re.compile(f"[{KANA}{HAN}]")`) and keeps its own rule for what to do with them."""

from __future__ import annotations

HANGUL_SYLLABLES = "\uac00-\ud7a3"  # precomposed 가..힣, one spoken syllable each
# The same block as code points, for syllable arithmetic (19 initials x 21 vowels x 28 finals).
HANGUL_FIRST, HANGUL_LAST = ord(HANGUL_SYLLABLES[0]), ord(HANGUL_SYLLABLES[-1])
HANGUL_JAMO = "\u1100-\u11ff\u3130-\u318f"  # conjoining and compatibility jamo
KANA = "\u3040-\u30ff"  # hiragana and katakana
HAN = "\u4e00-\u9fff"  # CJK unified ideographs
HAN_EXTENSION_A = "\u3400-\u4dbf"
LATIN_BASIC = "A-Za-z"
LATIN_1 = "\u00c0-\u00ff"  # À..ÿ, the accented letters of Western European languages
# Latin-1 Supplement through Latin Extended-B, and Latin Extended Additional (Vietnamese).
LATIN_EXTENDED = "\u00c0-\u024f\u1e00-\u1eff"

SENTENCE_END = ".!?。！？"  # full stops of Latin and CJK text
CLOSING_QUOTES = "\"'”’"  # may follow a sentence's full stop
PHRASE_MARKS = ",;:，、"  # a comma-length pause in Latin and CJK text
DASHES = "-–—"  # the hyphen first, so it stays literal inside a class
