"""Checks on a story's text, page by page. Pure functions of the story and its request."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from moretale_assets.lib import korean
from moretale_assets.lib.providers.offline.story_lexicon import LEXICON
from moretale_assets.lib.providers.offline.story_theme import concepts_in, pages_wanted
from moretale_assets.lib.providers.offline.word_match import Words
from moretale_assets.lib.quality.model import CheckResult, PageResult, Report, Status
from moretale_assets.lib.quality.text import length_units, normalized, script_share, sentences
from moretale_assets.lib.schemas import Story, StoryRequest
from moretale_assets.lib.vocabulary import vocabulary

MIN_SCRIPT_SHARE = 0.7  # below this share of letters in the language's script, a page fails
# Longest sentence (words; characters ×2.5 for CJK) a child of this age is read comfortably.
# Over it warns, over 1.5× fails. Picture-book guidance: 5-10 words at 3-4, up to ~20 at 8+.
AGE_BANDS: tuple[tuple[int, int], ...] = ((4, 18), (6, 22), (8, 26), (12, 32))
MIN_REPEAT_WORDS = 4  # "Whoosh!" twice is a refrain; a four-word sentence twice is a repeat
_TITLE_STOPWORDS = frozenset(("the", "a", "an", "and", "of", "to", "for", "in", "on", "at", "with",
    "did", "go", "goes", "went", "where", "who", "what", "how", "is", "was", "are", "my", "our",
    "your", "his", "her", "their", "little", "big", "new", "first"))  # fmt: skip


def _page_texts(story: Story) -> list[tuple[int, dict[str, str]]]:
    return [
        (
            p.page_number,
            {story.primary_language: p.text_primary, story.secondary_language: p.text_secondary},
        )
        for p in story.pages
    ]


def check_pages(story: Story, request: StoryRequest) -> CheckResult:
    book = PageResult(page=0)
    if len(story.pages) != request.page_count:
        book.status = "fail"
        book.reasons.append(f"{len(story.pages)} pages, {request.page_count} asked for")
    pages = [book]
    for i, p in enumerate(story.pages, 1):
        r = PageResult(page=p.page_number)
        if p.page_number != i:
            r.status, r.reasons = "fail", [f"numbered {p.page_number}, expected {i}"]
        pages.append(r)
    return CheckResult(name="page_numbering", severity="blocking", pages=pages)


def check_scripts(story: Story, request: StoryRequest) -> CheckResult:
    """Each text in its language's script; the child's name may be written either way."""
    names = [n for n in {request.child_name, korean.romanize_name(request.child_name)} if n]
    pages = []
    langs = (story.primary_language, story.secondary_language)
    title = {langs[0]: story.title_primary, langs[1]: story.title_secondary}
    for number, texts in [(0, title), *_page_texts(story)]:
        r = PageResult(page=number)
        for lang, text in texts.items():
            for name in names:
                text = text.replace(name, " ")
            share = script_share(text, lang)
            if share is not None and share < MIN_SCRIPT_SHARE:
                r.status = "fail"
                r.reasons.append(f"{lang} text is {share:.0%} in its script")
        pages.append(r)
    unknown = [lang for lang in langs if script_share("a", lang) is None]
    note = f"no script known for {', '.join(unknown)}" if unknown else ""
    return CheckResult(name="language_script", severity="blocking", note=note, pages=pages)


def _theme_forms(theme: str, lang: str) -> tuple[str, ...] | None:
    """Words that show the theme in `lang`'s text, or None when we cannot tell."""
    concepts = [c for _, c in concepts_in(theme)]
    if concepts and lang in ("English", "Korean"):
        return tuple(w for c in concepts for w in (c.english if lang == "English" else c.korean))
    # A theme the vocabulary does not know is looked for as written, in its own language only.
    own = [w for w in Words(theme).tokens if len(w.text) >= 2]
    theme_is_korean = any(not t.text.isascii() for t in own)
    if own and (lang == "Korean") == theme_is_korean:
        return tuple(t.text for t in own if t.text not in _TITLE_STOPWORDS)
    return None


def check_theme(story: Story, request: StoryRequest) -> CheckResult:
    """The theme in the title or on several pages, in each language we can tell."""
    if not request.theme.strip():
        return CheckResult(name="theme_present", severity="warning", ran=False, note="no theme")
    n = len(story.pages)
    needed = pages_wanted(n)
    langs = (story.primary_language, story.secondary_language)
    titles = {langs[0]: story.title_primary, langs[1]: story.title_secondary}
    book = PageResult(page=0)
    pages = {p.page_number: PageResult(page=p.page_number) for p in story.pages}
    checked = []
    for lang in langs:
        forms = _theme_forms(request.theme, lang)
        if not forms:
            continue
        checked.append(lang)
        hits = [num for num, texts in _page_texts(story) if Words(texts[lang]).has(*forms)]
        in_title = Words(titles[lang]).has(*forms)
        for num in hits:
            pages[num].reasons.append(f"theme in {lang}")
        if len(hits) < needed and not (in_title and hits):
            book.status = "fail" if not hits and not in_title else "warn"
            book.reasons.append(
                f"theme {request.theme!r} on {len(hits)} {lang} page(s)"
                f"{' and the title' if in_title else ''}; wanted {needed}"
            )
    note = f"looked in {', '.join(checked)}" if checked else "theme words unknown in both languages"
    return CheckResult(
        name="theme_present",
        severity="warning",
        ran=bool(checked),
        note=note,
        pages=[book, *pages.values()],
    )


@cache
def _known_nouns() -> tuple[frozenset[str], frozenset[str]]:
    """(English, Korean) nouns we can recognise in a title: the lexicon's and the concepts'."""
    en = {w.en for w in LEXICON} | {f for w in LEXICON for f in w.en_forms}
    ko = {w.ko for w in LEXICON}
    for c in vocabulary().concepts.values():
        en.update(w for w in c.english if not w.endswith("~") and " " not in w)
        ko.update(w for w in c.korean if not w.endswith("~") and " " not in w)
    return frozenset(en), frozenset(ko)


def _key_words(title: str, lang: str, names: tuple[str, ...]) -> list[str]:
    """The title's nouns worth finding again in the text. In English and Korean the nouns we
    know (verbs and endings are not key words); in other languages every longer word."""
    en, ko = _known_nouns()
    tokens = Words(title, names).tokens
    if lang == "English":
        return [t.text for t in tokens if t.stems & en]
    if lang == "Korean":
        # A one-syllable noun only as the whole word: 새로 (newly) is not 새 (bird) + 로.
        return [
            min(found)
            for t in tokens
            if (found := {s for s in t.stems & ko if len(s) >= 2 or s == t.text})
        ]
    return [t.text for t in tokens if len(t.text) >= 3 and t.text not in _TITLE_STOPWORDS]


def check_title(story: Story, request: StoryRequest) -> CheckResult:
    book = PageResult(page=0)
    names = (request.child_name, korean.romanize_name(request.child_name))
    langs = (story.primary_language, story.secondary_language)
    titles = {langs[0]: story.title_primary, langs[1]: story.title_secondary}
    for lang in langs:
        body = Words(" ".join(texts[lang] for _, texts in _page_texts(story)))
        keys = _key_words(titles[lang], lang, names)
        missing = [w for w in keys if not _found(body, w)]
        if keys and len(missing) * 2 > len(keys):
            book.status = "fail"
        elif missing and book.status == "pass":
            book.status = "warn"
        if missing:
            book.reasons.append(f"{lang} title words not in the story: {', '.join(missing)}")
        elif keys:
            book.reasons.append(f"{lang} title words found: {', '.join(keys)}")
    return CheckResult(name="title_in_story", severity="warning", pages=[book])


def _found(body: Words, word: str) -> bool:
    if body.find(word) is not None:
        return True
    if word.isascii() and word.endswith("y") and len(word) > 4 and body.find(word[:-1]):
        return True  # "rainy" in the title, "rain" in the text
    # Korean title words carry particles and endings (친구의, 별아): any of its stems will do.
    stems = Words(word).tokens[0].stems if Words(word).tokens else frozenset()
    return any(len(s) >= 2 and body.find(s) is not None for s in stems)


def max_sentence_units(age: int | None) -> int:
    age = age or 5
    return next((limit for upto, limit in AGE_BANDS if age <= upto), AGE_BANDS[-1][1])


def check_sentence_length(story: Story, request: StoryRequest) -> CheckResult:
    limit = max_sentence_units(request.child_age)
    pages = []
    for number, texts in _page_texts(story):
        r = PageResult(page=number)
        for lang, text in texts.items():
            cap = limit * 5 // 2 if lang in ("Japanese", "Chinese") else limit
            for s in sentences(text):
                n = length_units(s, lang)
                if n > cap:
                    status: Status = "fail" if n > cap * 1.5 else "warn"
                    r.status = status if r.status != "fail" else "fail"
                    r.reasons.append(f"{lang} sentence of {n} (max {cap}): {s[:40]}…")
        pages.append(r)
    return CheckResult(
        name="sentence_length",
        severity="warning",
        note=f"age {request.child_age or 'unknown'}: at most {limit} words a sentence",
        pages=pages,
    )


def check_vocabulary(story: Story) -> CheckResult:
    pages = []
    for p in story.pages:
        r = PageResult(page=p.page_number)
        primary, secondary = Words(p.text_primary), Words(p.text_secondary)
        for v in p.vocabulary:
            for word, body, lang in (
                (v.primary_word, primary, story.primary_language),
                (v.secondary_word, secondary, story.secondary_language),
            ):
                if not _found(body, word) and word.lower() not in body_text(p, lang, story):
                    r.status = "fail"
                    r.reasons.append(f"{lang} word {word!r} not on its page")
        pages.append(r)
    return CheckResult(name="vocabulary_on_page", severity="warning", pages=pages)


def body_text(page: object, lang: str, story: Story) -> str:
    text = page.text_primary if lang == story.primary_language else page.text_secondary  # type: ignore[attr-defined]
    return str(text).lower()


def check_repeats(story: Story) -> CheckResult:
    """No page printed twice, no sentence of four words or more said twice."""
    seen_pages: dict[tuple[str, str], int] = {}
    seen: dict[str, int] = {}
    results = {p.page_number: PageResult(page=p.page_number) for p in story.pages}
    for p in story.pages:
        r = results[p.page_number]
        key = (normalized(p.text_primary), normalized(p.text_secondary))
        if key in seen_pages:
            r.status = "fail"
            r.reasons.append(f"same text as page {seen_pages[key]}")
            continue
        seen_pages[key] = p.page_number
        for text in (p.text_primary, p.text_secondary):
            for s in sentences(text):
                norm = normalized(s)
                if len(norm.split()) < MIN_REPEAT_WORDS:
                    continue
                if norm in seen and seen[norm] != p.page_number:
                    r.status = "fail"
                    r.reasons.append(f"sentence repeated from page {seen[norm]}: {s[:40]}")
                seen.setdefault(norm, p.page_number)
    return CheckResult(name="no_repeats", severity="blocking", pages=list(results.values()))


def check_story(story: Story, request: StoryRequest) -> Report:
    return Report(
        checks=[
            check_pages(story, request),
            check_scripts(story, request),
            check_repeats(story),
            check_theme(story, request),
            check_title(story, request),
            check_sentence_length(story, request),
            check_vocabulary(story),
        ]
    )


def _hero_pattern(hero: str) -> re.Pattern[str] | None:
    """The hero's name in every form a book writes it: as given, and romanized for the English
    text (민준 → Minjun, 김민준 → Kim Minjun). A name in Latin letters is a whole word (Leo is not
    in "leopard"); a Hangul name carries its particles (민준이는), so it is matched at a word's
    start."""
    forms = {normalized(f) for f in (hero, korean.romanize_name(hero)) if f.strip()} - {""}
    if not forms:
        return None
    alts = [re.escape(f) + (r"\b" if f.isascii() else "") for f in sorted(forms, key=len)[::-1]]
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + ")")


def sentence_set(story: Story, hero: str = "") -> set[str]:
    """The story's sentences of four words or more (as for repeats: "Look!" in two books is not
    a shared sentence), normalised, the hero's name masked in each form it is written in: for
    comparing books."""
    name = _hero_pattern(hero)
    out: set[str] = set()
    for p in story.pages:
        for text in (p.text_primary, p.text_secondary):
            for s in sentences(text):
                norm = normalized(s)
                if len(norm.split()) < MIN_REPEAT_WORDS:
                    continue
                out.add(name.sub("<hero>", norm) if name else norm)
    return out


def shared_sentence_ratio(books: list[set[str]]) -> float:
    """Share of all books' sentences that also appear in another book."""
    counts: defaultdict[str, int] = defaultdict(int)
    for b in books:
        for s in b:
            counts[s] += 1
    total = sum(len(b) for b in books)
    shared = sum(1 for b in books for s in b if counts[s] > 1)
    return shared / total if total else 0.0
