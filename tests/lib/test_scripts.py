"""Script ranges and sentence marks are stated once (lib/scripts.py) and read by every module
that looks at page text: the splitter, the quality checks, Korean particles, the emulator."""

import re
import subprocess
from pathlib import Path

from moretale_assets.lib import scripts
from moretale_assets.lib.quality.text import script_share, sentences

ROOT = Path(__file__).resolve().parents[2]
HOME = "moretale_assets/lib/scripts.py"
# How a range is written when someone writes it again: escaped, as code points or as characters.
RESTATED = re.compile(
    r"\\u(ac00|d7a3|1100|3130|3040|30ff|4e00|9fff|3400|00c0|1e00)|0x(ac00|d7a3)|가-힣|À-ÿ",
    re.IGNORECASE,
)


def test_no_module_restates_a_script_range():
    files = subprocess.run(
        ["git", "ls-files", "*.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    found = [
        f"{rel}:{n}"
        for rel in files
        if rel != HOME and not rel.startswith("tests/")
        for n, line in enumerate((ROOT / rel).read_text().splitlines(), 1)
        if RESTATED.search(line)
    ]
    assert found == []


def test_the_checker_sees_a_restated_range():
    assert RESTATED.search(r'_HANGUL = re.compile(r"[\uac00-\ud7a3]")')
    assert RESTATED.search('re.compile("[가-힣]+")')


def test_the_ranges_say_what_they_name():
    hangul = re.compile(f"[{scripts.HANGUL_SYLLABLES}]")
    assert hangul.fullmatch("가") and hangul.fullmatch("힣") and not hangul.fullmatch("ㄱ")
    assert re.fullmatch(f"[{scripts.HANGUL_JAMO}]+", "ㄱㅏ")
    assert re.fullmatch(f"[{scripts.KANA}]+", "ひらがなカタカナ")
    assert re.fullmatch(f"[{scripts.HAN}]+", "漢字")
    assert re.fullmatch(f"[{scripts.LATIN_BASIC}{scripts.LATIN_EXTENDED}]+", "Việtçà")
    assert re.fullmatch(f"[{scripts.DASHES}]+", "-–—") and not re.fullmatch(
        f"[{scripts.DASHES}]", "a"
    )
    # ... and the readers use them.
    assert sentences("하늘이 파랗다. 「そう」。 じゃあ行こう！ Then") == [
        "하늘이 파랗다.",
        "「そう」。",
        "じゃあ行こう！",
        "Then",
    ]
    assert script_share("하늘 sk", "Korean") == 0.5
