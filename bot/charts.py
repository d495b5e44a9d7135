"""PNG charts for /progress and the weekly digest, drawn with matplotlib's Agg backend (no I/O).

matplotlib is imported inside the functions: it is heavy and only these two paths need
it. Figures are built with the object API (no pyplot), so no global state is shared
between threads drawing at the same time.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

_BAR = "#4C72B0"
_LINE = "#DD8452"


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


def progress_chart(daily: Sequence[tuple[str, int]], quarters: Sequence[tuple[str, int]]) -> bytes:
    """Last 7 days' minutes (bars) above the all-time cumulative hours by quarter (line)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6, 6.4))
    FigureCanvasAgg(figure)
    days, quarter_axes = figure.subplots(2, 1)
    days.bar([label for label, _ in daily], [value for _, value in daily], color=_BAR)
    days.set_title("Minutes, last 7 days")
    quarter_axes.plot([label for label, _ in quarters], [value for _, value in quarters],
                      marker="o", color=_LINE)
    quarter_axes.set_title("Hours, all time")
    quarter_axes.set_ylim(bottom=0)
    if len(quarters) > 6:
        for label in quarter_axes.get_xticklabels():
            label.set_rotation(45)
    figure.tight_layout()
    return _png(figure)


def weekly_chart(weeks: Sequence[tuple[str, int]]) -> bytes:
    """Minutes per week, oldest first, the last bar being the week the digest reports."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6, 3.6))
    FigureCanvasAgg(figure)
    axes = figure.subplots()
    colors = [_BAR] * (len(weeks) - 1) + [_LINE] if weeks else []
    values = [value for _, value in weeks]
    bars = axes.bar([label for label, _ in weeks], values, color=colors)
    # A phone shows this small: every bar says its minutes, and the axis never goes below 0.
    axes.bar_label(bars, labels=[str(v) if v else "" for v in values], fontsize=11)
    axes.set_ylim(bottom=0, top=max([*values, 1]) * 1.2)
    axes.set_ylabel("minutes", fontsize=11)
    axes.set_title("Minutes per week (week starting)", fontsize=13)
    axes.tick_params(labelsize=10)
    for label in axes.get_xticklabels():
        label.set_rotation(30)
    figure.tight_layout()
    return _png(figure)
