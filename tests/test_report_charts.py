"""Chart helpers: Indonesian tick labels that say exactly what the tick is; legends off the data."""

from pipeline.sections import charts


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


def test_bars_start_at_zero_even_when_values_sit_high():
    # Grafik 3.2's axis once started at 93,6: bars of 94 and 96 then look three times apart
    fig = charts.barh(["A", "B"], [93.6, 96.0], xmax=None)
    assert fig.axes[0].get_xlim()[0] == 0
    fig = charts.grouped_bars(["2023", "2024"], {"Target": [93.75, 94.0], "Realisasi": [95.13, 95.5]}, integer=False)
    assert fig.axes[0].get_ylim()[0] == 0


def test_zero_baseline_keeps_negative_bars_visible():
    fig, ax = charts.new_figure()
    ax.bar(["a", "b"], [-3.0, 5.0])
    charts.zero_baseline(ax)
    low, high = ax.get_ylim()
    assert low < -3.0 and high > 5.0


def test_a_zoomed_line_chart_marks_its_broken_axis():
    import pandas as pd

    from pipeline.analysis.context import history_chart

    hist = pd.DataFrame({"tahun": [2022, 2023, 2024], "target": [93.6, 93.7, 93.75],
                         "realisasi_dilaporkan": [94.1, 95.0, 95.13], "realisasi_hitung_ulang": [94.1, 95.0, 95.13]})
    ax = history_chart(hist, "%").axes[0]
    assert ax.get_ylim()[0] > 0
    assert [line for line in ax.lines if line.get_gid() == charts.BROKEN_AXIS_GID]
    # an axis that starts at 0 needs no mark
    fig, ax = charts.new_figure()
    ax.plot([0, 1], [0, 5])
    assert not charts.mark_broken_axis(ax)
