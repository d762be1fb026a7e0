"""Small shared chart helpers: one look for every chart, Indonesian numbers on the axes.

Figures are built with :class:`matplotlib.figure.Figure` on an Agg canvas rather than through
``pyplot``: no global figure registry, no dependence on the notebook's backend, and the same
inputs give the same SVG bytes (``Section.figure`` saves with a fixed id salt and no date).
Series are named by direct labels or a legend above the plot, never a legend over the data.
"""

from __future__ import annotations

import textwrap

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import Formatter, MaxNLocator

from pipeline.inputs import idnum

WIDTH = 7.0        # inches; A4 text width is about 6.3 in, the renderer scales down
ROW_HEIGHT = 0.42  # inches per bar in horizontal bar charts
PALETTE = ("#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0")
REFERENCE_COLOR = "#a50021"
FONT_SIZE = 9


def new_figure(width: float = WIDTH, height: float = 3.6) -> tuple[Figure, object]:
    """A figure with one axes, styled: light grid, no top/right spines."""
    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=FONT_SIZE)
    ax.set_axisbelow(True)
    return fig, ax


def tick_decimals(values, most: int = 4) -> int:
    """The fewest decimals that print every tick exactly: 0,25 steps need 2, 0,5 steps 1."""
    finite = [float(v) for v in values if not idnum.is_absent(v)]
    for decimals in range(most + 1):
        if all(abs(round(v, decimals) - v) <= 1e-9 * max(1.0, abs(v)) for v in finite):
            return decimals
    return most


class IndonesianTicks(Formatter):
    """Axis labels in Indonesian notation (1.234; 94,25%) with as many decimals as the ticks need.

    A fixed number of decimals mislabels ticks: 94,25 and 94,75 printed with one decimal read
    "94,3" and "94,8". ``format_ticks`` sees all ticks at once and picks the decimals they share.
    """

    def __init__(self, suffix: str = ""):
        self.suffix = suffix
        self.decimals: int | None = None

    def format_ticks(self, values):
        self.decimals = tick_decimals(values)
        return [self(value) for value in values]

    def __call__(self, value, pos=None):
        decimals = self.decimals if self.decimals is not None else tick_decimals([value])
        return idnum.fmt_number(value, decimals) + self.suffix


def legend_above(ax, ncol: int | None = None) -> None:
    """Series names in one row above the plot area, never over the data."""
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        ax.legend(handles, labels, fontsize=FONT_SIZE - 1, frameon=False, loc="lower left",
                  bbox_to_anchor=(0.0, 1.0), ncol=ncol or len(handles), borderaxespad=0.2,
                  handlelength=1.2, columnspacing=1.2)


def label_line_ends(ax, lines, texts, suffix: str = "") -> None:
    """Direct labels: each series named at its last point, right of the plot, instead of a legend."""
    import math

    placed = []
    for line, text in zip(lines, texts):
        ys = line.get_ydata()
        points = [(i, float(y)) for i, y in enumerate(ys) if y is not None and not math.isnan(float(y))]
        if not points:
            continue
        _, y = points[-1]
        placed.append([y, text, line.get_color()])
    # nudge labels that would overlap (9% of the y range apart)
    low, high = ax.get_ylim()
    gap = (high - low) * 0.09
    placed.sort(key=lambda p: p[0])
    for k in range(1, len(placed)):
        placed[k][0] = max(placed[k][0], placed[k - 1][0] + gap)
    for y, text, color in placed:
        ax.annotate(text, xy=(1.0, y), xycoords=("axes fraction", "data"), xytext=(4, 0),
                    textcoords="offset points", va="center", ha="left", fontsize=FONT_SIZE - 1,
                    color=color, annotation_clip=False)


def zero_baseline(ax, axis: str = "y") -> None:
    """Bars compare magnitudes by their length, so their value axis starts at 0 (or below it,
    for negative bars): an axis starting at 93,6 would make 95 look twice 94."""
    get, put = (ax.get_ylim, ax.set_ylim) if axis == "y" else (ax.get_xlim, ax.set_xlim)
    low, high = get()
    put(min(low, 0.0), max(high, 0.0))


BROKEN_AXIS_GID = "sumbu_terpotong"


def mark_broken_axis(ax) -> bool:
    """Lines may zoom in on a narrow range, but then say so: when the y axis does not start at 0,
    draw the broken-axis mark (two short slanted strokes) across its foot. Returns whether it did.

    The limits are fixed first so the mark, drawn in axes coordinates, cannot move them."""
    low, high = ax.get_ylim()
    if low <= 0 <= high or high < 0:
        return False
    ax.set_ylim(low, high)
    d = 0.012
    for y in (0.025, 0.055):
        ax.plot((-d, d), (y - d, y + d), transform=ax.transAxes, color="#000000", linewidth=0.8,
                clip_on=False, gid=BROKEN_AXIS_GID)
    return True


def wrap(text: str, width: int = 38) -> str:
    """Long program names on several lines so labels stay readable."""
    lines = textwrap.wrap(str(text), width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines) or str(text)


def barh(labels: list[str], values: list[float], *, xlabel: str = "", percent: bool = True,
         decimals: int = 2, reference: float | None = None, reference_label: str = "",
         xmax: float | None = None) -> Figure:
    """Horizontal bars, first label at the top, each bar annotated with its value.

    ``reference`` draws a vertical line (e.g. a 90% absorption threshold).
    """
    labels = [wrap(label) for label in labels]
    n = max(len(labels), 1)
    extra_lines = sum(label.count("\n") for label in labels)
    fig, ax = new_figure(height=max(1.6, 0.6 + ROW_HEIGHT * n + 0.15 * extra_lines))
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, values, color=PALETTE[0], height=0.6)
    ax.set_yticks(positions, labels)
    ax.xaxis.grid(True, color="#d9d9d9", linewidth=0.6)
    suffix = "%" if percent else ""
    ax.xaxis.set_major_formatter(IndonesianTicks(suffix))
    top = xmax if xmax is not None else max([*values, reference or 0, 0]) * 1.15 or 1
    ax.set_xlim(0, top)
    zero_baseline(ax, "x")
    for y, value in zip(positions, values):
        ax.text(value + top * 0.01, y, idnum.fmt_number(value, decimals) + suffix,
                va="center", fontsize=FONT_SIZE - 1,
                bbox=dict(facecolor="white", edgecolor="none", pad=0.5, alpha=0.8))
    if reference is not None:
        ax.axvline(reference, color=REFERENCE_COLOR, linewidth=1, linestyle="--",
                   label=reference_label or None)
        if reference_label:
            # above the axes, so it never covers a bar's value label
            legend_above(ax)
    if xlabel:
        ax.set_xlabel(xlabel, fontsize=FONT_SIZE)
    fig.tight_layout()
    return fig


def grouped_bars(categories: list[str], series: dict[str, list[float]], *, ylabel: str = "",
                 integer: bool = True) -> Figure:
    """Vertical bars grouped per category, one colour per series (e.g. Laki-laki / Perempuan)."""
    fig, ax = new_figure(height=3.4)
    k = max(len(series), 1)
    width = 0.8 / k
    x = list(range(len(categories)))
    for i, (name, values) in enumerate(series.items()):
        offsets = [pos - 0.4 + width * (i + 0.5) for pos in x]
        bars = ax.bar(offsets, values, width=width, label=name, color=PALETTE[i % len(PALETTE)])
        for bar, value in zip(bars, values):
            if value:
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height(),
                        idnum.fmt_number(value, 0 if integer else 2),
                        ha="center", va="bottom", fontsize=FONT_SIZE - 1)
    # narrower wrapping the more categories share the width, so tick labels do not collide
    ax.set_xticks(x, [wrap(c, max(8, 72 // max(len(categories), 1))) for c in categories],
                  fontsize=FONT_SIZE - 1)
    ax.yaxis.grid(True, color="#d9d9d9", linewidth=0.6)
    if integer:
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(IndonesianTicks())
    ax.set_ylim(0, (max((v for vals in series.values() for v in vals), default=0) or 1) * 1.2)
    zero_baseline(ax)
    if ylabel:
        ax.set_ylabel(ylabel, fontsize=FONT_SIZE)
    legend_above(ax)
    fig.tight_layout()
    return fig
