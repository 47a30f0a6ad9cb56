"""The plot templates, from data/plots.yaml. Each paces setup, rising action, climax (a choice the
hero makes) and a warm resolution, with enough beats for 32 pages and a one-page version of
every act for 4. Beats are keyed by id so plots can share them (the opening, the way home)."""

from __future__ import annotations

from typing import Any

from moretale_assets.lib.providers.offline import story_data
from moretale_assets.lib.providers.offline.story_beats import (
    MOODS,
    PLACES,
    SHOTS,
    TIMES,
    TOY_WEATHER,
    WEATHERS,
    Act,
    Beat,
    Plot,
)
from moretale_assets.lib.providers.offline.story_wording import check_alternatives

_ACTS = ("setup", "rising", "climax", "resolution")


def _check(key: str, b: Beat) -> Beat:
    """What the types cannot say: the picture vocabulary a beat may use."""
    problems = [
        f"{field} {value!r}"
        for field, value, allowed in (
            ("place", b.place, PLACES),
            ("time", b.time, (None, *TIMES)),
            ("weather", b.weather, (None, TOY_WEATHER, *WEATHERS)),
            ("shot", b.shot, SHOTS),
            ("mood", b.mood, MOODS),
        )
        if value not in allowed
    ]
    if problems or not b.lines:
        raise ValueError(f"plots.yaml beat {key!r}: unknown {', '.join(problems) or 'lines'}")
    for pair in (*b.lines, *([b.more] if b.more else [])):
        check_alternatives(pair, f"plots.yaml beat {key!r}")
    return b


def load_plots() -> dict[str, Plot]:
    data = story_data.read("plots.yaml")
    beats: dict[str, Beat] = {
        key: _check(key, story_data.validate(Beat, raw, f"plots.yaml beat {key!r}"))
        for key, raw in data["beats"].items()
    }

    def act(plot: str, name: str, raw: dict[str, Any]) -> Act:
        refs = {part: raw[part] for part in ("compact", "beats")}
        missing = [r for ids in refs.values() for r in ids if r not in beats]
        if missing:
            raise ValueError(f"plots.yaml plot {plot!r} {name}: no beat {', '.join(missing)}")
        return Act(
            compact=tuple(beats[r] for r in refs["compact"]),
            beats=tuple(beats[r] for r in refs["beats"]),
        )

    plots = {}
    for key, raw in data["plots"].items():
        fields = {k: v for k, v in raw.items() if k not in _ACTS}
        acts = {name: act(key, name, raw[name]) for name in _ACTS}
        plots[key] = story_data.validate(Plot, {"key": key, **fields, **acts}, f"plot {key!r}")
    return plots


PLOTS: dict[str, Plot] = load_plots()
