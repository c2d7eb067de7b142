"""The plots render headless and draw the result's own numbers (content, not pixels)."""

from __future__ import annotations

import datetime as dt
import pathlib
import re
import subprocess
import sys

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.container import ErrorbarContainer  # noqa: E402

from ecomops import funnel, inventory, logistics, plot, pricing, segmentation, seo  # noqa: E402
from ecomops.datasets import sample_shop  # noqa: E402
from ecomops.exceptions import CurrencyMismatchError, InvalidInputError  # noqa: E402

STEPS = ["visit", "product_view", "add_to_cart", "checkout", "payment"]
AS_OF = "2026-10-31"
# Fader, Hardie and Lee (2005), Table 1: BG/NBD estimates on the CDNOW sample (weeks).
CDNOW = segmentation.BGNBDFit(0.2426, 4.4135, 0.7929, 2.4258)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def shop():
    return sample_shop(seed=0)


@pytest.fixture(scope="module")
def funnels(shop):
    ev = shop.events
    spec = funnel.FunnelSpec(STEPS, window=dt.timedelta(days=1), unit_name="session")
    half = ev.timestamp < np.datetime64("2026-05-01")
    a = funnel.compute_funnel(ev.session_id[half], ev.timestamp[half], ev.event[half], spec)
    b = funnel.compute_funnel(ev.session_id[~half], ev.timestamp[~half], ev.event[~half], spec)
    whole = funnel.compute_funnel(ev.session_id, ev.timestamp, ev.event, spec)
    return whole, funnel.compare_funnels(a, b)


@pytest.fixture(scope="module")
def customers(shop):
    lines = shop.order_lines
    summary = segmentation.customer_summary(
        lines.customer_id, lines.timestamp, lines.amount, as_of=AS_OF
    )
    scores = segmentation.rfm_scores(summary)
    segments = segmentation.segment_customers(scores, segmentation.SegmentMap.preset("rf_10"))
    return summary, scores, segments


def test_every_public_plot_is_tested_here() -> None:
    source = pathlib.Path(__file__).read_text(encoding="utf-8")
    untested = [name for name in plot.__all__ if f"plot.{name}(" not in source]
    assert not untested


DOCS = pathlib.Path(__file__).resolve().parents[1] / "docs"


@pytest.mark.parametrize("name", plot.__all__)
def test_every_plot_has_its_picture_in_the_docs(name: str) -> None:
    guide = (DOCS / "guide" / "plots.md").read_text(encoding="utf-8")
    assert f"plot.{name}(" in guide, f"docs/guide/plots.md does not call plot.{name}"
    assert f"# figure: {name}.png" in guide, f"docs/guide/plots.md does not draw {name}.png"
    assert f"](../figures/{name}.png)" in guide, f"docs/guide/plots.md does not show {name}.png"
    picture = DOCS / "figures" / f"{name}.png"
    assert picture.is_file(), f"{picture} is missing: run docs/gallery/make_figures.py"
    assert picture.stat().st_size < 120 * 1024


def test_every_drawn_figure_is_shown_and_small() -> None:
    pages = [DOCS / "guide" / "plots.md", *sorted((DOCS / "gallery").glob("*.md"))]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for name in re.findall(r"^# figure: (\S+\.png)$", text, flags=re.M):
            assert f"](../figures/{name})" in text, (page.name, name)
            assert (DOCS / "figures" / name).stat().st_size < 120 * 1024, name


def test_funnel_chart_draws_the_conversion_from_the_first_step(funnels) -> None:
    res, _ = funnels
    ax = plot.funnel_chart(res)
    heights = [p.get_height() for p in ax.patches]
    np.testing.assert_allclose(heights, res.conversion_from_first)
    assert [t.get_text() for t in ax.get_xticklabels()] == STEPS
    assert "6,000 sessions" in ax.get_title()
    # the error bars are the result's own intervals
    table = res.steps_table()
    errors = next(c for c in ax.containers if isinstance(c, ErrorbarContainer))
    low = np.asarray(errors.lines[1][0].get_ydata(), dtype=float)
    high = np.asarray(errors.lines[1][1].get_ydata(), dtype=float)
    np.testing.assert_allclose(low[1:], table.conversion_from_first_low[1:])
    np.testing.assert_allclose(high[1:], table.conversion_from_first_high[1:])
    assert ax.texts[0].get_text() == f"{res.step_counts[0]:,}"


def test_funnel_chart_from_counts() -> None:
    counts = funnel.funnel_from_counts(STEPS, [10_000, 6_000, 1_200, 600, 300])
    ax = plot.funnel_chart(counts)
    np.testing.assert_allclose([p.get_height() for p in ax.patches], [1, 0.6, 0.12, 0.06, 0.03])
    ci = funnel.proportion_interval([10_000, 6_000, 1_200, 600, 300], 10_000)
    errors = next(c for c in ax.containers if isinstance(c, ErrorbarContainer))
    np.testing.assert_allclose(np.asarray(errors.lines[1][1].get_ydata(), float)[1:], ci.high[1:])
    assert ax.texts[2].get_text() == "1,200\n20.0% of previous"


def test_funnel_comparison_chart_draws_both_rates(funnels) -> None:
    _, cmp = funnels
    ax = plot.funnel_comparison_chart(cmp, labels=("H1", "H2"))
    heights = np.array([p.get_height() for p in ax.patches])
    n = len(cmp)
    np.testing.assert_allclose(heights[:n], cmp.rate_a)
    np.testing.assert_allclose(heights[n:], cmp.rate_b)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["H1", "H2"]
    assert len(ax.texts) == n
    assert ax.texts[0].get_text().startswith(f"{100 * cmp.difference[0]:+.1f} pt")


def test_cohort_heatmap_holds_the_retention_matrix(shop) -> None:
    lines = shop.order_lines
    res = segmentation.cohort_matrix(
        lines.customer_id, lines.timestamp, as_of=AS_OF, period="M", partial="mask"
    )
    ax = plot.cohort_heatmap(res)
    data = ax.images[0].get_array()
    assert data.shape == res.retention.shape
    np.testing.assert_array_equal(data.mask, np.isnan(res.retention))
    np.testing.assert_allclose(data.filled(np.nan), res.retention)
    assert ax.get_yticklabels()[0].get_text().startswith("2025-11 (n=")
    assert len(ax.figure.axes) == 2  # the heat map and its colour bar


def test_rfm_segment_map_counts_every_customer(customers) -> None:
    _, scores, segments = customers
    ax = plot.rfm_segment_map(scores, segments)
    counts = [int(t.get_text().replace(",", "")) for t in ax.texts[:25]]
    assert sum(counts) == len(scores)
    # row f, column r: customers with frequency score f + 1 and recency score r + 1
    expected = np.sum((scores.frequency_score == 2) & (scores.recency_score == 4))
    assert counts[1 * 5 + 3] == expected
    names = {t.get_text() for t in ax.texts[25:]}
    assert names <= set(segments.labels)
    assert "Champions" in names


def test_rfm_segment_map_refuses_segments_of_other_customers(customers) -> None:
    _summary, _scores, segments = customers
    other = segmentation.rfm_scores_from_values([1, 2], [1, 2], [1, 2])
    with pytest.raises(InvalidInputError, match="same customers"):
        plot.rfm_segment_map(other, segments)


def test_segment_share_chart(customers) -> None:
    summary, _, segments = customers
    table = segmentation.segment_summary(segments, summary)
    ax = plot.segment_share_chart(table)
    n = int(np.sum(table.n_customers > 0))
    widths = np.array([p.get_width() for p in ax.patches])
    assert widths.size == 2 * n
    assert widths[:n].sum() == pytest.approx(1.0)
    assert widths[n:].sum() == pytest.approx(1.0)
    # sorted by revenue share, the largest on top (last)
    assert (
        ax.get_yticklabels()[-1]
        .get_text()
        .startswith(str(table.segment[np.argmax(table.revenue_share)]))
    )
    assert ax.xaxis.get_major_formatter()(0.25, 0).endswith("%")


def test_frequency_recency_heatmap_is_the_fit_expectation() -> None:
    ax = plot.frequency_recency_heatmap(CDNOW, T=38.86, horizon=39.0, max_frequency=12)
    data = np.asarray(ax.images[0].get_array())
    assert data.shape == (13, 60)
    t_x = np.linspace(0.0, 38.86, 60)
    np.testing.assert_allclose(data[5], CDNOW.expected_purchases(39.0, 5, t_x, 38.86))
    assert "expected purchases" in ax.get_title()


def test_probability_alive_heatmap_is_the_fit_probability() -> None:
    ax = plot.probability_alive_heatmap(CDNOW, T=38.86, max_frequency=10, n_recency=30)
    data = np.asarray(ax.images[0].get_array())
    assert data.shape == (11, 30)
    t_x = np.linspace(0.0, 38.86, 30)
    np.testing.assert_allclose(data[3], CDNOW.probability_alive(3, t_x, 38.86))
    assert np.all(data[0] == 1.0)  # BG/NBD: no repeat purchase, no chance to drop out


def test_probability_alive_needs_a_model_with_dropout() -> None:
    nbd = segmentation.NBDFit(0.385, 12.072)
    with pytest.raises(TypeError, match="BGNBDFit or ParetoNBDFit"):
        plot.probability_alive_heatmap(nbd, T=10.0)


def test_calibration_holdout_chart_groups_by_frequency() -> None:
    x = np.array([0, 0, 1, 3, 9, 12])
    t_x = np.array([0.0, 0.0, 5.0, 20.0, 30.0, 35.0])
    T = np.full(6, 38.0)
    holdout = np.array([0, 1, 1, 2, 6, 8])
    ax = plot.calibration_holdout_chart(CDNOW, x, t_x, T, holdout, horizon=39.0, max_frequency=7)
    actual, model = ax.get_lines()
    assert actual.get_xdata().tolist() == [0, 1, 3, 7]
    np.testing.assert_allclose(actual.get_ydata(), [0.5, 1.0, 2.0, 7.0])
    expected = CDNOW.expected_purchases(39.0, x, t_x, T)
    np.testing.assert_allclose(model.get_ydata()[-1], expected[4:].mean())
    assert ax.get_xticklabels()[-1].get_text() == "7+"
    with pytest.raises(InvalidInputError, match="same length"):
        plot.calibration_holdout_chart(CDNOW, x, t_x, T, holdout[:3], horizon=39.0)


def test_abc_curve_is_the_cumulative_share(shop) -> None:
    revenue = shop.demand.units.sum(axis=1) * shop.products.list_price
    abc = inventory.abc_classification(revenue)
    ax = plot.abc_curve(abc)
    line = ax.get_lines()[0]
    assert line.get_xdata().size == len(abc) + 1
    np.testing.assert_allclose(line.get_ydata()[1:], np.sort(abc.cumulative_share))
    assert [t.get_text()[0] for t in ax.get_legend().get_texts()] == ["A", "B", "C"]
    assert ax.yaxis.get_major_formatter()(0.8, 0) == "80%"


def test_xyz_scatter_one_point_per_item(shop) -> None:
    xyz = inventory.xyz_classification(shop.demand.units)
    ax = plot.xyz_scatter(xyz)
    shown = int(sum(c.get_offsets().shape[0] for c in ax.collections))
    assert shown == int(np.sum(np.isfinite(xyz.cv) & (xyz.demand_mean > 0)))
    assert ax.get_xscale() == "log"
    assert [line.get_ydata()[0] for line in ax.get_lines()] == list(xyz.cv_thresholds)


def test_service_level_curve() -> None:
    levels = np.linspace(0.5, 0.995, 40)
    res = inventory.safety_stock(40, 12, 7, cycle_service_level=levels, order_quantity=400)
    ax = plot.service_level_curve(res)
    lines = ax.get_lines()
    np.testing.assert_allclose(lines[0].get_xdata(), res.safety_stock)
    np.testing.assert_allclose(lines[0].get_ydata(), levels)
    assert len(lines) == (2 if res.fill_rate is not None else 1)
    with pytest.raises(InvalidInputError, match="result must hold 2 or more levels"):
        plot.service_level_curve(inventory.safety_stock(40, 12, 7, cycle_service_level=0.9))


def test_inventory_position_chart_marks_the_reorders() -> None:
    dates = np.arange("2026-01-01", "2026-01-06", dtype="datetime64[D]")
    ax = plot.inventory_position_chart(
        [120, 90, 60, 150, 110],
        70,
        dates=dates,
        on_hand=[120, 90, 60, 50, 110],
        order_up_to_level=160,
    )
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels == ["inventory position", "reorder point", "on hand", "order-up-to level"]
    assert ax.collections[0].get_offsets().shape[0] == 1  # one period at or below s
    assert "1 periods" in ax.get_title()
    with pytest.raises(InvalidInputError, match="reorder_point must be one value or 5"):
        plot.inventory_position_chart([1, 2, 3, 4, 5], [1, 2])


def test_van_westendorp_chart_marks_the_four_points() -> None:
    rng = np.random.default_rng(1)
    base = rng.uniform(20, 60, 300)
    res = pricing.van_westendorp(base * 0.5, base * 0.8, base * 1.2, base * 1.6)
    ax = plot.van_westendorp_chart(res, currency="CNY")
    lines = ax.get_lines()
    assert len(lines) == 10
    np.testing.assert_allclose(lines[0].get_ydata(), res.curves.share_too_cheap)
    marked = [line.get_xdata()[0] for line in lines[6:]]
    assert marked == [
        res.point_of_marginal_cheapness,
        res.optimal_price_point,
        res.indifference_price_point,
        res.point_of_marginal_expensiveness,
    ]
    assert ax.get_xlabel() == "price [CNY]"
    assert ax.xaxis.get_major_formatter()(1234.5, 0) == "1,234.50"


def test_demand_curve_chart_marks_the_optimal_price() -> None:
    model = pricing.ConstantElasticityDemand(scale=3_777_178, constant_elasticity=-2.154)
    ax = plot.demand_curve_chart(model, 50.0, currency="JPY")
    optimum = model.optimal_price(50.0)
    assert ax.get_lines()[1].get_xdata()[0] == pytest.approx(optimum)
    profit_ax = ax.figure.axes[-1]
    grid = ax.get_lines()[0].get_xdata()
    np.testing.assert_allclose(profit_ax.get_lines()[0].get_ydata(), model.profit(grid, 50.0))
    assert profit_ax.get_ylabel() == "profit [JPY]"
    assert ax.xaxis.get_major_formatter()(1234.5, 0) == "1,234"  # yen: no decimals
    many = pricing.LinearDemand([100.0, 80.0], [-2.0, -1.0])
    with pytest.raises(InvalidInputError, match="one SKU"):
        plot.demand_curve_chart(many, 10.0)


def test_rate_savings_chart_sums_the_exact_savings(shop) -> None:
    p = shop.parcels

    def batch(rows):
        return logistics.ParcelBatch(
            p.weight_kg[rows],
            p.length_cm[rows],
            p.width_cm[rows],
            p.height_cm[rows],
            p.origin[rows],
            p.destination_province[rows],
        )

    parcels = batch(slice(None))
    services = logistics.example_services("CN")
    plan = logistics.shop_rates(parcels, services)
    baseline = logistics.shop_rates(parcels, [s for s in services if s.carrier == "SF"])
    ax = plot.rate_savings_chart(plan, baseline)
    both = (plan.service_index >= 0) & (baseline.service_index >= 0)
    total = (baseline.cost[both].sum() - plan.cost[both].sum()).amount
    assert sum(b.get_height() for b in ax.patches) == pytest.approx(float(total))
    assert f"{float(total):,.2f} CNY" in ax.get_title()
    carriers = {s.split("/")[0] for s in plan.service[both].tolist()}
    assert {t.get_text() for t in ax.get_xticklabels()} == carriers
    assert ax.get_ylabel() == "saving over the baseline [CNY]"
    with pytest.raises(InvalidInputError, match="same parcels"):
        plot.rate_savings_chart(plan, logistics.shop_rates(batch(slice(3)), services))
    us = logistics.shop_rates(
        logistics.ParcelBatch.from_imperial([1.0], [5], [5], [5], "100", "945"),
        [logistics.example_services("US")[0]],
    )
    one = logistics.shop_rates(batch(slice(1)), services)
    with pytest.raises(CurrencyMismatchError):
        plot.rate_savings_chart(one, us)


def test_keyword_opportunity_chart_shows_the_top(shop) -> None:
    kw = shop.keywords
    gain = seo.keyword_opportunity(kw.monthly_volume, kw.position, kw.difficulty)
    ax = plot.keyword_opportunity_chart(kw.keyword, gain, top=10)
    widths = [p.get_width() for p in ax.patches]
    np.testing.assert_allclose(widths[::-1], np.sort(gain[np.isfinite(gain)])[::-1][:10])
    assert ax.get_yticklabels()[-1].get_text() == kw.keyword[np.nanargmax(gain)]
    with pytest.raises(InvalidInputError, match="top must be in"):
        plot.keyword_opportunity_chart(kw.keyword, gain, top=0)


def test_keyword_score_chart_stacks_to_the_score(shop) -> None:
    kw = shop.keywords
    res = seo.keyword_scores(
        kw.monthly_volume, kw.difficulty, kw.cpc, position=kw.position, keywords=kw.keyword
    )
    ax = plot.keyword_score_chart(res, top=8)
    total = np.zeros(8)
    for container in ax.containers:
        total += [p.get_width() for p in container]
    np.testing.assert_allclose(total[::-1], res.score[res.order()[:8]])
    assert [c.get_label() for c in ax.containers] == ["volume", "ease", "intent", "position"]


WRONG_KIND = [
    (plot.funnel_chart, "result must be a FunnelResult or CountFunnel"),
    (plot.funnel_comparison_chart, "comparison must be a FunnelComparison"),
    (plot.cohort_heatmap, "cohorts must be a CohortMatrix"),
    (plot.segment_share_chart, "summary must be a SegmentSummary"),
    (plot.abc_curve, "abc must be a ABCClassification"),
    (plot.xyz_scatter, "xyz must be a XYZClassification"),
    (plot.service_level_curve, "result must be a SafetyStock"),
    (plot.van_westendorp_chart, "result must be a VanWestendorpResult"),
    (plot.keyword_score_chart, "scores must be a KeywordScores"),
]


@pytest.mark.parametrize(("func", "message"), WRONG_KIND, ids=[f.__name__ for f, _ in WRONG_KIND])
def test_a_result_of_the_wrong_kind_is_refused(func, message) -> None:
    with pytest.raises(TypeError, match=message):
        func(inventory.abc_classification([3, 2, 1]) if "abc" not in message else [3, 2, 1])


def test_other_wrong_kinds_are_refused() -> None:
    with pytest.raises(TypeError, match="fit must be a"):
        plot.frequency_recency_heatmap("fit", T=1.0)
    with pytest.raises(TypeError, match="model must be a DemandModel"):
        plot.demand_curve_chart(3.0, 1.0)
    with pytest.raises(TypeError, match="plan must be a RatePlan"):
        plot.rate_savings_chart([1.0], [1.0])
    with pytest.raises(TypeError, match="scores must be a RFMScores"):
        plot.rfm_segment_map(None, None)


def test_ax_is_respected_and_returned() -> None:
    fig, (left, right) = plt.subplots(1, 2)
    out = plot.abc_curve(inventory.abc_classification([5, 3, 1]), ax=right)
    assert out is right
    assert not left.has_data()
    assert right.has_data()
    assert len(plt.get_fignums()) == 1
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        plot.abc_curve(inventory.abc_classification([5, 3, 1]), ax=fig)


def test_every_plot_returns_an_axes(funnels) -> None:
    res, _ = funnels
    assert isinstance(plot.funnel_chart(res), matplotlib.axes.Axes)


def test_import_ecomops_loads_no_plotting_library() -> None:
    code = "import sys, ecomops; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_without_matplotlib_the_error_names_the_extra() -> None:
    code = (
        "import sys; sys.modules['matplotlib'] = None\n"
        "try:\n    import ecomops.plot\nexcept ImportError as e:\n    print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert 'pip install "ecomops[plot]"' in out.stdout


def test_the_library_never_chooses_the_backend() -> None:
    src = pathlib.Path(plot.__file__).parent / "_plot"
    text = "".join(p.read_text(encoding="utf-8") for p in src.glob("*.py"))
    assert "matplotlib.use(" not in text
    assert ".use(" not in text


def test_grid_bounds_are_enforced() -> None:
    with pytest.raises(InvalidInputError, match="T must be a finite number > 0"):
        plot.frequency_recency_heatmap(CDNOW, T=0.0)
    with pytest.raises(InvalidInputError, match=r"max_frequency must be in \[1, 400\]"):
        plot.probability_alive_heatmap(CDNOW, T=10.0, max_frequency=401)
    with pytest.raises(InvalidInputError, match=r"n_recency must be in \[2, 400\]"):
        plot.frequency_recency_heatmap(CDNOW, T=10.0, n_recency=1)
    with pytest.raises(InvalidInputError, match="horizon must be a finite number > 0"):
        plot.frequency_recency_heatmap(CDNOW, T=10.0, horizon=-1.0)


def test_a_cohort_matrix_too_large_to_draw_is_refused(shop) -> None:
    lines = shop.order_lines
    daily = segmentation.cohort_matrix(lines.customer_id, lines.timestamp, as_of=AS_OF, period="D")
    with pytest.raises(InvalidInputError, match="at most 200 cohorts"):
        plot.cohort_heatmap(daily)


def test_inputs_are_not_modified() -> None:
    position = np.array([120.0, 90.0, 60.0])
    before = position.copy()
    plot.inventory_position_chart(position, 70)
    np.testing.assert_array_equal(position, before)
    assert position.flags.writeable


def test_star_import_never_needs_matplotlib() -> None:
    code = (
        "import sys; sys.modules['matplotlib'] = None\n"
        "from ecomops import *\n"
        "import ecomops\n"
        "print('plot' in dir(ecomops))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
