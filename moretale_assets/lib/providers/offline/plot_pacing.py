"""Pacing a plot over the page count, and the time of day and weather on every page."""

from __future__ import annotations

from collections import Counter

from moretale_assets.lib.providers.offline.story_beats import TIMES, TOY_WEATHER, Beat, Plot

ACT_NAMES = ("setup", "rising", "climax", "resolution")
# Share of the book each act takes; rising action gets the rest (about 38%).
ACT_SHARES = {"setup": 0.25, "climax": 0.15, "resolution": 0.22}
# Weather that lasts one page and then gives way: a gust, or the rainbow after the rain.
PASSING_WEATHER: dict[str, str | None] = {"windy": None, "rainbow": "sunny"}
_ORDER = {t: i for i, t in enumerate(TIMES)}


def act_sizes(page_count: int) -> dict[str, int]:
    sizes = {name: max(1, int(page_count * share + 0.5)) for name, share in ACT_SHARES.items()}
    sizes["rising"] = page_count - sum(sizes.values())
    return {name: sizes[name] for name in ACT_NAMES}


def select_beats(plot: Plot, setting: str, page_count: int) -> list[tuple[str, Beat]]:
    """Pick each act's beats: its one-page form, or its most essential beats in story order."""
    chosen: list[tuple[str, Beat]] = []
    sizes = act_sizes(page_count)
    for name, act in zip(ACT_NAMES, plot.acts, strict=True):
        if sizes[name] == 1:
            chosen.append((name, next(b for b in act.compact if b.fits(setting))))
            continue
        fitting = [(i, b) for i, b in enumerate(act.beats) if b.fits(setting)]
        if len(fitting) < sizes[name]:
            raise ValueError(f"plot {plot.key!r} has too few {name} beats for {page_count} pages")
        kept = sorted(fitting, key=lambda ib: (ib[1].prio, ib[0]))[: sizes[name]]
        chosen.extend((name, b) for _, b in sorted(kept, key=lambda ib: ib[0]))
    return chosen


def _clock(track: str, act: str, index_in_act: int, act_size: int) -> str:
    """The plot's own clock, for pages whose text names no time."""
    if track == "night":
        return "evening" if act == "setup" else "night"
    if act == "setup":
        return "morning"
    if act == "rising":
        return "noon" if index_in_act < act_size / 2 else "afternoon"
    return "afternoon"


def page_times(plot: Plot, beats: list[tuple[str, Beat]]) -> list[str]:
    """Time of day per page: the beat's own when its text names one, else the plot's clock,
    never running backwards and never past the next time the text names."""
    sizes = Counter(act for act, _ in beats)
    seen: Counter[str] = Counter()
    times: list[str] = []
    for i, (act, b) in enumerate(beats):
        t = b.time or _clock(plot.track, act, seen[act], sizes[act])
        seen[act] += 1
        if not b.time:
            if times and _ORDER[times[-1]] > _ORDER[t]:
                t = times[-1]
            upcoming = next((later.time for _, later in beats[i + 1 :] if later.time), None)
            if upcoming and _ORDER[upcoming] < _ORDER[t]:
                t = upcoming
        times.append(t)
    return times


def page_weathers(beats: list[tuple[str, Beat]], base: str, toy_weather: str | None) -> list[str]:
    """Weather per page: what the beat's text brings (clouds, rain, a rainbow), else whatever
    the last change left."""
    state = base
    weathers: list[str] = []
    for _, b in beats:
        pinned = toy_weather if b.weather == TOY_WEATHER else b.weather
        if not pinned:
            weathers.append(state)
            continue
        weathers.append(pinned)
        state = (PASSING_WEATHER[pinned] or state) if pinned in PASSING_WEATHER else pinned
    return weathers
