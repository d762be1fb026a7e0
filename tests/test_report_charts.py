"""Chart helpers: Indonesian tick labels that say exactly what the tick is; legends off the data."""

from pipeline.report import charts


def test_ticks_get_the_decimals_their_step_needs():
    # the bug this prevents: 0,25 steps printed with one decimal read "94,3", "94,8"
    assert charts.IndonesianTicks().format_ticks([94.0, 94.25, 94.5, 94.75]) == [
        "94,00", "94,25", "94,50", "94,75"]
    assert charts.IndonesianTicks("%").format_ticks([0.0, 0.5, 1.0]) == ["0,0%", "0,5%", "1,0%"]
    assert charts.IndonesianTicks().format_ticks([0, 10000, 20000]) == ["0", "10.000", "20.000"]
    assert charts.IndonesianTicks().format_ticks([-8.0, -6.0, 0.0]) == ["-8", "-6", "0"]


def test_bar_chart_ticks_and_legend_stay_off_the_bars():
    fig = charts.grouped_bars(["S1", "S2"], {"Laki-laki": [5, 2], "Perempuan": [6, 1]}, ylabel="orang")
    fig.canvas.draw()
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert labels and all("," not in t for t in labels)  # integer ticks for head counts
    legend = ax.get_legend()
    renderer = fig.canvas.get_renderer()
    # the legend sits above the plot area, so it cannot cover a bar
    assert legend.get_window_extent(renderer).y0 >= ax.get_window_extent(renderer).y1 - 1
