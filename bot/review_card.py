"""The year-in-review card: a 1200×630 PNG drawn with matplotlib's Agg backend (no I/O).

The same renderer as the bot's charts (``bot/charts.py``): no browser, no font files of
ours, and one drawing for the bot's ``/review`` and the page's share link. matplotlib
comes with the ``bot`` extra, so the API gets this renderer from its composition root
(``immersion-tracker serve``); an API without it (the API Lambda's package) answers that
it draws no cards.
"""

from __future__ import annotations

import io
import warnings
from functools import cache
from typing import Any

WIDTH, HEIGHT, DPI = 1200, 630, 100
_BG, _FG, _MUTED, _ACCENT = "#0f1a2e", "#f4f6fb", "#a9b4c8", "#8ab4f8"
_MONTHS = "JFMAMJJASOND"
_CJK = ("Noto Sans CJK JP", "Noto Sans JP", "IPAexGothic", "IPAGothic", "TakaoPGothic")
"""Titles are often Japanese: matplotlib falls back glyph by glyph to whichever of these
the host has (fonts-noto-cjk on Debian); without one such titles show boxes."""


@cache
def _fonts() -> list[str]:
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    return ["DejaVu Sans", *(name for name in _CJK if name in installed)]


def hours_text(minutes: int) -> str:
    """Minutes as a card states them: hours past two hours, else minutes."""
    if minutes >= 120:
        return f"{minutes / 60:,.0f} h" if minutes >= 6000 else f"{minutes / 60:,.1f} h"
    return f"{minutes} min"


def render(review: dict[str, Any], user: str) -> bytes:
    """The card of one ``GET /review`` body, as PNG bytes."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with warnings.catch_warnings():
        # A glyph no installed font has is drawn as a box; the card is still worth sending.
        warnings.filterwarnings("ignore", message=r"(Glyph|findfont)", category=UserWarning)
        return _drawn(review, user, FigureCanvasAgg, Figure)


def _drawn(review: dict[str, Any], user: str, canvas: Any, figure_class: Any) -> bytes:
    # Fonts are set per text, never in rcParams: those are shared by every thread.
    figure = figure_class(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor=_BG)
    canvas(figure)

    def text(x: float, y: float, words: str, **style: Any) -> None:
        figure.text(x, y, words, fontfamily=_fonts(), **style)

    text(0.05, 0.87, f"{review['year']} in immersion", color=_FG, fontsize=34, weight="bold")
    text(0.05, 0.81, f"{user} · Immersion Tracker", color=_MUTED, fontsize=15)
    busiest = review.get("busiest_day")
    figures = [
        (hours_text(review["total_minutes"]), "in all"),
        (f"{review['days_active']}", "days active"),
        (f"{review['longest_streak']}", "days, longest streak"),
        (hours_text(busiest["minutes"]) if busiest else "—",
         f"busiest day, {busiest['date']}" if busiest else "busiest day"),
    ]
    for index, (value, label) in enumerate(figures):
        y = 0.66 - index * 0.15
        text(0.05, y, value, color=_ACCENT, fontsize=30, weight="bold")
        text(0.05, y - 0.05, label, color=_MUTED, fontsize=14)
    text(0.52, 0.66, "Top titles", color=_FG, fontsize=18, weight="bold")
    for index, title in enumerate(review.get("top_titles", [])[:4]):
        name = title["title"] if len(title["title"]) <= 34 else title["title"][:33] + "…"
        text(0.52, 0.59 - index * 0.06, f"{index + 1}. {name}  ·  {hours_text(title['minutes'])}",
             color=_FG, fontsize=14)
    axes = figure.add_axes((0.52, 0.08, 0.43, 0.24), facecolor=_BG)
    hours = [month["minutes"] / 60 for month in review["by_month"]]
    axes.bar(range(12), hours, color=_ACCENT, width=0.7)
    axes.set_xticks(range(12), list(_MONTHS), color=_MUTED, fontsize=12, fontfamily=_fonts())
    axes.tick_params(axis="y", colors=_MUTED, labelsize=11)
    axes.set_ylabel("hours a month", color=_MUTED, fontsize=12, fontfamily=_fonts())
    axes.set_ylim(bottom=0, top=max([*hours, 1.0]) * 1.15)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color(_MUTED)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, facecolor=_BG)
    return buffer.getvalue()
